//! The registry rows: Syntax (T00) and names, references and values (T01).
//!
//! A link of the chain `codes.rs` builds the registry with: the macro adds
//! these rows to those it is given and hands them all to the next macro
//! named (the last is `codes!`).

macro_rules! registry_syntax_and_names {
    ($next:ident $(, $rest:ident)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
    // ------------------------------------------------------------ syntax ---
    UnexpectedToken = "T0001" "unexpected-token" Error []
    summary "the text does not fit the grammar here"
    what "Reports text the language's grammar (docs/language.md) does not allow at this position, saying what was expected instead. More specific syntax codes cover the common mistakes."
    why "topoc cannot tell what an engineer meant by text it cannot parse; nothing in the file is checked until it parses."
    example "route To-Pbx {\n  pattern ^\\+1\\d{10}$    # the pattern is not quoted\n}"
    fix "Write the statement in the form the message names; patterns and dial strings go in single quotes, names with spaces in double quotes.";

    UnclosedBlock = "T0002" "unclosed-block" Error []
    summary "a `{` is never closed"
    what "Finds a `{` without its matching `}` before the end of the file."
    why "Everything after the opening brace would belong to the block, so no later declaration can be read."
    example "site Redmond {\n  gateway gw1.contoso.com {\n    kind pstn-gateway\n}"
    fix "Add the missing `}`; the help points at the first line that looks like it starts a new declaration.";

    UnmatchedClose = "T0003" "unmatched-close" Error []
    summary "a `}` or `]` closes nothing"
    what "Finds a closing brace or bracket with no open block or list to close."
    why "It usually means an earlier block was closed too soon, so its remaining statements landed outside it."
    example "route R {\n  pattern '^\\+1\\d{10}$'\n}}"
    fix "Remove the extra `}` or `]`, or move the one that closed the block too early.";

    UnterminatedString = "T0004" "unterminated-string" Error []
    summary "a double-quoted string is not closed on its line"
    what "Finds a `\"` that starts a string with no closing `\"` before the end of the line. Strings never span lines; use `\\n` for a line break."
    why "The rest of the line would be swallowed into the string."
    example "pstn-usage \"Long Distance"
    fix "Close the string with `\"` on the same line.";

    UnterminatedPattern = "T0005" "unterminated-pattern" Error []
    summary "a single-quoted pattern is not closed on its line"
    what "Finds a `'` that starts a pattern, translation or dial string with no closing `'` before the end of the line. A `'` inside a pattern is written `''`."
    why "The rest of the line would become part of the pattern."
    example "route R {\n  pattern '^\\+1\\d{10}$\n}"
    fix "Close the pattern with `'` on the same line; write a literal `'` as `''`.";

    InvalidUtf8 = "T0006" "invalid-utf8" Error []
    summary "the file is not UTF-8 text"
    what "Reports the byte offset of the first byte that is not valid UTF-8."
    why "topoc reads `.topo` files as UTF-8; a file saved in another encoding (UTF-16 from some Windows editors, Latin-1) would be misread."
    example "# a file saved as UTF-16 by a Windows editor"
    fix "Save the file as UTF-8 (without a byte-order mark if your editor offers the choice).";

    InvalidCharacter = "T0007" "invalid-character" Error []
    summary "a control character or NUL byte in the file"
    what "Finds NUL bytes and other control characters (anything below U+0020 except tab, line feed and carriage return, and U+007F), in comments too."
    why "They are invisible in most editors and usually come from a bad copy or a binary file saved as `.topo`."
    example "pstn-usage Local\\u0000"
    fix "Delete the character; retype the line if you cannot see it.";

    UnknownKeyword = "T0008" "unknown-keyword" Error []
    summary "a statement that does not belong in this block"
    what "Finds a statement whose keyword is not one this block accepts, and suggests the closest keyword that is."
    why "A misspelt setting would otherwise be silently ignored and Lync's default used instead."
    example "trunk-config global {\n  medai-bypass on\n}"
    fix "Use one of the keywords the message lists; docs/language.md lists the statements of each block.";

    MissingSeparator = "T0009" "missing-separator" Error []
    summary "two statements on one line without a `;`"
    what "Finds a statement that continues after its last argument."
    why "Statements end at a newline, a `;` or the `}` of their block; without one topoc cannot tell where one statement stops."
    example "root-trunk { port 5067 tls mediation med.contoso.com port 5067 }"
    fix "Put each statement on its own line, or separate them with `;`.";

    InvalidEscape = "T0010" "invalid-escape" Error []
    summary "an unknown escape in a double-quoted string"
    what "Finds a backslash in a string that is not one of `\\\"`, `\\\\`, `\\n`, `\\t`."
    why "The meaning would be a guess. Patterns and translations, which need backslashes, go in single quotes where nothing is escaped."
    example "description \"C:\\path\""
    fix "Write `\\\\` for a backslash, or move a pattern into single quotes.";

    UnclosedList = "T0011" "unclosed-list" Error []
    summary "a `[` is never closed"
    what "Finds a `[` without its matching `]`."
    why "Every following line would be read as list items."
    example "usages [Local, \"Long Distance\"\n"
    fix "Add the missing `]`.";

    BraceOnNextLine = "T0012" "brace-on-next-line" Error []
    summary "a block's `{` is on the line after its declaration"
    what "Finds a declaration whose opening `{` starts a new line."
    why "A newline ends a statement, so the declaration ends before its block begins."
    example "route To-Pbx\n{\n  pattern '^\\+14255550\\d{3}$'\n}"
    fix "Move the `{` to the end of the declaration's line.";

    MissingValue = "T0013" "missing-value" Error []
    summary "a statement ends before its value"
    what "Finds a keyword that needs a value (a port number, a pattern, a name) followed by the end of the statement or by something of the wrong kind."
    why "Lync has no sensible reading of a setting without its value."
    example "root-trunk {\n  port tls\n}"
    fix "Give the value the message names, for example `port 5067 tls`.";

    FileTooLarge = "T0014" "file-too-large" Error []
    summary "a source file larger than topoc accepts"
    what "Rejects a file over 256 MiB."
    why "No real topology is that large; such a file is almost certainly not a `.topo` source, and reading it would waste memory."
    example "# a 300 MB log file renamed to .topo"
    fix "Split the topology into several files, or remove the file from the project.";

    NestingTooDeep = "T0015" "nesting-too-deep" Error []
    summary "blocks and lists nest deeper than topoc accepts"
    what "Rejects a file whose blocks `{ }` and lists `[ ]` nest more than 32 deep, at the opener of level 33; the rest of the file is not scanned."
    why "The language nests at most four levels deep, so such a file is damaged or not a `.topo` source; bounding the depth keeps every stage of topoc linear and far from the end of its stack, whatever a file holds."
    example "site A { site B { site C { ... } } }   # 33 levels of `{`"
    fix "Close the blocks and lists where they end; a `}` or `]` is probably missing much earlier.";

    // ------------------------------------------ names, references, values ---
    DuplicateDeclaration = "T0101" "duplicate-declaration" Error ["E02", "E18", "E27", "E28", "E34"]
    summary "an object is declared twice"
    what "Finds two declarations of the same object: two sites, pools, gateways, trunks, usages, routes, regions or network sites with one name (names compare case-insensitively, as Lync identities do), or two trunk configurations, voice policies or dial plans at one scope. Root trunks are named after their gateway unless `name` is given, so a trunk may collide with a gateway's root trunk."
    why "Lync identities are unique: Topology Builder refuses a duplicate trunk name, and the Management Shell refuses a second object with the same identity. The two declarations would also disagree about what the object is."
    example "pstn-usage Local\npstn-usage local      # the same name: Lync ignores case"
    fix "Remove one declaration, or rename one of them.";

    UnknownName = "T0102" "unknown-name" Error ["E05", "E09", "E19", "E26", "E29"]
    summary "a reference to something that is not declared"
    what "Resolves every reference to a declared object: the trunks and usages of routes, the usages of policies and trunk configurations, the Mediation pool and gateway of a trunk, the site or trunk of a scope, the next hop of a pool, network references, and the objects a test names. Suggests the closest existing name."
    why "Lync rejects routes, policies and trunk configurations that name objects that do not exist, and a typo in a trunk list silently removes a trunk from routing."
    example "route LongDistance {\n  pattern '^\\+1\\d{10}$'\n  usages [\"Long Distance\"]\n  trunks [sip.itsp.exmaple.net]   # typo\n}"
    fix "Correct the name, or declare the object it refers to.";

    WrongKind = "T0103" "wrong-kind" Error ["E09", "E29"]
    summary "a reference names an object of another kind"
    what "Finds a reference that names an existing object of the wrong kind: a usage where a trunk is expected, a gateway whose root trunk has another name, a Front End pool without a collocated Mediation Server where a Mediation pool is expected."
    why "Lync would reject the reference; the mix-up usually means two lists were swapped."
    example "route R {\n  pattern '^\\+1\\d{10}$'\n  usages [Local]\n  trunks [Local]     # a usage, not a trunk\n}"
    fix "Name an object of the kind the statement expects.";

    DuplicateSetting = "T0104" "duplicate-setting" Error []
    summary "a setting is given twice in one block"
    what "Finds a setting written twice in the same block (settings that may repeat, such as `rule`, `owns` and `allow`, excepted)."
    why "Only one value can apply; which one the author meant is a guess."
    example "trunk-config global {\n  media-bypass on\n  media-bypass off\n}"
    fix "Keep one of the two statements.";

    InvalidValue = "T0105" "invalid-value" Error ["E22"]
    summary "a value outside the setting's vocabulary"
    what "Checks fixed-vocabulary values: `on`/`off` switches, `tls`/`tcp`, gateway kinds, `srtp` modes, products, encryption levels, bypass modes, scopes a declaration accepts, and the values of `call-forwarding-usages`."
    why "The Management Shell rejects values outside an enumeration, and a typo in a switch would otherwise be guessed."
    example "trunk-config global {\n  media-bypass true     # switches are on/off\n}"
    fix "Use one of the values the message lists.";

    ValueOutOfRange = "T0106" "value-out-of-range" Error ["E22"]
    summary "a number outside the range its setting allows"
    what "Checks integer settings against the range of the cmdlet parameter behind them: route priority (Int32), maximum early dialogs (UInt32), bandwidth values (non-negative)."
    why "The Management Shell rejects the value when the script runs, after earlier objects have already changed."
    example "trunk-config global {\n  max-early-dialogs -1\n}"
    fix "Use a value inside the range the message gives.";

    InvalidPort = "T0107" "invalid-port" Error ["E10"]
    summary "a port or port range outside 1–65535"
    what "Checks peer ports, Mediation ports and listening-port ranges: each port must be a UInt16 value from 1 to 65535, and a range must not run backwards."
    why "Topology Builder stores ports as UInt16; anything else is refused when the topology is published."
    example "root-trunk {\n  port 70000 tls\n  mediation med.contoso.com port 5067\n}"
    fix "Use a port from 1 to 65535 (peers usually listen on 5067 for TLS and 5066 for TCP).";

    InvalidFqdn = "T0108" "invalid-fqdn" Error []
    summary "a pool, server or gateway name that is not a valid FQDN"
    what "Checks that pool and server names, and gateways not named by an IP address, are fully qualified domain names: at least two labels, each 1–63 letters, digits or hyphens, not starting or ending with a hyphen, 253 characters in all."
    why "Topology Builder identifies pools, servers and TLS peers by FQDN; certificates and DNS records must match it."
    example "mediation-pool med_pool.contoso.com { servers [med01.contoso.com] }"
    fix "Use the host's DNS name, for example `med01.redmond.contoso.com`.";

    InvalidIpAddress = "T0109" "invalid-ip-address" Error []
    summary "an address that is not a valid IP address"
    what "Checks `address` and `media-ip` values: an IPv4 address in dotted-quad form, or an IPv6 address in brackets."
    why "Lync stores these as IP addresses (RepresentativeMediaIP); an FQDN or a typo is refused."
    example "gateway gw1.contoso.com {\n  address gw1.contoso.com     # the FQDN is already its name\n}"
    fix "Write the IP address, for example `address 10.1.20.5`; the gateway's FQDN is its name.";

    InvalidSubnet = "T0110" "invalid-subnet" Error ["E42"]
    summary "a subnet that is not IPv4 CIDR"
    what "Checks subnets and caller addresses: an IPv4 address, `/`, and a mask of 1–32 bits."
    why "Lync network subnets are IPv4 with MaskBits 1–32 (New-CsNetworkSubnet)."
    example "network-site HQ { subnets [10.1.0.0] }     # no mask"
    fix "Write the subnet in CIDR form, for example `10.1.0.0/16`.";

    MissingSetting = "T0111" "missing-setting" Error ["E09", "E40"]
    summary "a required statement is missing"
    what "Finds blocks without a statement they need: a trunk without its gateway or Mediation pool and port, a root trunk without `port` or `mediation`, a branch site or region without `central-site`, a test without `dial` or `expect`."
    why "The object cannot exist in Lync without it (Topology Builder requires both ends of a trunk)."
    example "trunk pbx-2 {\n  gateway pbx.contoso.com port 5060 tcp\n}"
    fix "Add the statement the message names.";

    InvalidScope = "T0112" "invalid-scope" Error ["E32", "E34"]
    summary "a scope this declaration cannot have"
    what "Checks scope kinds: trunk configurations are `global`, `site:` or `trunk:`; voice policies `global`, `site:` or `tag:`; dial plans any of `global`, `site:`, `registrar:`, `trunk:`, `tag:`."
    why "Lync has no such scope for the object (there are no pool-scoped voice policies, for example), so the cmdlet fails."
    example "voice-policy registrar:fe01.contoso.com { usages [Local] }"
    fix "Use a scope the message lists; for users of one pool, use a `tag:` policy or the pool's site.";

    InvalidAllow = "T0113" "invalid-allow" Error []
    summary "an `allow` that names no warning"
    what "Checks that each `allow` names an existing warning code (by name or code) and gives a non-empty reason."
    why "An `allow` is a reviewed exception; a misspelt name would accept nothing, an error cannot be accepted, and an exception without a reason cannot be reviewed."
    example "route R {\n  allow shadowed-rout \"kept for the migration\"\n}"
    fix "Use the warning's name as `topoc explain` prints it, and say why it is accepted.";

    FromCycle = "T0114" "from-cycle" Error []
    summary "trunk configurations copy from each other in a circle"
    what "Follows `from` copies between trunk configurations and reports a chain that returns to where it started."
    why "A copy of a copy of itself has no defined settings."
    example "trunk-config site:Redmond from trunk:gw1.contoso.com\ntrunk-config trunk:gw1.contoso.com from site:Redmond"
    fix "Break the circle: let one of the configurations state its settings instead of copying them.";

    UnusedAllow = "T0115" "unused-allow" Warning []
    summary "an `allow` that accepts no warning"
    what "Finds an `allow CODE \"reason\"` where no warning of that code is reported inside the declaration the `allow` is written in."
    why "The warning was fixed, so the exception is stale, or the `allow` sits in the wrong block and accepts nothing while the warning still shows elsewhere."
    example "gateway gw1.contoso.com {\n  allow tcp-transport \"legacy\"   # but the trunk uses TLS\n  root-trunk { port 5067 tls; mediation med.contoso.com port 5067 }\n}"
    fix "Remove the `allow`, or move it into the declaration where the warning is reported.";

    InvalidIdentityName = "T0116" "invalid-identity-name" Error []
    summary "a name that would read as another Lync identity"
    what "Checks every name that becomes part of a Lync identity in deploy.ps1: sites (`site:X`), trunks given their own name (`service:PstnGateway:X`), voice routes, normalization and translation rules (`scope/X`), per-user voice policies and dial plans (`tag:X`, written as the bare name), network regions, network sites, bandwidth profiles and region links. Each must be 1 to 256 characters of letters, digits, inner spaces and `- . + _ ( )` (the character set the cmdlet reference gives for a dial plan's SimpleName), and not `global`."
    why "Lync parses identities: a per-user voice policy named `site:Spokane` is deployed as the Spokane site's policy, one named `global` replaces the global policy, and a rule name with `/` splits its identity elsewhere. The script would change objects the project never declared, while every check and test of topoc treats the name as a per-user object nobody holds."
    example "voice-policy tag:\"site:Spokane\" {   # a per-user policy named like a scope\n  usages [Local]\n}"
    fix "Rename the object with letters, digits, spaces and `- . + _ ( )`; write scopes as scopes (`voice-policy site:Spokane`), never inside a name.";

        }
    };
}
