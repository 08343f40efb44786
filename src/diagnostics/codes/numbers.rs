//! The registry rows: Dial plans and number rules (T05).
//!
//! A link of the chain `codes.rs` builds the registry with: the macro adds
//! these rows to those it is given and hands them all to the next macro
//! named (the last is `codes!`).

macro_rules! registry_numbers {
    ($next:ident $(, $rest:ident)* ; $($rows:tt)*) => {
        $next! { $($rest),* ; $($rows)*
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

        }
    };
}
