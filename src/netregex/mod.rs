//! .NET regular expressions, as Lync evaluates them.
//!
//! Every normalization rule, route pattern and translation rule in Lync is
//! a .NET `System.Text.RegularExpressions` pattern, and every translation a
//! .NET substitution (LYNC-TRUNKS 6.1). Where .NET and another engine
//! disagree on one number, a simulation that uses the other engine is
//! wrong exactly where it matters, so topoc carries its own engine built
//! to .NET's rules rather than the `regex` crate:
//!
//! - **Acceptance.** `regex` rejects what .NET accepts (look-around,
//!   back-references, `(?<name>...)` with `'` quotes, `^+`, `{` as a
//!   literal, octal escapes, class subtraction, balancing groups) and
//!   accepts what .NET rejects (`\_`). E37 must say "Lync rejects this
//!   pattern" exactly when Lync does.
//! - **Meaning.** Captures of repeated groups (.NET keeps the last
//!   iteration and stops a greedy loop after an empty iteration), `$1a`
//!   and `$10` in translations, a reference to a missing group left as
//!   literal text, `\d` over Unicode digits, `$` before a final newline,
//!   UTF-16 code units as the unit of matching: each differs somewhere.
//! - **Cost.** Dial strings are a few dozen characters and Lync patterns
//!   are short and mostly anchored, so a back-tracking interpreter over
//!   the parsed tree answers in well under a microsecond for a typical
//!   rule, and parsing a pattern costs about as much as `regex-syntax`
//!   does, with no compilation step: 100,000 route patterns are ready as
//!   soon as they are parsed (see benches/).
//!
//! The parser ([`parse`]) mirrors `RegexParser`; the matcher ([`exec`])
//! mirrors `RegexInterpreter`'s back-tracking order; the substitution
//! reader ([`replace`]) mirrors `ScanReplacement`. The Unicode data
//! (categories, white space, lower case, named blocks) is generated from
//! the .NET engine itself ([`tables`]). tests/dotnet.rs runs the engine
//! against .NET (Mono) on the documented vectors and on generated
//! patterns, and fails on any disagreement.
//!
//! What is not evaluated, though it parses (so valid patterns are never
//! rejected): conditionals `(?(...)yes|no)`, whose results .NET's own
//! search shortcuts change, and lazy loops `*?`/`+?` over a group that can
//! match nothing, after which .NET's interpreter reports wrong positions.
//! No Lync rule needs either; matching such a pattern reports
//! [`Undecided`] instead of a guess, and W24 names the construct.
//! The options are those Lync uses: none (`RegexOptions.None`), with case
//! mapping of the invariant culture (which en-US shares).

pub mod ast;
pub mod class;
mod exec;

pub use exec::STEP_BUDGET;
mod facts;
pub mod parse;
pub mod replace;
#[rustfmt::skip]
mod tables;

pub use ast::{Anchor, Node};
pub use facts::{Construct, escaped};
pub use parse::Error;
pub use replace::{Reference, Replacement, ReplacementError, Target};

/// Why a match could not be decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undecided {
    /// The search took more back-tracking steps than topoc allows
    /// ([`exec::STEP_BUDGET`]); .NET would keep going.
    Budget,
    /// The pattern nests deeper than topoc's matcher allows.
    Depth,
    /// The pattern has a conditional, which topoc does not evaluate.
    Conditional,
    /// The pattern has a lazy loop (`*?`, `+?`) over a group that can
    /// match nothing. After such a loop takes an empty iteration, .NET's
    /// interpreter leaves a stray entry on its stack and reports wrong
    /// match and group positions; topoc does not imitate that.
    LazyEmptyLoop,
    /// Earlier searches spent the back-tracking allowance a caller gives
    /// this pattern, or a whole run of simulations (a pattern that needs
    /// the whole budget on one number usually needs it on the next).
    Spent,
}

impl Undecided {
    /// The reason in words.
    pub fn reason(self) -> &'static str {
        match self {
            Undecided::Budget => "the match needs more back-tracking than topoc allows",
            Undecided::Depth => "the pattern nests deeper than topoc's matcher allows",
            Undecided::Conditional => "topoc does not evaluate conditionals `(?(...)...)`",
            Undecided::LazyEmptyLoop => {
                "a lazy loop `*?`/`+?` over a group that can match nothing, after which .NET reports wrong match positions"
            }
            Undecided::Spent => {
                "earlier calls spent the back-tracking budget topoc gives this pattern (or this run of simulations)"
            }
        }
    }
}

