//! The registry of diagnostic codes.
//!
//! Every diagnostic topoc can report has an entry here: a stable code (`T` and
//! four digits), a kebab-case name, its severity, the rules of the domain
//! reference (LYNC-TRUNKS.md section 9) it implements, a one-line summary and
//! docs in four short sections. Codes are grouped by subject:
//!
//! | range | subject |
//! |---|---|
//! | T00xx | syntax |
//! | T01xx | names, references and values |
//! | T02xx | pools, peers and trunks |
//! | T03xx | trunk configuration |
//! | T04xx | usages, routes and policies |
//! | T05xx | dial plans, rules and number patterns |
//! | T06xx | network and media bypass |
//! | T07xx | whole-space routing analysis |
//! | T08xx | golden call tests and emission |
//! | T09xx | internal errors |
//!
//! A code is never reused. A retired code keeps its entry with `removed`
//! set, so an old `allow` or a saved report still explains itself.

use serde::Serialize;

/// How serious a finding is. Belongs to the code, never to one report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Would be rejected by Lync, or would misbehave on a real deployment.
    Error,
    /// Legal but suspicious or against documented guidance.
    Warning,
    /// A fact worth knowing (for example, an analysis that could not decide).
    Info,
}

impl Severity {
    /// The lower-case word used in JSON and in the terminal.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The registry entry of one code.
#[derive(Debug)]
pub struct CodeInfo {
    /// The code as an enum value.
    pub code: Code,
    /// `T` and four digits.
    pub id: &'static str,
    /// Kebab-case name of the problem, used by `allow` and in docs.
    pub name: &'static str,
    /// Severity of every diagnostic with this code.
    pub severity: Severity,
    /// Rule ids of LYNC-TRUNKS.md section 9 this code implements.
    pub rules: &'static [&'static str],
    /// One line.
    pub summary: &'static str,
    /// Docs: what it checks.
    pub what: &'static str,
    /// Docs: why it matters.
    pub why: &'static str,
    /// Docs: an example that triggers it.
    pub example: &'static str,
    /// Docs: how to fix it.
    pub fix: &'static str,
    /// Retired codes stay listed so old references still explain themselves.
    pub removed: bool,
}

impl CodeInfo {
    /// The docs as Markdown, in the four sections.
    pub fn markdown(&self) -> String {
        let rules = if self.rules.is_empty() {
            String::new()
        } else {
            format!(" (LYNC-TRUNKS {})", self.rules.join(", "))
        };
        format!(
            "# {} {}{}\n\n{} — {}\n\n## What it checks\n\n{}\n\n## Why it matters\n\n{}\n\n## Example\n\n```topo\n{}\n```\n\n## How to fix\n\n{}\n",
            self.id,
            self.name,
            rules,
            self.severity.as_str(),
            self.summary,
            self.what,
            self.why,
            self.example,
            self.fix
        )
    }
}

macro_rules! codes {
    ($(
        $variant:ident = $id:literal $name:literal $severity:ident [$($rule:literal),*]
        summary $summary:literal
        what $what:literal
        why $why:literal
        example $example:literal
        fix $fix:literal
        $(removed $removed:literal)?;
    )*) => {
        /// A diagnostic code. See the module docs for the ranges.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $summary] $variant,)*
        }

        /// Every code, in code order.
        pub static REGISTRY: &[CodeInfo] = &[
            $(CodeInfo {
                code: Code::$variant,
                id: $id,
                name: $name,
                severity: Severity::$severity,
                rules: &[$($rule),*],
                summary: $summary,
                what: $what,
                why: $why,
                example: $example,
                fix: $fix,
                removed: false $(|| $removed)?,
            },)*
        ];

        impl Code {
            /// This code's registry entry.
            pub fn info(self) -> &'static CodeInfo {
                &REGISTRY[self as usize]
            }
        }
    };
}

impl Code {
    /// Looks a code up by its id (`T0101`) or its name (`duplicate-declaration`),
    /// ignoring case.
    pub fn lookup(key: &str) -> Option<Code> {
        REGISTRY
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(key) || c.name.eq_ignore_ascii_case(key))
            .map(|c| c.code)
    }
}