/// The longest pattern topoc parses (characters). Lync patterns are dial
/// strings of a few dozen; a longer one is refused with a clear error
/// rather than risk the time and memory of the analyses.
pub const MAX_PATTERN_LEN: usize = 10_000;

/// The deepest nesting of groups topoc parses (its parser and analyses
/// recurse once per level); the tree may be three times as deep.
pub const MAX_NESTING: usize = 100;

/// Why topoc will not read a pattern .NET may well accept: it is longer
/// than [`MAX_PATTERN_LEN`]. (Nesting is measured on the parsed tree, by
/// [`Regex::new`].)
pub fn beyond_limits(pattern: &str) -> Option<String> {
    (pattern.chars().count() > MAX_PATTERN_LEN)
        .then(|| format!("the pattern is longer than {MAX_PATTERN_LEN} characters, topoc's limit"))
}

/// How deep a tree is, counted without recursion (the tree may be deeper
/// than the stack allows).
fn depth(root: &Node) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(&Node, usize)> = vec![(root, 1)];
    while let Some((n, d)) = stack.pop() {
        deepest = deepest.max(d);
        match n {
            Node::Concat(nodes) | Node::Alt(nodes) => {
                stack.extend(nodes.iter().map(|c| (c, d + 1)))
            }
            Node::Repeat { node, .. }
            | Node::Capture { node, .. }
            | Node::Group(node)
            | Node::Atomic(node)
            | Node::Look { node, .. } => stack.push((node, d + 1)),
            Node::IfGroup { yes, no, .. } => {
                stack.push((yes, d + 1));
                stack.push((no, d + 1));
            }
            Node::IfMatch {
                condition, yes, no, ..
            } => {
                stack.push((condition, d + 1));
                stack.push((yes, d + 1));
                stack.push((no, d + 1));
            }
            _ => {}
        }
    }
    deepest
}

/// A parsed .NET pattern, ready to match.
#[derive(Clone, Debug)]
pub struct Regex {
    pattern: String,
    parsed: parse::Parsed,
    /// Every match starts at position 0 (a leading `^` or `\A` on every
    /// path), so only that position is searched.
    anchored: bool,
    unsupported: Option<Undecided>,
    /// [`Regex::literal_prefix`], when it converts to text exactly: a
    /// number that does not start with it cannot match.
    prefix: Option<String>,
    /// Whether the pattern has a construct outside the regular subset.
    nonregular: bool,
}

impl Regex {
    /// Parses a pattern; `Err` exactly when .NET's `new Regex(pattern)` throws.
    pub fn new(pattern: &str) -> Result<Regex, Error> {
        if let Some(message) = beyond_limits(pattern) {
            return Err(Error {
                message,
                offset: 0,
                limit: true,
            });
        }
        let parsed = parse::parse(pattern)?;
        // Every stage after the parser recurses once per level of the tree
        // (a group is at most three: group, sequence, repetition).
        if depth(&parsed.root) > 3 * MAX_NESTING {
            return Err(Error {
                message: format!(
                    "the pattern's tree is more than {} levels deep, topoc's limit",
                    3 * MAX_NESTING
                ),
                offset: 0,
                limit: true,
            });
        }
        let mut unsupported = None;
        let mut nonregular = false;
        parsed.root.walk(&mut |n| {
            let Some((_, _, undecided)) = facts::construct(n) else {
                return;
            };
            nonregular = true;
            match undecided {
                // A conditional anywhere is the reason given.
                Some(Undecided::Conditional) => unsupported = Some(Undecided::Conditional),
                Some(why) => {
                    unsupported.get_or_insert(why);
                }
                None => {}
            }
        });
        let anchored = facts::starts_with_anchor(&parsed.root);
        let units = prefix_units(&parsed.root);
        let prefix = String::from_utf16(&units).ok().filter(|p| !p.is_empty());
        Ok(Regex {
            pattern: pattern.to_string(),
            parsed,
            anchored,
            unsupported,
            prefix,
            nonregular,
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The parsed tree.
    pub fn root(&self) -> &Node {
        &self.parsed.root
    }

    /// Group numbers in increasing order (0, the whole match, first).
    pub fn group_numbers(&self) -> &[u32] {
        &self.parsed.numbers
    }

    /// The number of a named group.
    pub fn group_number(&self, name: &str) -> Option<u32> {
        self.parsed
            .names
            .iter()
            .find(|(n, _)| n == name)
            .map(|&(_, g)| g)
    }

    /// The slot of group number `n`, if the pattern has it.
    pub fn slot_of(&self, n: u32) -> Option<usize> {
        self.parsed.numbers.binary_search(&n).ok()
    }

    /// The text every match must start with at position 0: the literal
    /// code units after a leading `^` or `\A`, case-sensitive. Empty when
    /// the pattern does not start that way. A route index keys on it.
    pub fn literal_prefix(&self) -> String {
        self.prefix.clone().unwrap_or_default()
    }

    /// Whether the pattern uses a construct outside the regular subset
    /// (look-around, back-references, atomic or balancing groups,
    /// conditionals): [`Regex::constructs`] lists them.
    pub fn is_regular(&self) -> bool {
        !self.nonregular
    }

    /// Why topoc does not evaluate this pattern, if it does not.
    pub fn unsupported(&self) -> Option<Undecided> {
        self.unsupported
    }

    /// `Regex.Match(input)`: the first match, or `None`.
    pub fn find(&self, input: &str) -> Result<Option<Match>, Undecided> {
        self.find_within(input, &mut exec::STEP_BUDGET.clone())
    }

    /// [`Regex::find`] within `steps` back-tracking steps, which it
    /// reduces by the steps it took.
    pub fn find_within(&self, input: &str, steps: &mut u64) -> Result<Option<Match>, Undecided> {
        if let Some(why) = self.unsupported {
            return Err(why);
        }
        if self
            .prefix
            .as_deref()
            .is_some_and(|p| !input.starts_with(p))
        {
            return Ok(None);
        }
        let units: Vec<u16> = input.encode_utf16().collect();
        let mut m = exec::Matcher::new(&units, self.parsed.numbers.len(), *steps);
        let found = self.run(&mut m, 0);
        *steps = steps.saturating_sub(m.steps());
        Ok(found?.map(|groups| Match {
            input: units,
            groups,
        }))
    }

    /// `Regex.IsMatch(input)`: whether the pattern matches anywhere.
    pub fn is_match(&self, input: &str) -> Result<bool, Undecided> {
        Ok(self.find(input)?.is_some())
    }

    /// `Regex.Replace(input, translation)`: every non-overlapping match,
    /// left to right, replaced; the text between matches kept. After an
    /// empty match the next search starts one code unit further, as in .NET.
    pub fn replace(&self, input: &str, translation: &Replacement) -> Result<String, Undecided> {
        self.replace_within(input, translation, &mut exec::STEP_BUDGET.clone())
    }

    /// [`Regex::replace`] within `steps` back-tracking steps for all its
    /// searches, which it reduces by the steps they took.
    pub fn replace_within(
        &self,
        input: &str,
        translation: &Replacement,
        steps: &mut u64,
    ) -> Result<String, Undecided> {
        if let Some(why) = self.unsupported {
            return Err(why);
        }
        let units: Vec<u16> = input.encode_utf16().collect();
        let mut m = exec::Matcher::new(&units, self.parsed.numbers.len(), *steps);
        let out = self.replace_units(&units, translation, &mut m);
        *steps = steps.saturating_sub(m.steps());
        out
    }

    fn replace_units(
        &self,
        units: &[u16],
        translation: &Replacement,
        m: &mut exec::Matcher,
    ) -> Result<String, Undecided> {
        let mut out: Vec<u16> = Vec::with_capacity(units.len());
        let mut copied = 0;
        let mut start = 0;
        while start <= units.len() {
            // An anchored pattern matches only at the start.
            if self.anchored && start > 0 {
                break;
            }
            let Some(groups) = self.run(m, start)? else {
                break;
            };
            let (a, b) = groups[0].unwrap_or((start, start));
            out.extend_from_slice(&units[copied..a]);
            translation.expand(units, &groups, &mut out);
            copied = b;
            start = if b == a { b + 1 } else { b };
        }
        out.extend_from_slice(&units[copied.min(units.len())..]);
        Ok(String::from_utf16_lossy(&out))
    }

    /// One search from `start` (only at 0 for an anchored pattern), within
    /// what is left of the matcher's step budget.
    fn run(&self, m: &mut exec::Matcher, start: usize) -> Result<Option<exec::Groups>, Undecided> {
        let last = if self.anchored { 0 } else { m.input_len() };
        m.search(&self.parsed.root, start..=last)
    }

    /// `Regex.Match(input).Result(translation)` when it matches.
    pub fn translate(
        &self,
        input: &str,
        translation: &Replacement,
    ) -> Result<Option<String>, Undecided> {
        Ok(self.find(input)?.map(|m| m.result(translation)))
    }

    /// [`Regex::translate`] within `steps`, which it reduces by the steps
    /// it took.
    pub fn translate_within(
        &self,
        input: &str,
        translation: &Replacement,
        steps: &mut u64,
    ) -> Result<Option<String>, Undecided> {
        Ok(self
            .find_within(input, steps)?
            .map(|m| m.result(translation)))
    }
}

/// The code units every match starts with at position 0: the literal
/// case-sensitive characters right after a leading `^` or `\A`.
fn prefix_units(root: &Node) -> Vec<u16> {
    let mut units = Vec::new();
    if let Node::Concat(nodes) = root
        && matches!(nodes.first(), Some(Node::Anchor(Anchor::Start)))
    {
        for n in &nodes[1..] {
            match n {
                Node::Char { c, ci: false } => units.push(*c),
                Node::Literal(run) => units.extend_from_slice(run),
                _ => break,
            }
        }
    }
    units
}

/// A successful match.
#[derive(Clone, Debug)]
pub struct Match {
    input: Vec<u16>,
    groups: Vec<Option<(usize, usize)>>,
}

impl Match {
    /// Where the match starts, in UTF-16 code units.
    pub fn index(&self) -> usize {
        self.groups[0].map_or(0, |(a, _)| a)
    }

    /// Its length in UTF-16 code units.
    pub fn len(&self) -> usize {
        self.groups[0].map_or(0, |(a, b)| b - a)
    }

    /// Whether the match is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The last capture of the group in `slot`; `None` when it did not
    /// take part (.NET's `Group.Success` false).
    pub fn group(&self, slot: usize) -> Option<String> {
        self.groups
            .get(slot)
            .copied()
            .flatten()
            .map(|(a, b)| String::from_utf16_lossy(&self.input[a..b]))
    }

    /// `Match.Result(translation)`.
    pub fn result(&self, translation: &Replacement) -> String {
        let mut out = Vec::new();
        translation.expand(&self.input, &self.groups, &mut out);
        String::from_utf16_lossy(&out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nesting_beyond_the_limit_is_a_limit_error_whatever_hides_it() {
        let deep =
            |prefix: &str, n: usize| format!("^{prefix}{}1{}$", "(".repeat(n), ")".repeat(n));
        assert!(Regex::new(&deep("", 100)).is_ok());
        for p in [
            deep("", 101),
            deep("(?#[)", 101),
            deep("(?#[)", 4_990),
            deep("", 100_000),
        ] {
            let e = Regex::new(&p).unwrap_err();
            assert!(e.limit, "{}", e.message);
        }
        assert!(!Regex::new("a{2,1}").unwrap_err().limit);
    }

    use super::*;

    fn result(pattern: &str, translation: &str, input: &str) -> Option<String> {
        let re = Regex::new(pattern).unwrap();
        let t = Replacement::parse(translation, &re).unwrap();
        re.translate(input, &t).unwrap()
    }

    fn matches(pattern: &str, input: &str) -> bool {
        Regex::new(pattern).unwrap().is_match(input).unwrap()
    }

    #[test]
    fn documented_examples() {
        assert_eq!(
            result(r"^(\d{4})$", "+1425555$1", "0100").as_deref(),
            Some("+14255550100")
        );
        assert_eq!(
            result(r"^\+(1\d{10})$", "$1", "+14255551010").as_deref(),
            Some("14255551010")
        );
        assert_eq!(
            result(r"^1(\d{10})$", "+$1", "12145550100").as_deref(),
            Some("+2145550100")
        );
        assert_eq!(
            result(r"^0$", "+14255550100", "0").as_deref(),
            Some("+14255550100")
        );
        assert!(matches("[0-9]{10}", "+14255551212"));
    }

    #[test]
    fn repeated_group_keeps_the_last_empty_iteration() {
        assert_eq!(
            result(r"^9(\d*){1,5}$", "+1206$1", "95550100").as_deref(),
            Some("+1206")
        );
    }

    #[test]
    fn quantified_anchor_is_not_a_plus() {
        assert!(!matches(r"^+12065555(\d{3})$", "+12065555123"));
        assert!(matches(r"^+12065555(\d{3})$", "12065555123"));
    }

    #[test]
    fn substitution_traps() {
        assert_eq!(
            result(r"^(\d{4})$", "+1206555$1a", "1234").as_deref(),
            Some("+12065551234a")
        );
        assert_eq!(result("(a)", "$10", "a").as_deref(), Some("$10"));
        assert_eq!(result("(a)", "$2", "a").as_deref(), Some("$2"));
        assert_eq!(result("(a)", "$$${1}0", "a").as_deref(), Some("$a0"));
        assert_eq!(
            result("(a)(?<n>b)(c)", "$1$2$3${n}$+", "abc").as_deref(),
            Some("acbbb")
        );
        assert_eq!(
            result("b", "[$`|$'|$_|$&|$0]", "abc").as_deref(),
            Some("[a|c|abc|b|b]")
        );
        assert_eq!(result("(a)|(b)", "[$+]", "a").as_deref(), Some("[]"));
        assert_eq!(result("(a)", "${x}$", "a").as_deref(), Some("${x}$"));
    }

    #[test]
    fn unicode_digits_and_final_newline() {
        assert!(matches(r"^\d{3}$", "\u{0661}\u{0662}\u{0663}"));
        assert!(matches(r"^\d$", "5\n"));
        assert!(!matches(r"^\d\z", "5\n"));
        // A digit outside the BMP is two surrogates to .NET: not `\d`.
        assert!(!matches(r"^\d$", "\u{1D7CE}"));
    }

    #[test]
    fn look_around_and_back_references() {
        assert!(matches(r"^\+1425(?!555)\d{7}$", "+14251234567"));
        assert!(!matches(r"^\+1425(?!555)\d{7}$", "+14255551234"));
        assert_eq!(result(r"(?<=(a+))b", "$1", "aaab").as_deref(), Some("aaa"));
        assert_eq!(result(r"(?<=(a+?))b", "$1", "aaab").as_deref(), Some("a"));
        assert!(matches(r"^(\d)\1$", "55"));
        assert!(!matches(r"^(\d)\1$", "56"));
        assert!(!matches(r"\k<1>(a)", "a"));
    }

    #[test]
    fn lazy_and_atomic() {
        assert_eq!(
            result(r"^(\d+?)(\d*)$", "$1|$2", "123").as_deref(),
            Some("1|23")
        );
        assert!(!matches(r"^(?>\d+)1$", "111"));
        assert!(matches(r"^(?:\d+)1$", "111"));
    }

    #[test]
    fn case_insensitive() {
        assert!(matches("(?i)ext", "EXT"));
        assert!(matches("(?i)[A-C]", "b"));
        assert!(matches(r"(?i)\p{Lu}", "a"));
        assert!(!matches("(?i:a)b", "AB"));
    }

    #[test]
    fn balancing_groups() {
        assert!(matches(r"^(?:(?<o>a)|(?<-o>b))*$", "aabb"));
        assert!(!matches(r"^(?:(?<o>a)|(?<-o>b))*$", "abb"));
    }

    #[test]
    fn runaway_patterns_are_undecided() {
        let re = Regex::new(r"^(\d+)+$").unwrap();
        assert_eq!(
            re.is_match("1234567890123456789012345678x"),
            Err(Undecided::Budget)
        );
        let re = Regex::new("(?(1)a|b)(x)").unwrap();
        assert_eq!(re.is_match("bx"), Err(Undecided::Conditional));
    }

    #[test]
    fn replace_all_matches() {
        let re = Regex::new("[0-9]{10}").unwrap();
        let t = Replacement::parse("X", &re).unwrap();
        assert_eq!(re.replace("+14255551212", &t).unwrap(), "+X2");
        let re = Regex::new("a*").unwrap();
        let t = Replacement::parse("-", &re).unwrap();
        assert_eq!(re.replace("baac", &t).unwrap(), "-b--c-");
        let re = Regex::new(r"^(\d{4})$").unwrap();
        let t = Replacement::parse("+1425555$1", &re).unwrap();
        assert_eq!(re.replace("0100", &t).unwrap(), "+14255550100");
        assert_eq!(re.replace("01000", &t).unwrap(), "01000");
    }

    #[test]
    fn prefix() {
        assert_eq!(
            Regex::new(r"^\+1425\d{7}$").unwrap().literal_prefix(),
            "+1425"
        );
        assert_eq!(Regex::new(r"\+1425").unwrap().literal_prefix(), "");
        assert_eq!(Regex::new(r"^(\+1)").unwrap().literal_prefix(), "");
    }
}