codes! {
    // ------------------------------------------------------------ syntax ---
    UnexpectedToken = "T0001" "unexpected-token" Error []
    summary "the text does not fit the grammar here"
    what "Reports text the grammar of LANGUAGE.md does not allow at this position, saying what was expected instead. More specific syntax codes cover the common mistakes."
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
    fix "Use one of the keywords the message lists; LANGUAGE.md section 3 lists what each block holds.";

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

    // ------------------------------------------------ pools, peers, trunks ---
    DuplicateTrunkTuple = "T0201" "duplicate-trunk-tuple" Error ["E01", "E03"]
    summary "two trunks with the same pool, ports and peer"
    what "Finds trunks that share the tuple Topology Builder identifies a trunk by: Mediation pool, Mediation port, peer, and peer port."
    why "Topology Builder refuses a second trunk with the same pair of ports between the same pool and peer; the two would be indistinguishable on the wire."
    example "gateway pbx.contoso.com {\n  root-trunk { port 5060 tcp; mediation med.contoso.com port 5068 }\n}\ntrunk pbx-2 {\n  gateway pbx.contoso.com port 5060 tcp\n  mediation med.contoso.com port 5068   # same as the root trunk\n}"
    fix "Give one trunk another Mediation port or peer port (each M:N trunk needs its own pair), or remove it.";

    GatewayWithoutRootTrunk = "T0202" "gateway-without-root-trunk" Error ["E04", "E05"]
    summary "a gateway without its root trunk"
    what "Finds gateways declared without a `root-trunk` block."
    why "Topology Builder defines a gateway together with its root trunk and cannot remove the root trunk while the gateway exists; additional trunks to the gateway presuppose it."
    example "gateway gw1.contoso.com {\n  kind pstn-gateway\n}"
    fix "Add `root-trunk { port 5067 tls; mediation POOL port 5067 }` to the gateway.";

    PortOutsideListeningRange = "T0203" "port-outside-listening-range" Error ["E06"]
    summary "a trunk's Mediation port is not a listening port of its pool"
    what "Checks each trunk's Mediation port against its pool's range for the trunk's transport: `tls-ports` (5067 when not given) for TLS, `tcp-ports` for TCP."
    why "The Mediation Server listens only on the ports of its ranges; a trunk on another port never receives the peer's traffic, and Topology Builder refuses it."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com]; tls-ports 5067 }\ngateway gw1.contoso.com {\n  root-trunk { port 5067 tls; mediation med.contoso.com port 5071 }\n}"
    fix "Use a port inside the pool's range for the transport, or widen the range.";

    TcpListenerOff = "T0204" "tcp-listener-off" Error ["E07"]
    summary "a TCP trunk on a pool whose TCP listener is off"
    what "Finds TCP trunks whose Mediation pool declares no `tcp-ports`."
    why "A Mediation Server's TCP listener is disabled until a TCP port range is given; the trunk could not connect."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com] }\ngateway pbx.contoso.com {\n  root-trunk { port 5060 tcp; mediation med.contoso.com port 5068 }\n}"
    fix "Add `tcp-ports` with the trunk's port to the pool, or use TLS.";

    TlsPeerByIp = "T0205" "tls-peer-by-ip" Error ["E08"]
    summary "a TLS trunk to a peer named by IP address"
    what "Finds TLS trunks whose gateway is named by an IP address rather than an FQDN."
    why "TLS checks the peer's certificate against its FQDN; Topology Builder requires the FQDN for TLS peers."
    example "gateway 10.1.20.5 {\n  root-trunk { port 5067 tls; mediation med.contoso.com port 5067 }\n}"
    fix "Name the gateway by the FQDN on its certificate, or use TCP (and secure the network).";

    CollocatedPoolTooLarge = "T0206" "collocated-pool-too-large" Error ["E11"]
    summary "a Front End pool with a collocated Mediation Server has more than 12 servers"
    what "Counts the servers of Front End pools that have `mediation collocated`."
    why "A Registrar pool has at most 12 servers, and a collocated Mediation Server runs on each of them."
    example "frontend-pool fe01.contoso.com {\n  servers [fe01a.contoso.com, ..., fe01m.contoso.com]   # 13\n  mediation collocated { tls-ports 5067 }\n}"
    fix "Split the pool, or move the Mediation Servers to a stand-alone pool.";

    PoolNeedsDnsLoadBalancing = "T0207" "pool-needs-dns-load-balancing" Error ["E12"]
    summary "a multi-server stand-alone Mediation pool without DNS load balancing"
    what "Finds stand-alone Mediation pools with more than one server that do not declare `dns-load-balancing on`."
    why "Peers reach a multi-server pool through its FQDN, which must resolve to every member; both SIP and media are balanced that way."
    example "mediation-pool med.contoso.com {\n  servers [med01.contoso.com, med02.contoso.com]\n  next-hop fe01.contoso.com\n}"
    fix "Publish a DNS A record per member for the pool FQDN and declare `dns-load-balancing on`.";

    PeerNeedsSingleServerPool = "T0208" "peer-needs-single-server-pool" Error ["E13"]
    summary "a peer that can neither load-balance nor take any server is on a shared pool"
    what "For gateways declaring `pool-load-balancing off` and `accepts-any-server off`, checks that each of their trunks uses a stand-alone Mediation pool of one server."
    why "Every member of a pool may send the peer calls; a peer that accepts traffic from one server only, and cannot spread its own over several, fails on every other member."
    example "gateway pbx.contoso.com {\n  pool-load-balancing off\n  accepts-any-server off\n  root-trunk { port 5060 tcp; mediation med.contoso.com port 5068 }   # two servers\n}"
    fix "Give the peer a stand-alone Mediation pool with a single server.";

    SeveralDefaultTrunks = "T0209" "several-default-trunks" Error ["E14"]
    summary "more than one default trunk on a Mediation pool"
    what "Finds Mediation pools with more than one trunk marked `default`."
    why "Each Mediation Server has a single default gateway, which takes calls from Office Communications Server 2007 R2; Set-CsPstnGateway allows one."
    example "root-trunk { port 5067 tls; mediation med.contoso.com port 5067; default }\n...\nroot-trunk { port 5067 tls; mediation med.contoso.com port 5068; default }"
    fix "Keep `default` on one trunk per Mediation pool.";

    MediationPoolWithoutNextHop = "T0210" "mediation-pool-without-next-hop" Error ["E15"]
    summary "a stand-alone Mediation pool without a next hop"
    what "Finds stand-alone Mediation pools without `next-hop`."
    why "Topology Builder requires the next-hop Front End pool (a Registrar) for a stand-alone Mediation pool; calls reach Lync users through it."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com] }"
    fix "Add `next-hop FE-POOL` naming a Front End pool (declare one if the topology has none).";

    ItspAwayFromMediation = "T0211" "itsp-away-from-mediation" Error ["E16"]
    summary "an ITSP SIP trunk whose Mediation pool is in another site"
    what "For trunks to `itsp` gateways, checks that the trunk's Mediation pool is in the site the trunk is defined in."
    why "A Mediation Server must be deployed at the site where each SIP trunk terminates."
    example "branch-site Bellevue {\n  central-site Redmond\n  gateway sip.itsp.example.net {\n    kind itsp\n    root-trunk { port 5061 tls; mediation med.redmond.contoso.com port 5067 }\n  }\n}"
    fix "Terminate the SIP trunk on a Mediation pool of its own site, or define the trunk in the pool's site.";

    OverlappingPortRanges = "T0212" "overlapping-port-ranges" Error []
    summary "a pool's TLS and TCP listening ranges share a port"
    what "Compares each Mediation role's TLS range (5067 when not given) with its TCP range."
    why "A port listens for one transport; Topology Builder refuses overlapping ranges."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com]; tls-ports 5067..5068; tcp-ports 5068..5069 }"
    fix "Give TLS and TCP separate ranges.";

    Port5070ForPeers = "T0213" "port-5070-for-peers" Error []
    summary "a peer-facing listening range includes 5070"
    what "Finds `tls-ports` or `tcp-ports` ranges that include port 5070."
    why "A Mediation Server listens on 5070 for traffic from Lync servers; the peer-facing ranges must leave it alone."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com]; tls-ports 5067..5070 }"
    fix "End the range below 5070 or start it above.";

    SinglePstnGateway = "T0214" "single-pstn-gateway" Warning ["W14"]
    summary "the deployment has only one PSTN gateway"
    what "Counts the PSTN-facing peers (`pstn-gateway`, `itsp`, or `pstn-access on`) and reports a deployment with exactly one."
    why "The guidance is at least two gateways for availability; with one, its failure cuts every PSTN call."
    example "gateway sbc.itsp.example.net { kind itsp; root-trunk { port 5061 tls; mediation med.contoso.com port 5067 } }\n# and no other PSTN gateway"
    fix "Add a second gateway or SIP trunk, or acknowledge the risk with `allow single-pstn-gateway \"reason\"` in the gateway.";

    ItspOnCollocatedMediation = "T0215" "itsp-on-collocated-mediation" Warning ["W50"]
    summary "an ITSP SIP trunk on a collocated Mediation Server"
    what "Finds trunks to `itsp` gateways whose Mediation pool is a Front End pool."
    why "Stand-alone Mediation pools are strongly recommended for SIP trunking (one page even requires them); a collocated one shares the Front End's capacity."
    example "gateway sip.itsp.example.net {\n  kind itsp\n  root-trunk { port 5061 tls; mediation fe01.contoso.com port 5067 }\n}"
    fix "Use a stand-alone Mediation pool for the ITSP trunk.";

    MediationPoolOverloaded = "T0216" "mediation-pool-overloaded" Warning ["W51"]
    summary "declared calls exceed about 1,000 per Mediation Server"
    what "Compares a pool's `expected-calls` with 1,000 concurrent non-bypass calls per server."
    why "A stand-alone Mediation Server on hardware above the minimum carries about 1,000 concurrent non-bypass calls; beyond that calls fail or degrade."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com]; expected-calls 1500 }"
    fix "Add servers, or enable media bypass so fewer calls need the Mediation Server.";

    PbxSingleConnection = "T0217" "pbx-single-connection" Warning ["W52"]
    summary "an IP-PBX has fewer trunks to a pool than the pool has servers"
    what "For `ip-pbx` peers (without `pool-load-balancing on`), counts their trunks to each multi-server Mediation pool."
    why "Most IP-PBXs cannot DNS-load-balance; the guidance is one Direct SIP connection from the PBX to each pool member."
    example "mediation-pool med.contoso.com { servers [med01.contoso.com, med02.contoso.com] ... }\ngateway pbx.contoso.com { kind ip-pbx; root-trunk { port 5060 tcp; mediation med.contoso.com port 5068 } }"
    fix "Add a trunk per Mediation Server (`trunk pbx-2 { ... }`), or declare `pool-load-balancing on` if the PBX does DNS load balancing.";

    ItspGatewayNotConnected = "T0218" "itsp-gateway-not-connected" Warning ["W53"]
    summary "an ITSP gateway is not connected to every Mediation pool of its provider"
    what "Groups `itsp` gateways by their `provider` and reports each gateway without a trunk to a Mediation pool the provider's other gateways use."
    why "When a provider exposes several gateways, each gateway is to be connected to each Mediation Server, so the loss of one gateway or server leaves a path."
    example "gateway sbc1.itsp.example.net { kind itsp; provider Northwind; root-trunk { ...; mediation med1.contoso.com port 5067 } }\ngateway sbc2.itsp.example.net { kind itsp; provider Northwind; root-trunk { ...; mediation med2.contoso.com port 5067 } }"
    fix "Add the missing trunks between each provider gateway and each Mediation pool.";

    TdmPbxAsPeer = "T0219" "tdm-pbx-as-peer" Warning ["W54"]
    summary "a TDM PBX attached directly to a Mediation Server"
    what "Finds gateways declared `kind tdm-pbx`."
    why "A TDM PBX does not speak SIP; it always needs a PSTN gateway between it and the Mediation Server."
    example "gateway pbx.contoso.com { kind tdm-pbx; root-trunk { ... } }"
    fix "Put a PSTN gateway between the TDM PBX and Lync and declare the gateway as the peer.";

    UndersizedGateway = "T0220" "undersized-gateway" Warning ["W11"]
    summary "a site's gateways have fewer channels than its users need"
    what "For sites declaring `users` (and `usage-profile`, moderate when not given) whose PSTN gateways all declare `channels`, compares the channels with one per 15, 10 or 5 users for light, moderate or heavy use."
    why "A full gateway rejects calls, which then take the next, usually dearer, route."
    example "branch-site Bellevue {\n  users 300\n  usage-profile heavy\n  gateway gw.bellevue.contoso.com { channels 23; ... }   # 60 needed\n}"
    fix "Add channels or a gateway at the site.";

    TcpTransport = "T0221" "tcp-transport" Warning ["W30"]
    summary "a trunk uses TCP"
    what "Reports every trunk whose transport is TCP."
    why "TLS is strongly recommended (all qualified gateways support it); over TCP, signalling and numbers cross the network in clear, so the path must be secured by other means."
    example "root-trunk { port 5060 tcp; mediation med.contoso.com port 5068 }"
    fix "Use TLS if the peer supports it; otherwise secure the network path and acknowledge with `allow tcp-transport \"reason\"` in the gateway or trunk.";

    PortTakenByFrontEnd = "T0222" "port-taken-by-front-end" Error []
    summary "a collocated Mediation Server listening for peers on a Front End port"
    what "For Front End pools with a collocated Mediation Server, finds `tls-ports` or `tcp-ports` ranges that include a port the Front End Server listens on: 5061 to 5066, 5071 to 5073, 5075, 5076, 5080, 5086 and 5087 (\"Ports and protocols for internal servers in Lync Server 2013\")."
    why "The collocated Mediation Server runs on the Front End Servers: a peer-facing listener on a Front End service's port collides with that service (SIP, conferencing, Response Group, Call Park, mobility...), so one of them cannot listen."
    example "frontend-pool fe01.contoso.com { servers [fe01a.contoso.com]; mediation collocated { tls-ports 5061..5067 } }"
    fix "Use ports the Front End does not: Topology Builder's defaults are 5067 for TLS and 5068 for TCP.";

    // ------------------------------------------------ trunk configuration ---
    SettingNotInProduct = "T0301" "setting-not-in-product" Info ["E23"]
    summary "location-based routing settings need the February 2013 update of Lync Server 2013"
    what "With `product lync-2013` (the default), finds `location-restriction` and `network-site` written in trunk configurations, once per project."
    why "EnableLocationRestriction and NetworkSiteID came with location-based routing in the Lync Server 2013 cumulative update of February 2013 (LYNC-TRUNKS 3, D7: the cmdlet pages' \"Applicable\" lists name only Skype for Business Server 2015 and later, their text and the planning pages say February 2013). Servers without that update refuse the parameters, and deploy.ps1 stops there."
    example "deployment { product lync-2013 }\ntrunk-config global { location-restriction on; network-site Redmond-HQ }"
    fix "Make sure every Front End and Mediation Server runs the February 2013 update or later (Get-CsServerVersion, or the version of the RTC services), or target `product sfb-2015`; `allow setting-not-in-product` once confirmed.";

    TransferDropsBypass = "T0302" "transfer-drops-bypass" Warning ["W26"]
    summary "media bypass with REFER off: transferred calls lose bypass"
    what "Finds trunk configurations with `media-bypass on`, `refer off` and `refer-3pcc off`."
    why "Without REFER the Mediation Server stays in the call when it is transferred, and the media of the transferred call no longer bypasses it."
    example "trunk-config global { media-bypass on; refer off; rtcp-active-calls off; rtcp-calls-on-hold off }"
    fix "Turn on `refer-3pcc` when the peer cannot take REFER, so transferred calls keep bypass.";

    ReferModesBothOn = "T0303" "refer-modes-both-on" Warning ["W27"]
    summary "both REFER modes on"
    what "Finds trunk configurations with `refer` and `refer-3pcc` both on."
    why "The Control Panel offers REFER to the gateway and REFER through third-party call control as alternatives; with both on, which one is used is unclear."
    example "trunk-config global { refer on; refer-3pcc on }"
    fix "Keep `refer on` for peers that take REFER; otherwise `refer off` and `refer-3pcc on`.";

    RtcpChecksOff = "T0304" "rtcp-checks-off" Warning ["W28"]
    summary "RTCP checks off without the bypass-without-REFER reason"
    what "Finds `rtcp-active-calls off` or `rtcp-calls-on-hold off` in trunk configurations that do not combine media bypass with REFER off."
    why "RTCP is how a dropped peer is noticed (a call is ended after 30 s without it); turning it off is required only for bypass without REFER."
    example "trunk-config global { rtcp-active-calls off }"
    fix "Turn the check back on, unless the collection has media bypass on and REFER off.";

    SrtpIgnoredOnTcp = "T0305" "srtp-ignored-on-tcp" Warning ["W29"]
    summary "SRTP written for a TCP trunk, where Lync ignores it"
    what "Finds TCP trunks whose applying trunk configuration writes `srtp required` or `srtp optional` (Lync's unwritten default is not reported)."
    why "SRTP is honoured only on TLS trunks; on TCP it is silently treated as not supported, so the configuration does not say what happens."
    example "trunk-config trunk:pbx.contoso.com { srtp required }   # a TCP trunk"
    fix "Use TLS, or write `srtp not-supported` for the TCP trunk.";

    LocationRestrictionWithoutSite = "T0306" "location-restriction-without-site" Warning ["W31"]
    summary "location restriction on without a network site"
    what "Finds trunk configurations with `location-restriction on` and no `network-site`."
    why "Location-based routing on a trunk needs the network site whose rules govern it."
    example "trunk-config global { location-restriction on }"
    fix "Add `network-site NAME`.";

    MaxEarlyDialogsChanged = "T0307" "max-early-dialogs-changed" Warning ["W32"]
    summary "max early dialogs changed without the vendor's value"
    what "Finds trunk configurations that set `max-early-dialogs` other than 20 for a trunk whose gateway does not state that value with its own `max-early-dialogs`."
    why "The value is how many forked responses the peer can take; the guidance is to change it only to what the vendor states."
    example "trunk-config global { max-early-dialogs 40 }"
    fix "Record the vendor's value on the gateway (`max-early-dialogs 40`), or keep 20.";

    SiteConfigMixedPeers = "T0308" "site-config-mixed-peers" Warning ["W33"]
    summary "a site trunk configuration shared by different kinds of peer"
    what "Finds site-scope trunk configurations that apply to trunks to more than one kind of peer (PSTN gateway, IP-PBX, ITSP)."
    why "Bypass, SRTP, REFER and usages usually differ between a gateway, a PBX and an ITSP SBC; one collection rarely suits them all."
    example "trunk-config site:Redmond { media-bypass on }   # applies to gw1 and to the ITSP SBC"
    fix "Give the trunks whose peers differ their own `trunk-config trunk:NAME`.";

    PidfLoOffForE911 = "T0309" "pidf-lo-off-for-e911" Warning ["W34"]
    summary "a trunk to an E9-1-1 provider does not send location"
    what "Finds trunks to gateways declared `e911-provider on` whose settings in effect have `pidf-lo off`."
    why "The outbound routing application sends a caller's location (PIDF-LO) to the trunk only when EnablePIDFLOSupport is on; without it emergency calls carry no location."
    example "gateway e911.provider.example.net { e911-provider on; root-trunk { ... } }\n# no trunk configuration turns pidf-lo on"
    fix "Add `pidf-lo on` to the trunk configuration that applies.";

    FastFailoverOnHighLatency = "T0310" "fast-failover-on-high-latency" Warning ["W10"]
    summary "fast failover to a high-latency peer"
    what "Finds trunks to gateways declared `high-latency on` whose settings in effect keep `fast-failover on` (Lync's default)."
    why "With the timer on, a peer that shows no progress within 10 seconds loses the call to the next trunk, or the call is dropped; over a slow link that fails calls that would have connected."
    example "gateway gw.remote.contoso.com { high-latency on; root-trunk { ... } }"
    fix "Add `fast-failover off` to the trunk configuration that applies.";

    InterTrunkWithoutDialPlan = "T0311" "inter-trunk-without-dial-plan" Warning ["W13"]
    summary "calls entering on a trunk are routed but no dial plan normalizes them"
    what "Finds trunks whose settings in effect have usages (inter-trunk routing) but no `dial-plan trunk:NAME`."
    why "A service-scope dial plan normalizes calls arriving from a gateway; without one, which plan (if any) applies is undocumented, so numbers the peer sends in its own format may match no route."
    example "trunk-config trunk:pbx.contoso.com { usages [PbxInbound] }\n# and no dial-plan trunk:pbx.contoso.com"
    fix "Add `dial-plan trunk:NAME { ... }` with rules that turn the peer's numbers into E.164, or acknowledge if the peer sends E.164 only.";

    PeerTrunksDiffer = "T0312" "peer-trunks-differ" Warning []
    summary "trunks to the same peer with different settings"
    what "Compares the settings in effect of the trunks to each peer (descriptions aside) and reports a trunk that differs from the peer's first."
    why "After adding an M:N trunk, the new trunk falls back to its site's or the global configuration unless it gets the peer's own: bypass, REFER, usages or translation then change with the trunk a call happens to take."
    example "trunk-config trunk:pbx.contoso.com { media-bypass off; usages [PbxInbound] }\ntrunk pbx-2 { gateway pbx.contoso.com port 5060 tcp; ... }   # uses global"
    fix "Give the new trunk the peer's collection: `trunk-config trunk:pbx-2 from trunk:pbx.contoso.com`.";

    PeerWithoutSrtp = "T0313" "peer-without-srtp" Error []
    summary "a TLS trunk that requires SRTP of a peer that does not do it"
    what "For each TLS trunk whose peer declares `srtp off`, finds the trunk configuration in effect requiring SRTP (`srtp required`, written or Lync's default)."
    why "With SRTPMode Required Lync offers only encrypted media on the trunk; a peer without SRTP cannot accept it, so every call through the trunk fails (peers are commonly seen to answer 488 Not Acceptable Here, a code the documents do not give). Required is the default, so a new trunk to such a peer fails until someone changes it."
    example "gateway pbx.contoso.com { kind ip-pbx; srtp off; root-trunk { port 5067 tls; ... } }   # no srtp in the trunk configuration"
    fix "Write `srtp optional` (or `not-supported`) in the trunk configuration that applies to the trunk, or turn SRTP on at the peer and say `srtp on`.";

    // ------------------------------------------- usages, routes, policies ---
    DuplicateListEntry = "T0401" "duplicate-list-entry" Error ["E27"]
    summary "a usage or trunk listed twice"
    what "Finds repeated entries in voice policy usages, custom call-forwarding usages, trunk configuration usages, and a route's usages and trunks."
    why "The cmdlets refuse a usage twice in a voice policy; in the other lists a second entry means nothing and usually hides a typo."
    example "voice-policy global { usages [Local, \"Long Distance\", Local] }"
    fix "Remove the second entry.";

    InvalidAlternateCallerId = "T0402" "invalid-alternate-caller-id" Error ["E30"]
    summary "a route's replacement caller ID Lync does not accept"
    what "Checks `caller-id suppress 'N'` against New-CsVoiceRoute's rule `(\\+)?[1-9]\\d*(;ext=[1-9]\\d*)?`."
    why "The cmdlet refuses any other AlternateCallerId, and the route would not be created."
    example "route R { pattern '^\\+1\\d{10}$'; caller-id suppress '+1 425 555 0100' }"
    fix "Write a number such as '+14255550100', optionally with ';ext=100'.";

    PolicyWithoutUsages = "T0403" "policy-without-usages" Warning ["E31"]
    summary "a voice policy with no PSTN usages"
    what "Finds voice policies without usages."
    why "Usages link a policy's users to routes; with none, its users reach no route, so they can call only inside Lync. The cmdlets accept such a policy (New-CsVoicePolicy warns, the Control Panel says a policy must have a usage), and internal-only Enterprise Voice policies, for lobby phones for example, are a real design; a policy that lost its usages by mistake looks the same."
    example "voice-policy tag:Lobby { allow-simul-ring off }"
    fix "Add `usages [..]`, in the order routes should be tried; for a policy meant to call only inside Lync, `allow policy-without-usages`.";

    CustomForwardingWithoutUsages = "T0404" "custom-forwarding-without-usages" Error ["E32"]
    summary "custom call-forwarding usages that are empty"
    what "Finds `call-forwarding-usages []`."
    why "CustomUsage needs at least one usage in CustomCallForwardingSimulRingUsages."
    example "voice-policy global { usages [Local]; call-forwarding-usages [] }"
    fix "List the usages, or use `voice-policy` (the policy's own) or `internal-only`.";

    DescriptionTooLong = "T0405" "description-too-long" Error ["E32", "E36", "E39"]
    summary "a description longer than its cmdlet allows"
    what "Checks descriptions: at most 1,040 characters for a voice policy, 512 for a dial plan and for a normalization rule (UTF-16 code units, as .NET counts)."
    why "The cmdlet refuses a longer description."
    example "dial-plan global { description \"... 600 characters ...\"; rule R '^(\\d{11})$' -> '+$1' }"
    fix "Shorten the description.";

    UnreachableRoute = "T0406" "unreachable-route" Warning ["W05"]
    summary "a route no caller can reach"
    what "Finds routes whose usages are on no voice policy (nor its custom call-forwarding usages) and no trunk configuration."
    why "A usage is only a label: a route is chosen only for callers that carry one of its usages, so this route carries no call."
    example "pstn-usage Old\nroute R { pattern '^\\+1\\d{10}$'; usages [Old]; trunks [gw1.contoso.com] }   # no policy has Old"
    fix "Add one of the route's usages to a voice policy or trunk configuration, or remove the route.";

    DeadUsage = "T0407" "dead-usage" Warning ["W06"]
    summary "a PSTN usage with no caller or no route"
    what "Finds usages that are not carried both by an originator (voice policy or trunk configuration) and by a route."
    why "A usage does something only when it links callers to routes; half a link is configuration that does nothing."
    example "pstn-usage International   # on a policy, but no route carries it"
    fix "Add the missing side, or remove the usage.";

    EmptyRoute = "T0408" "empty-route" Warning ["W07"]
    summary "a route with no trunks or no usages"
    what "Finds routes with an empty trunk list or usage list."
    why "New-CsVoiceRoute warns on creating such a route, and it carries no calls."
    example "route R { pattern '^\\+1\\d{10}$'; usages [Local] }"
    fix "Add the missing trunks or usages, or remove the route.";

    NoFallback = "T0409" "no-fallback" Warning ["W09"]
    summary "a caller's only route has a single trunk with fast failover on"
    what "Finds voice policies and trunk configurations with exactly one usage, carried by exactly one route, which has exactly one trunk whose settings keep the fast failover timer on."
    why "With the timer on, a peer that shows no progress within 10 seconds loses the call to the next trunk; with no next trunk the call is dropped."
    example "voice-policy global { usages [Local] }\nroute Local { pattern '^\\+1425\\d{7}$'; usages [Local]; trunks [gw1.contoso.com] }"
    fix "Add a second trunk to the route or a backup usage to the caller, or turn `fast-failover off` for the trunk.";

    CallerIdOnReroute = "T0410" "caller-id-on-reroute" Warning ["W12"]
    summary "caller-ID replacement on a route used for PSTN rerouting"
    what "Finds routes with `caller-id suppress` that carry a usage of a voice policy with `allow-pstn-rerouting` on (Lync's default)."
    why "Calls between Lync users rerouted over the PSTN (WAN or pool down) present the replacement number, which can defeat the callee's Do-Not-Disturb and privacy settings."
    example "route LD { pattern '^\\+1\\d{10}$'; usages [\"Long Distance\"]; trunks [...]; caller-id suppress '+14255550100' }\nvoice-policy global { usages [\"Long Distance\"] }"
    fix "Keep caller-ID replacement off routes used for rerouting, or turn `allow-pstn-rerouting off` in those policies.";

    RouteSpansSites = "T0411" "route-spans-sites" Warning []
    summary "a route whose trunks are in different sites"
    what "Finds routes listing trunks defined in more than one Topology Builder site."
    why "Lync spreads a route's calls over all its trunks; mixing a branch gateway into a central route sends calls across the WAN by chance."
    example "route Local { ...; trunks [gw1.redmond.contoso.com, gw.bellevue.contoso.com] }"
    fix "Make one route per site and order them with usages.";

    SiteWithoutRegistrar = "T0412" "site-without-registrar" Warning []
    summary "a site voice policy or dial plan for a site with no Registrar"
    what "Finds `site:` voice policies and dial plans for sites without a Front End pool."
    why "Site scope applies to users homed on the site's Registrar; a branch site with only a gateway has none, so the policy reaches no user."
    example "branch-site Bellevue { central-site Redmond; gateway gw.bellevue.contoso.com { ... } }\nvoice-policy site:Bellevue { usages [BellevueLocal] }"
    fix "Give the branch users a `tag:` policy or dial plan instead.";

    ForwardingThroughItsp = "T0413" "forwarding-through-itsp" Warning []
    summary "forwarded calls through an ITSP trunk that does not say who forwards them"
    what "Finds trunks to `itsp` peers on routes that carry forwarded or simultaneous-ring calls (a voice policy with `allow-call-forwarding` or `allow-simul-ring` on, through its usages or its custom forwarding usages) whose trunk configuration has neither `forward-call-history` nor `forward-pai` on. Routes that replace the caller ID (`caller-id`) present the company's number and are left alone."
    why "A call forwarded or simultaneously rung out to the PSTN keeps the original caller's number, which lies outside the DID range the provider gave the company; many providers refuse such calls unless History-Info or P-Asserted-Identity names the forwarding user (field knowledge; Microsoft documents only what ForwardCallHistory and ForwardPAI forward)."
    example "gateway sip.itsp.example.net { kind itsp; ... }\ntrunk-config trunk:sip.itsp.example.net { media-bypass off }   # forwarding allowed by the global policy"
    fix "Turn `forward-call-history on` (or `forward-pai on`, as the provider asks) in the ITSP trunk's configuration, or keep forwarded calls off the ITSP with `call-forwarding-usages`.";

    LyncNumbersWithoutUnassigned = "T0414" "lync-numbers-without-unassigned" Warning []
    summary "a `lync-numbers` range with no unassigned number treatment"
    what "Finds `lync-numbers` patterns that no `unassigned-numbers` range meets."
    why "Reverse number lookup finds the numbers Lync users and other objects hold, not the ranges they come from: a number of the range that nobody holds goes on to the routes, often out to the PSTN and back, instead of to an announcement or an Exchange UM Auto Attendant. The unassigned number table is where Lync ends such calls (\"Configure the unassigned number table in Lync Server 2013\")."
    example "lync-numbers '^\\+14255551\\d{3}$'   # and no unassigned-numbers range"
    fix "Declare `unassigned-numbers NAME { range '+14255551000' '+14255551999'; announcement POOL \"NAME\" }` (or `exchange-um '+N'`); `allow lync-numbers-without-unassigned` in a `{ }` block after the pattern where calls to free numbers are meant to be routed.";

    // -------------------------------------------------------- dial plans ---
    DialPlanWithoutRules = "T0501" "dial-plan-without-rules" Error ["E33"]
    summary "a dial plan without normalization rules"
    what "Finds dial plans with no `rule`."
    why "Every dial plan has at least one normalization rule; a new plan gets Lync's placeholder rule, which topoc does not keep."
    example "dial-plan site:Redmond { external-access-prefix '9' }"
    fix "Add the plan's normalization rules.";

    InvalidSimpleName = "T0502" "invalid-simple-name" Error ["E35"]
    summary "a dial plan SimpleName that is invalid or taken"
    what "Checks each dial plan's SimpleName (`simple-name`, else derived from the scope: the site name, `Registrar_FQDN`, `PstnGateway_TRUNK`, the tag, `Global`): non-empty, at most 256 characters, letters, digits, `.`, `_`, `-` only, and unique."
    why "The Control Panel and the cmdlet accept different characters; only their common set works with both, and SimpleNames are unique across dial plans."
    example "site \"New York\" { ... }\ndial-plan site:\"New York\" { rule R '^(\\d{10})$' -> '+1$1' }   # SimpleName `New York`"
    fix "Write `simple-name New-York`.";

    InvalidExternalAccessPrefix = "T0503" "invalid-external-access-prefix" Error ["E36"]
    summary "an external access prefix that is not 1 to 4 digits"
    what "Checks `external-access-prefix` against `[0-9]{1,4}`."
    why "New-CsDialPlan accepts only 1 to 4 digits (the Control Panel also allows `#` and `*`, which the cmdlet refuses)."
    example "dial-plan global { external-access-prefix '*9'; rule R '^(\\d{11})$' -> '+$1' }"
    fix "Use 1 to 4 digits, such as '9'.";

    OptimizeWithoutPrefix = "T0504" "optimize-without-prefix" Error ["E36"]
    summary "optimize device dialing without an external access prefix"
    what "Finds dial plans with `optimize-device-dialing on` and no `external-access-prefix`."
    why "OptimizeDeviceDialing may be true only when an external access prefix is set."
    example "dial-plan global { optimize-device-dialing on; rule R '^(\\d{11})$' -> '+$1' }"
    fix "Add `external-access-prefix '9'` (the digit users dial for an outside line), or turn optimization off.";

    // ----------------------------------------------------- number rules ---
    InvalidPattern = "T0505" "invalid-pattern" Error ["E37"]
    summary "a pattern .NET rejects"
    what "Parses every route pattern, normalization and translation rule pattern, `lync-numbers`, `owns` and `sends` pattern exactly as .NET's `Regex` constructor does, and reports those it would reject, at the character where .NET stops."
    why "Lync stores patterns as .NET regular expressions; New-CsVoiceRoute and the rule cmdlets fail on one .NET rejects, so the route or rule never exists."
    example "route R { pattern '^+1(\\d{10}$'; usages [Local]; trunks [gw1.contoso.com] }   # `(` never closed"
    fix "Correct the pattern as the message says; a literal plus is `\\+`.";

    InvalidTranslation = "T0506" "invalid-translation" Error ["E37"]
    summary "a translation naming a group its pattern lacks"
    what "Reads every translation as .NET's `Match.Result` does and reports references to groups the pattern does not have (`$2` with one group, `${name}` with no such name, `$10` with fewer than ten groups), unclosed `${`, and group numbers too large to read."
    why ".NET copies a reference to a missing group literally, so the number sent to the gateway contains `$2`; that is never what the author meant."
    example "dial-plan site:Redmond { rule R '^(\\d{4})$' -> '+1425555$2' }"
    fix "Refer to a group the pattern has; for group 1 followed by a digit write `${1}0`.";

    UnanchoredPattern = "T0507" "unanchored-pattern" Warning ["W15"]
    summary "a pattern not anchored with `^` and `$`"
    what "Finds route patterns, rule patterns and `lync-numbers` that do not start with `^` and end with `$` in every alternative."
    why "Lync tests patterns with a search anywhere in the number: the default route pattern `[0-9]{10}` matches every number containing ten digits in a row, and how a rule rewrites a number it matches only in part is undocumented."
    example "route R { pattern '[0-9]{10}'; usages [Local]; trunks [gw1.contoso.com] }"
    fix "Anchor the pattern: '^\\+1[0-9]{10}$'. For alternatives, anchor the whole: '^(?:a|b)$'.";

    RepeatedGroupReference = "T0508" "repeated-group-reference" Warning ["W17"]
    summary "a translation takes a group that repeats"
    what "Finds translations referring to a capture group inside a quantifier that allows more than one repetition, such as `(\\d*){1,5}`."
    why "A repeated group keeps only its last repetition; `^9(\\d*){1,5}$` with `+1206$1` turns `95550100` into `+1206`, because the last repetition matched nothing."
    example "dial-plan site:Seattle { rule SeattlePrefix '^9(\\d*){1,5}$' -> '+1206$1' }"
    fix "Put the quantifier inside the group: '^9(\\d{1,5})$'.";

    AmbiguousSubstitution = "T0509" "ambiguous-substitution" Warning ["W18"]
    summary "`$n` followed by a digit or letter"
    what "Finds `$n` references written without braces that run into a digit or letter (`$1a`, `$10`)."
    why ".NET reads `$1a` as group 1 then `a` but reads all the digits of `$10` as one number; other tools (and readers) split them differently."
    example "dial-plan site:Seattle { rule R '^(\\d{4})$' -> '+1206555$1a' }"
    fix "Write the reference in braces: `${1}a`, `${1}0`.";

    NormalizationNotE164 = "T0510" "normalization-not-e164" Warning ["W19"]
    summary "a normalization rule whose output is not E.164"
    what "Finds normalization rules (not `internal-extension on`) whose translation does not produce `+` and digits (optionally `;ext=`), and rules that drop a country code before the group they keep, like `^1(\\d{10})$` -> `+$1`."
    why "Routing, reverse number lookup and authorization work on E.164 numbers; a rule that drops the country code turns `12145550100` into `+2145550100`, a number in no country."
    example "dial-plan site:Dallas { rule LDCallingUS '^1(\\d{10})$' -> '+$1' }"
    fix "Start the translation with `+` and the country code, or keep the country code inside the group: '^(1\\d{10})$' -> '+$1'.";

    RouteRejectsE164 = "T0511" "route-rejects-e164" Warning ["W20"]
    summary "a route pattern that cannot match an E.164 number, or takes every number through `^+`"
    what "Finds route patterns anchored with `^` that cannot match a number starting with `+`, and patterns starting with `^+` that match every number."
    why "Routes see numbers after normalization, in E.164 form (`+14255550100`); a pattern without `\\+` never matches them. `^+1...` is a common slip: in .NET `+` after `^` repeats the anchor, so `^+1425\\d{7}$` never matches `+14255550100`, and `^+` alone matches at the start of any number, so the route takes every call."
    example "route R { pattern '^+1425\\d{7}$'; usages [Local]; trunks [gw1.contoso.com] }"
    fix "Match the `+`: '^\\+1425\\d{7}$'.";

    PlaceholderRule = "T0512" "placeholder-rule" Warning ["W21"]
    summary "Lync's placeholder normalization rule left in a dial plan"
    what "Finds normalization rules `^(\\d{11})$` -> `+$1`, the placeholder New-CsDialPlan puts into every new dial plan (`Keep All`, `Prefix All`)."
    why "The placeholder prefixes `+` to any 11 digits, whatever country they belong to; it is meant to be replaced by the plan's real rules."
    example "dial-plan site:Redmond { rule \"Keep All\" '^(\\d{11})$' -> '+$1' }"
    fix "Replace it with rules for the numbers users dial, or keep it with `allow placeholder-rule \"reason\"`.";

    TranslatedTwice = "T0513" "translated-twice" Warning ["W22"]
    summary "trunk translation rules for a peer that translates numbers itself"
    what "Finds trunks whose configuration has called- or calling-number rules while their gateway is declared `translates on`."
    why "Translation on the trunk is meant as an alternative to translation on the peer; doing both rewrites numbers twice."
    example "gateway gw1.contoso.com { translates on; ... }\ntrunk-config trunk:gw1.contoso.com { called-number { rule R '^\\+(\\d*)$' -> '$1' } }"
    fix "Translate in one place: remove the trunk's rules, or turn translation off on the peer and say `translates off`.";

    UnicodeDigits = "T0514" "unicode-digits" Info ["W23"]
    summary "`\\d` matches every Unicode decimal digit"
    what "Notes, once per project, where a pattern first uses `\\d`."
    why ".NET's `\\d` matches any Unicode decimal digit (Arabic-Indic `٣`, full-width `３`), not only 0-9; numbers typed on some keyboards or pasted from documents can contain them."
    example "route R { pattern '^\\+1\\d{10}$'; ... }"
    fix "Where only ASCII digits may match, write `[0-9]`.";

    NonPortablePattern = "T0515" "non-portable-pattern" Warning ["W24"]
    summary "a pattern outside the regular subset"
    what "Finds look-ahead and look-behind, back-references, atomic groups, balancing groups, conditionals and lazy loops over groups that can match nothing."
    why "Only .NET evaluates them; topoc's whole-number analyses cannot cover them, and topoc does not evaluate conditionals or lazy loops over empty-matching groups at all (.NET's results for them depend on its internals)."
    example "route R { pattern '^\\+1425(?!555)\\d{7}$'; ... }"
    fix "Express the set with plain classes and alternatives ('^\\+1425(?:[0-46-9]\\d\\d|5[0-46-9]\\d|55[0-46-9])\\d{4}$'), or keep the construct and `allow non-portable-pattern \"reason\"`.";

    PrefixWithoutOptimize = "T0516" "prefix-without-optimize" Warning ["W25"]
    summary "an external access prefix that is ignored"
    what "Finds dial plans with an `external-access-prefix` and without `optimize-device-dialing on`."
    why "Lync removes the external access prefix only when OptimizeDeviceDialing is on; otherwise the prefix stays in the number and the rules must match it."
    example "dial-plan site:Redmond { external-access-prefix '9'; rule R '^(\\d{7})$' -> '+1425$1' }"
    fix "Add `optimize-device-dialing on`, or remove the prefix.";

    PatternBeyondLimits = "T0517" "pattern-beyond-limits" Error []
    summary "a pattern longer or more deeply nested than topoc reads"
    what "Finds patterns longer than 10,000 characters or nesting groups more than 100 deep. .NET may accept them; topoc refuses to read them rather than risk its stack, time and memory, and says so."
    why "A dial-string pattern is a few dozen characters; one this size is almost certainly generated by mistake, and topoc cannot check or simulate what it does not read."
    example "route R { pattern '^((((((...))))))$' }   # 101 nested groups"
    fix "Write the pattern shorter or flatter: split it into several routes or rules.";

    TranslationDropsDigits = "T0518" "translation-drops-digits" Warning []
    summary "a translation that drops the digits its pattern captures"
    what "Finds normalization and translation rules whose translation uses no group (`$1`, `${name}`, `$0`, ...) while their pattern captures digits that vary, like `'^(\\d{7})$' -> '+1425'`."
    why "Every number the rule takes becomes the same text: the dialled digits are lost. It is the trace of a rule written in PowerShell with the translation in double quotes, `\"+1425$1\"`, where `$1` is a PowerShell variable that expands to nothing before the cmdlet sees it."
    example "dial-plan site:Redmond { rule Local '^(\\d{7})$' -> '+1425' }"
    fix "Write the group into the translation: '+1425$1' (in PowerShell, single quotes). A rule meant to map numbers to one fixed number can say so with `allow translation-drops-digits`.";

    // ----------------------------------------------------------- network ---
    InterSiteToItself = "T0601" "inter-site-to-itself" Error ["E46"]
    summary "an inter-site policy from a site to itself"
    what "Finds `inter-site A A`."
    why "An inter-site policy describes a direct link between two network sites."
    example "network { ...; inter-site Redmond-HQ Redmond-HQ { bandwidth Wan5M } }"
    fix "Name the other site.";

    DuplicateInterSite = "T0602" "duplicate-inter-site" Error ["E46"]
    summary "two inter-site policies for one pair of sites"
    what "Finds a second inter-site policy between the same two network sites, in either order."
    why "A pair of sites has one link policy; two would give the link two bandwidth limits."
    example "inter-site HQ Branch { bandwidth Wan5M }\ninter-site Branch HQ { bandwidth Wan10M }"
    fix "Keep one policy per pair.";

    MissingRegionRoute = "T0603" "missing-region-route" Error ["E47"]
    summary "call admission control on without a route between two regions"
    what "With `call-admission-control on`, finds each pair of network regions without a `region-route` between them."
    why "Enabling the bandwidth policy check validates that every pair of regions has a route; Set-CsNetworkConfiguration fails otherwise."
    example "network {\n  call-admission-control on\n  region NorthAmerica { central-site Redmond }\n  region Europe { central-site London }\n}"
    fix "Add `region-link NAME A B { bandwidth PROFILE }` and `region-route A B { links [NAME] }`.";

    BypassWithoutCentralizedMedia = "T0604" "bypass-without-centralized-media" Error ["E20"]
    summary "media bypass with centralized media off"
    what "Finds trunk configurations whose settings have `media-bypass on` and `centralized-media off`."
    why "EnableBypass can be true only when ConcentratedTopology is true (interaction I1); New-CsTrunkConfiguration refuses the pair."
    example "trunk-config global { media-bypass on; centralized-media off }"
    fix "Turn `centralized-media on` (the peer has a known media termination point), or bypass off.";

    BypassReferRtcp = "T0605" "bypass-refer-rtcp" Error ["E21"]
    summary "media bypass with REFER off but an RTCP check on"
    what "Finds trunk configurations with `media-bypass on`, `refer off`, and `rtcp-active-calls` or `rtcp-calls-on-hold` on."
    why "Bypass with REFER off is allowed only when both RTCP checks are off (interactions I2, I4); the cmdlet refuses anything else."
    example "trunk-config global { media-bypass on; refer off }"
    fix "Add `rtcp-active-calls off` and `rtcp-calls-on-hold off`, or turn REFER back on.";

    AlwaysBypassWithCac = "T0606" "always-bypass-with-cac" Error ["E43"]
    summary "always-bypass mode with call admission control"
    what "Finds `bypass-mode always` together with `call-admission-control on`."
    why "AlwaysBypass is valid only with CAC off; with CAC, bypass uses sites and regions and the two options exclude each other."
    example "network { bypass-mode always; call-admission-control on }"
    fix "Use `bypass-mode sites-and-regions`, or turn CAC off.";

    BypassWithoutNetworkSites = "T0607" "bypass-without-network-sites" Error ["E44"]
    summary "bypass by sites and regions with no network sites"
    what "Finds `bypass-mode sites-and-regions` in a network with no network site."
    why "Site-and-region bypass needs the regions, sites and subnets before the global bypass settings; without them no client gets a bypass ID."
    example "network { bypass-mode sites-and-regions }"
    fix "Declare the regions, their network sites and subnets.";

    BypassSettingsDisagree = "T0608" "bypass-settings-disagree" Warning ["W35"]
    summary "trunk and global bypass settings that cancel each other"
    what "Finds trunk configurations (used by trunks) that turn `media-bypass on` while bypass is off globally, and a global bypass mode with no trunk allowing bypass."
    why "Trunk bypass has no effect unless bypass is on globally, and global bypass does nothing for trunks whose configuration keeps it off (interaction I11)."
    example "network { bypass-mode off }\ntrunk-config global { media-bypass on }"
    fix "Turn bypass on in both places, or off in both.";

    BypassToItsp = "T0609" "bypass-to-itsp" Warning ["W36"]
    summary "media bypass to an ITSP's SBC"
    what "Finds trunks to `itsp` peers whose settings have bypass on."
    why "Bypass sends media from clients straight to the provider's SBC: many SBCs accept media only from the Mediation Server, and the enterprise's internal addresses are revealed to the provider."
    example "gateway sbc.itsp.example.net { kind itsp; ... }\ntrunk-config global { media-bypass on }"
    fix "Confirm with the provider, declare `accepts-client-media on` and acknowledge with `allow bypass-to-itsp \"reason\"`; otherwise turn bypass off for the trunk.";

    BypassToPeerRefusingClientMedia = "T0610" "bypass-to-peer-refusing-client-media" Error []
    summary "media bypass to a peer that takes media only from the Mediation Server"
    what "Finds trunks with bypass on to peers declared `accepts-client-media off` (condition B8)."
    why "Bypassed media goes from the client to the peer; a peer that accepts media only from the Mediation Server drops it, and bypass must not be enabled on that trunk."
    example "gateway sbc.itsp.example.net { kind itsp; accepts-client-media off; ... }\ntrunk-config global { media-bypass on }"
    fix "Give the trunk a configuration with `media-bypass off`.";

    BypassPeerNotQualified = "T0611" "bypass-peer-not-qualified" Warning ["W37"]
    summary "media bypass to a peer not declared able to take it"
    what "Finds peers with a bypass trunk that do not declare `early-dialogs on` (handling forked responses, a requirement of qualified bypass peers)."
    why "Bypass is supported only with peers on the interoperability list that handle multiple early dialogs; others fail calls in ways that are hard to trace."
    example "gateway gw1.contoso.com { kind pstn-gateway; root-trunk { ... } }   # bypass on, early-dialogs not declared"
    fix "Check the peer is qualified for bypass and declare `early-dialogs on` (with its `max-early-dialogs`).";

    SrtpEncryptionMismatch = "T0612" "srtp-encryption-mismatch" Warning ["W38"]
    summary "a bypass trunk whose SRTP the encryption level excludes"
    what "For trunks with bypass on, compares SRTP (not supported on TCP trunks) with the deployment's `media-encryption`: SRTP required with encryption not supported, or no SRTP with encryption required, cannot bypass."
    why "Bypassed media runs between client and peer, so the client's encryption level meets the peer's SRTP (interaction I6); when they exclude each other the call keeps the Mediation Server."
    example "deployment { media-encryption required }\ntrunk-config global { media-bypass on; srtp not-supported }"
    fix "Make SRTP and the encryption level compatible, or turn bypass off for the trunk.";

    PeerMediaUnmapped = "T0613" "peer-media-unmapped" Warning ["W39"]
    summary "a bypass peer's media address is in no mapped subnet"
    what "In sites-and-regions mode without bypass for unmapped subnets, finds bypass peers whose media address (`media-ip`, else `address`, else an IP name) is in no network site's subnets."
    why "A peer address in no mapped subnet has no bypass ID, so no call to it ever bypasses."
    example "gateway gw1.contoso.com { media-ip 192.168.7.5; ... }   # no network site holds 192.168.7.0"
    fix "Map the peer's subnet to its network site.";

    PeerLocationUnknown = "T0614" "peer-location-unknown" Info ["W39", "W44"]
    summary "a bypass peer's media address is unknown"
    what "In sites-and-regions mode, finds bypass peers given by FQDN only (no `media-ip`, no `address`)."
    why "Bypass is decided on the peer's media termination address (RepresentativeMediaIP, else its signalling address); without it topoc cannot place the peer and does not guess."
    example "gateway gw1.contoso.com { root-trunk { ... } }"
    fix "Give `media-ip` (where its media terminates) or `address`.";

    SupernetSubnet = "T0615" "supernet-subnet" Warning ["W40"]
    summary "a configured subnet that contains other configured subnets"
    what "Finds network-site subnets that strictly contain another configured subnet."
    why "For bypass, a client's address masked with its own mask must equal a configured subnet exactly; a supernet matches no client of the smaller subnets (CAC tolerates it, bypass does not)."
    example "network-site HQ { subnets [172.29.0.0/16] }\nnetwork-site Lab { subnets [172.29.81.0/24] }"
    fix "List the real client subnets instead of the supernet.";

    BypassWithoutBandwidthPolicies = "T0616" "bypass-without-bandwidth-policies" Warning ["W41"]
    summary "site-and-region bypass without CAC and without bandwidth policies"
    what "Finds sites-and-regions mode with call admission control off and no bandwidth profile on any site or inter-site link, in a network of two or more sites."
    why "Without CAC, bandwidth policies are what give constrained sites their own bypass IDs; with none, every site inherits its region's ID and bypass is tried across constrained WAN links."
    example "network { bypass-mode sites-and-regions; region NA { ...; network-site HQ { ... }; network-site Branch { ... } } }"
    fix "Give each constrained site a `bandwidth` profile (values do not matter without CAC) and each constrained link an `inter-site` policy.";

    DefaultBypassWithCac = "T0617" "default-bypass-with-cac" Warning ["W42"]
    summary "bypass for unmapped subnets with call admission control"
    what "Finds `default-bypass-for-unmapped on` with `call-admission-control on`."
    why "The option lets an unmapped core bypass without defining its subnets; with CAC every subnet should be mapped, and the combination is not recommended."
    example "network { call-admission-control on; default-bypass-for-unmapped on; ... }"
    fix "Map every subnet and turn the option off.";

    AlwaysBypassOverConstrainedLinks = "T0618" "always-bypass-over-constrained-links" Warning ["W43"]
    summary "always-bypass mode with constrained sites or links"
    what "Finds `bypass-mode always` in a network that declares bandwidth profiles on sites or inter-site policies."
    why "Always mode gives every subnet one bypass ID, so media bypasses across constrained WAN links too."
    example "network { bypass-mode always; ...; network-site Branch { bandwidth Wan5M } }"
    fix "Use `bypass-mode sites-and-regions`.";

    ManualBypassId = "T0619" "manual-bypass-id" Warning ["W45"]
    summary "a bypass ID set by hand"
    what "Finds `bypass-id` on regions and network sites."
    why "Lync generates bypass IDs per region and constrained site; overriding them is strongly discouraged, and two objects given one ID bypass between each other."
    example "region NA { central-site Redmond; bypass-id 3f2504e0-4f89-11d3-9a0c-0305e82c3301 }"
    fix "Remove `bypass-id`.";

    InvalidBypassId = "T0620" "invalid-bypass-id" Error ["E25"]
    summary "a bypass ID that is not a GUID"
    what "Checks `bypass-id` values are GUIDs (8-4-4-4-12 hexadecimal digits)."
    why "BypassID is a GUID; the cmdlets refuse anything else."
    example "network-site HQ { bypass-id hq-1 }"
    fix "Remove it (Lync generates one), or write a GUID.";

    ExpectedBypassFails = "T0621" "expected-bypass-fails" Warning ["W46"]
    summary "a network site does not bypass through a trunk it expects to"
    what "For each trunk a network site lists in `expect-bypass [..]`, decides bypass for the site's clients and reports the pairs that do not bypass, with every failing condition."
    why "Bypass fails silently: media simply goes through the Mediation Server. Stating the intent turns a silent fallback into a finding."
    example "network-site Branch { subnets [10.20.0.0/24]; bandwidth Wan5M; expect-bypass [gw1.redmond.contoso.com] }"
    fix "Fix the conditions `topoc bypass` lists for the pair, or drop the trunk from `expect-bypass`.";

    BranchGatewayUnused = "T0622" "branch-gateway-unused" Warning ["W47"]
    summary "a branch site's gateways are on no voice policy's routes"
    what "Finds branch sites with trunks that no route carrying a voice policy usage lists."
    why "A branch defined with only a gateway needs a voice policy that sends its users' PSTN calls through that gateway; otherwise the gateway, and bypass at the branch, go unused."
    example "branch-site Bellevue { central-site Redmond; gateway gw.bellevue.contoso.com { ... } }\n# no route through gw.bellevue is on any policy"
    fix "Give the branch users a `tag:` policy whose first usage routes through the branch gateway.";

    BypassOnWireless = "T0623" "bypass-on-wireless" Warning ["W48"]
    summary "media bypass for a wireless site"
    what "Finds network sites declared `wireless on` whose clients bypass through some trunk."
    why "Non-bypass calls can use RTAudio, which copes better with loss; the guidance is to evaluate the Wi-Fi quality before enabling bypass for wireless subnets."
    example "network-site Campus-WiFi { subnets [10.50.0.0/22]; wireless on }"
    fix "Evaluate the Wi-Fi; to keep its clients off bypass, give the site a bandwidth policy of its own so it gets its own bypass ID.";

    EdgeIpNotMapped = "T0624" "edge-ip-not-mapped" Warning ["W49"]
    summary "an A/V Edge public address not mapped as a /32 subnet"
    what "Finds `av-public-ip` addresses of Edge pools that no network site lists as a /32 subnet."
    why "The public addresses of A/V Edge servers must be added as /32 subnets of their site, for bypass and CAC to place external media."
    example "site Redmond { edge-pool edge.contoso.com { av-public-ip 131.107.1.5 } }"
    fix "Add `131.107.1.5/32` to the subnets of the Edge pool's network site.";

    // ------------------------------------------- whole-space routing analysis ---
    PstnReflection = "T0701" "pstn-reflection" Warning ["W01"]
    summary "a call from the PSTN can be switched back out to the PSTN"
    what "Follows every number a PSTN-facing peer (`pstn-gateway`, `itsp`, `pstn-access on`) can send through the ingress trunk's dial plan and its configuration's usages, and reports a usage under which some number leaves on a trunk to a PSTN-facing peer (what a peer sends is its `sends`, assumption A08 in docs/assumptions.md). The witness is such a number, replayed through the call simulator."
    why "Anyone on the PSTN can then use Lync to place calls back out (toll fraud); Microsoft's guidance is not to give a PSTN gateway's trunk configuration usages that route to the PSTN (LYNC-TRUNKS 4.2)."
    example "trunk-config trunk:gw1.contoso.com { usages [Local] }   # Local routes +1425... to an ITSP"
    fix "Remove the usage from the gateway's trunk configuration or narrow the route it reaches; if the flow is intended, say why with `allow pstn-reflection \"reason\"` in that trunk configuration.";

    SelfHairpin = "T0702" "self-hairpin" Warning ["W02"]
    summary "a call can be routed back out on the trunk it came in on"
    what "Reports an ingress trunk's usage under which some number the peer sends is routed to a route that lists that same trunk; the witness is such a number."
    why "The peer gets its own call back: at best a wasted channel pair, at worst a loop if the peer routes it to Lync again."
    example "trunk-config trunk:pbx.contoso.com { usages [Pbx] }\nroute Back { pattern '^\\+1\\d{10}$'; usages [Pbx]; trunks [pbx.contoso.com] }"
    fix "Narrow the route to numbers the peer does not send, or remove the usage from the trunk's configuration.";

    PeerHairpin = "T0703" "peer-hairpin" Warning ["W03"]
    summary "a call can be routed back to its peer on another trunk"
    what "Reports an ingress trunk's usage under which some number the peer sends is routed to another trunk to the same peer (another port or Mediation pool); the witness is such a number."
    why "The peer gets its own call back through Lync, costing two Mediation Server legs for nothing and inviting loops."
    example "trunk-config trunk:pbx.contoso.com { usages [Pbx] }   # Pbx reaches a route to trunk pbx-2 of the same PBX"
    fix "Narrow the route to numbers the peer does not send, or remove the usage from the trunk's configuration.";

    RoutingLoop = "T0704" "routing-loop" Warning ["W04"]
    summary "a number can circulate forever between Lync and a peer"
    what "Builds the graph of trunks in which a call entering on one trunk leaves on another whose peer passes the number back (it does not `owns` it and its `sends` carries it: assumption A08 in docs/assumptions.md), follows the number through every dial plan and translation rule, and reports each cycle on which some number comes back to the first trunk unchanged. The witness is the shortest such number with the hop list."
    why "Such a call loops until it times out, holding a channel on every pass; the classic case is a migration in which Lync and a PBX each route numbers they do not own to the other."
    example "gateway pbx.contoso.com { kind ip-pbx; owns '^\\+14255550\\d{3}$' }   # its other numbers come back to Lync\nroute ToPbx { pattern '^\\+1425\\d{7}$'; usages [PbxInbound]; trunks [pbx.contoso.com] }"
    fix "Make the route toward the peer match only the numbers it owns, or declare the peer's `owns` and `sends` as it is really configured and make its default route end somewhere else.";

    AmbiguousRouteOrder = "T0705" "ambiguous-route-order" Warning []
    summary "two routes of one usage can match the same number, in an order Lync 2013 does not keep"
    what "For each usage, finds two routes that can both match a number that is not a Lync user's, whatever their priorities; the witness is such a number. One finding per route, with the first earlier route of the usage it meets."
    why "Lync 2013 does not reliably try the routes of one usage in priority order: a Microsoft support case confirmed as by design that it tried a catch-all route of a usage before a more specific one with a better priority (it prefers the least complex pattern; assumption A06 in docs/assumptions.md). A design that needs one route before the other breaks in production although every test of its priorities passes; topoc simulates the priority order and marks such outcomes as assumed."
    example "route Pbx { pattern '^\\+14255550\\d{3}$'; usages [Local]; priority 0; trunks [pbx.contoso.com] }\nroute Local { pattern '^\\+1425\\d{7}$'; usages [Local]; priority 1; trunks [gw1.contoso.com] }"
    fix "Give the preferred route a usage of its own and put that usage before the fallback's in every voice policy and trunk configuration that carries both (Microsoft's failover pattern), or make the patterns disjoint; where either order is fine, acknowledge it with `allow ambiguous-route-order \"reason\"`.";

    ShadowedRoute = "T0706" "shadowed-route" Warning ["W08"]
    summary "a route that is never a candidate"
    what "Reports a route that some voice policy, call-forwarding list or trunk configuration carries but that no call can reach: every number it matches is a Lync user's (`lync-numbers`), and reverse number lookup ends routing before any route is looked at. The witness is such a number. A route that only ever follows others is a failover route (tried when the earlier ones fail) and is not reported."
    why "The route is configuration that does nothing; usually `lync-numbers` is wider than the numbers Lync users hold, or the route's pattern is not the one meant."
    example "lync-numbers '^\\+1425555\\d{4}$'\nroute Office { pattern '^\\+14255551\\d{3}$'; usages [Local]; trunks [gw1.contoso.com] }"
    fix "Narrow `lync-numbers` to the numbers Lync users hold, fix the route's pattern, or remove the route.";

    ShadowedRule = "T0707" "shadowed-rule" Warning ["W16"]
    summary "a normalization or translation rule that can never fire"
    what "For each dial plan and each trunk configuration's called- and calling-number rules, reports a rule every number of which an earlier rule of the same list matches (the first match wins). The witness is a number the rule matches and the rule that takes it."
    why "The rule is dead: whatever it was written for is done by the earlier rule, probably not as intended."
    example "rule All '^(\\d+)$' -> '+$1'\nrule Ext '^(\\d{4})$' -> '+14255550$1'   # All takes every extension"
    fix "Move the rule above the rule that takes its numbers, narrow that rule, or remove the dead one.";

    AnalysisIndeterminate = "T0708" "analysis-indeterminate" Info []
    summary "a routing finding topoc cannot decide"
    what "Names a pattern or rule the whole-space analysis cannot use — a construct outside the regular subset (look-around, back-reference, atomic group, conditional, word boundary), a translation that copies text whose place varies, an automaton past topoc's size limit — and says which findings it leaves undecided."
    why "topoc never guesses: a claim such as \"no number can loop\" holds only where every pattern on the way is analysed."
    example "route R { pattern '^\\+1(?!900)\\d{10}$'; ... }   # look-ahead"
    fix "Where you can, write the pattern without the construct (an explicit class or alternative); otherwise check those routes with golden `test` blocks.";

    // ------------------------------------------------------- call tests ---
    CallTestFailed = "T0801" "call-test-failed" Error []
    summary "a golden call test whose expectation does not hold"
    what "Simulates every `test` block (LANGUAGE.md section 7) and compares each expectation with what happens: the normalized number, the winning route, its trunks, the failover routes, the numbers as sent, media bypass."
    why "Golden tests pin down what a change must not break; a failure names the expected and the actual value and shows the simulated call."
    example "test \"PBX extension\" { from user { home-pool fe01.contoso.com }; dial '123'; expect { route To-Pbx } }"
    fix "Read the trace: either the topology changed what the call does (fix the topology) or the expectation is out of date (fix the test).";

    CallTestUndecided = "T0802" "call-test-undecided" Error []
    summary "a golden call test topoc cannot evaluate"
    what "Reports tests whose call meets a pattern topoc cannot evaluate (a conditional, a lazy loop over an empty-matching group, or a pattern needing more back-tracking than topoc allows), or whose bypass expectation has no caller location."
    why "A test that cannot run proves nothing; saying so is better than passing it."
    example "test \"T\" { from user { }; dial '123'; expect { bypass on } }   # no network site"
    fix "Simplify the pattern the message names, or give the caller a `network-site` or `ip`.";

    ManualTopologyStep = "T0803" "manual-topology-step" Warning []
    summary "a trunk `topoc build` leaves to a Topology Builder step"
    what "Reported by `topoc build` for every trunk it does not write into topology.xml: additional (M:N) trunks, whose XML form no public document shows, and trunks whose gateway or Mediation pool is in a branch site, whose XML element is unknown (TOPOLOGY-XML.md 2.2, 7)."
    why "topoc writes only what a real topology document shows, rather than guess a layout Topology Builder might reject or misread; the trunk still has to exist before deploy.ps1 routes calls to it."
    example "trunk pbx-2 { gateway pbx.contoso.com port 5060 tcp; mediation med.contoso.com port 5069 }"
    fix "Add the trunk in Topology Builder with the fields listed in topology-steps.md, or build with `--experimental-additional-trunks` to write additional trunks in the inferred layout and check them before publishing.";

    // ---------------------------------------------------------- internal ---
    InternalError = "T0901" "internal-error" Error []
    summary "topoc reached a state it should never reach"
    what "Reports an internal inconsistency instead of crashing."
    why "This is a bug in topoc, not in your topology; the rest of the output may be incomplete."
    example "# any input that triggers it"
    fix "Please report it with the input that triggers it.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_in_code_order_and_unique() {
        for (i, info) in REGISTRY.iter().enumerate() {
            assert_eq!(info.code as usize, i, "{} out of place", info.id);
            assert!(
                info.id.len() == 5 && info.id.starts_with('T'),
                "{}",
                info.id
            );
            assert!(
                info.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
            );
        }
        for pair in REGISTRY.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} before {}",
                pair[0].id,
                pair[1].id
            );
        }
        let mut names: Vec<_> = REGISTRY.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len(), "names must be unique");
    }

    #[test]
    fn lookup_by_id_or_name() {
        assert_eq!(Code::lookup("t0101"), Some(Code::DuplicateDeclaration));
        assert_eq!(Code::lookup("unknown-name"), Some(Code::UnknownName));
        assert_eq!(Code::lookup("nope"), None);
    }
}
