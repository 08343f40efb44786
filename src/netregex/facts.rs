//! Facts about a parsed pattern that the number-rule checks ask for:
//! anchoring, groups under repetition, constructs outside the regular
//! subset, and what a match can start with.

use super::ast::{Anchor, Node};
use super::{Regex, Undecided};

/// A construct outside the regular subset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Construct {
    /// What it is, in words: "look-ahead `(?!...)`".
    pub what: &'static str,
    /// Byte offset in the pattern.
    pub at: usize,
    /// Whether topoc cannot evaluate it at all.
    pub unevaluated: bool,
}

/// Whether `n` is a construct outside the regular subset: what it is,
/// its offset in the pattern (`None` for an atomic group, which carries
/// none), and why topoc does not evaluate it, if it does not.
pub(super) fn construct(n: &Node) -> Option<(&'static str, Option<usize>, Option<Undecided>)> {
    Some(match n {
        Node::Look {
            ahead: true, at, ..
        } => ("look-ahead", Some(*at), None),
        Node::Look {
            ahead: false, at, ..
        } => ("look-behind", Some(*at), None),
        Node::Backref { at, .. } => ("back-reference", Some(*at), None),
        Node::Atomic(_) => ("atomic group", None, None),
        Node::Capture {
            uncapture: Some(_),
            at,
            ..
        } => ("balancing group", Some(*at), None),
        Node::IfGroup { at, .. } | Node::IfMatch { at, .. } => {
            ("conditional", Some(*at), Some(Undecided::Conditional))
        }
        Node::Repeat {
            node,
            min: 0 | 1,
            max: u32::MAX,
            lazy: true,
            at,
        } if node.nullable() => (
            "lazy loop over a group that can match nothing",
            Some(*at),
            Some(Undecided::LazyEmptyLoop),
        ),
        _ => return None,
    })
}

/// Whether every match of `node` starts with `^` (without `(?m)`) or
/// `\A`: then a match can start only at position 0.
pub(super) fn starts_with_anchor(node: &Node) -> bool {
    match node {
        Node::Anchor(Anchor::Start) => true,
        Node::Concat(nodes) => nodes.first().is_some_and(starts_with_anchor),
        Node::Alt(nodes) => !nodes.is_empty() && nodes.iter().all(starts_with_anchor),
        Node::Group(n) | Node::Capture { node: n, .. } | Node::Atomic(n) => starts_with_anchor(n),
        // `^+` still anchors: the loop must match `^` at least once.
        Node::Repeat { node, min, .. } => *min > 0 && starts_with_anchor(node),
        _ => false,
    }
}

fn ends_with_anchor(node: &Node) -> bool {
    match node {
        Node::Anchor(Anchor::EndOrFinalNewline | Anchor::End) => true,
        Node::Concat(nodes) => nodes.last().is_some_and(ends_with_anchor),
        Node::Alt(nodes) => !nodes.is_empty() && nodes.iter().all(ends_with_anchor),
        Node::Group(n) | Node::Capture { node: n, .. } | Node::Atomic(n) => ends_with_anchor(n),
        Node::Repeat { node, min, .. } => *min > 0 && ends_with_anchor(node),
        _ => false,
    }
}

/// Whether a match of `node` can begin with code unit `c` (conservative:
/// `true` when unsure). Zero-width nodes are skipped over.
fn can_start_with(node: &Node, c: u16) -> bool {
    match node {
        Node::Empty | Node::Anchor(_) | Node::Look { .. } => false,
        Node::Char { .. } | Node::NotChar { .. } | Node::Set { .. } => node.unit_matches(c),
        Node::Literal(units) => units.first() == Some(&c),
        Node::Concat(nodes) => {
            for n in nodes {
                if can_start_with(n, c) {
                    return true;
                }
                if !n.nullable() {
                    return false;
                }
            }
            false
        }
        Node::Alt(nodes) => nodes.iter().any(|n| can_start_with(n, c)),
        Node::Repeat { node, max, .. } => *max > 0 && can_start_with(node, c),
        Node::Capture { node, .. } | Node::Group(node) | Node::Atomic(node) => {
            can_start_with(node, c)
        }
        Node::Backref { .. } | Node::IfGroup { .. } | Node::IfMatch { .. } => true,
    }
}

/// Whether `node` surely matches the empty string at position 0 of any
/// input that is not empty (conservative: `false` when unsure). Anchors
/// that hold there are `^`, `\A` and `\G`; look-arounds, ends and word
/// boundaries depend on the input.
fn matches_empty_at_start(node: &Node) -> bool {
    match node {
        Node::Empty => true,
        Node::Anchor(a) => matches!(a, Anchor::Start | Anchor::LineStart | Anchor::AttemptStart),
        Node::Concat(nodes) => nodes.iter().all(matches_empty_at_start),
        Node::Alt(nodes) => nodes.iter().any(matches_empty_at_start),
        Node::Repeat { node, min, .. } => *min == 0 || matches_empty_at_start(node),
        Node::Capture {
            node,
            uncapture: None,
            ..
        }
        | Node::Group(node)
        | Node::Atomic(node) => matches_empty_at_start(node),
        _ => false,
    }
}

impl Regex {
    /// Whether the pattern matches every input: it surely matches the
    /// empty string at the start (`^+`, `^*`, `.*`, `^(\d*)`), so
    /// `IsMatch` holds for any number.
    pub fn matches_every_input(&self) -> bool {
        matches_empty_at_start(self.root())
    }

    /// Whether every alternative starts with `^` (or `\A`) and ends with
    /// `$` (or `\z`, `\Z`).
    pub fn anchoring(&self) -> (bool, bool) {
        (
            starts_with_anchor(self.root()),
            ends_with_anchor(self.root()),
        )
    }

    /// Whether a match can start with code unit `c`, for a pattern
    /// anchored at the start (a search elsewhere is not considered).
    pub fn can_start_with(&self, c: char) -> bool {
        let mut buf = [0u16; 2];
        let unit = c.encode_utf16(&mut buf)[0];
        can_start_with(self.root(), unit)
    }

    /// The slots of groups inside a quantifier that allows more than one
    /// repetition, each with the offset of that quantifier.
    pub fn repeated_groups(&self) -> Vec<(usize, usize)> {
        fn walk(node: &Node, repeat: Option<usize>, out: &mut Vec<(usize, usize)>) {
            match node {
                Node::Repeat { node, max, at, .. } => {
                    let inner = if *max > 1 {
                        repeat.or(Some(*at))
                    } else {
                        repeat
                    };
                    walk(node, inner, out);
                }
                Node::Capture { slot, node, .. } => {
                    if let (Some(s), Some(at)) = (slot, repeat) {
                        out.push((*s, at));
                    }
                    walk(node, repeat, out);
                }
                Node::Concat(nodes) | Node::Alt(nodes) => {
                    for n in nodes {
                        walk(n, repeat, out);
                    }
                }
                Node::Group(n) | Node::Atomic(n) | Node::Look { node: n, .. } => {
                    walk(n, repeat, out)
                }
                Node::IfGroup { yes, no, .. } => {
                    walk(yes, repeat, out);
                    walk(no, repeat, out);
                }
                Node::IfMatch {
                    condition, yes, no, ..
                } => {
                    walk(condition, repeat, out);
                    walk(yes, repeat, out);
                    walk(no, repeat, out);
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(self.root(), None, &mut out);
        out
    }

    /// Constructs outside the regular subset, in pattern order.
    pub fn constructs(&self) -> Vec<Construct> {
        if self.is_regular() {
            return Vec::new();
        }
        let mut out = Vec::new();
        self.root().walk(&mut |n| {
            // Atomic groups carry no offset of their own: found below.
            if let Some((what, Some(at), undecided)) = construct(n) {
                out.push(Construct {
                    what,
                    at,
                    unevaluated: undecided.is_some(),
                });
            }
        });
        // Atomic groups carry no offset of their own; find them in the text.
        let text = self.as_str();
        let mut from = 0;
        while let Some(i) = text[from..].find("(?>") {
            let at = from + i;
            if !escaped(text, at) {
                out.push(Construct {
                    what: "atomic group",
                    at,
                    unevaluated: false,
                });
            }
            from = at + 3;
        }
        out.sort_by_key(|c| c.at);
        out
    }
}

/// Whether the character at byte `at` is escaped by an odd run of `\`.
pub fn escaped(text: &str, at: usize) -> bool {
    text[..at].bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(p: &str) -> Regex {
        Regex::new(p).unwrap()
    }

    #[test]
    fn anchoring() {
        assert_eq!(re(r"^\+1\d{10}$").anchoring(), (true, true));
        assert_eq!(re("[0-9]{10}").anchoring(), (false, false));
        assert_eq!(re("^a|b$").anchoring(), (false, false));
        assert_eq!(re("^(?:a|b)$").anchoring(), (true, true));
        assert_eq!(re(r"\A\d\z").anchoring(), (true, true));
        assert_eq!(re(r"^+1425\d{7}$").anchoring(), (true, true));
    }

    #[test]
    fn first_characters() {
        assert!(re(r"^\+1\d{10}$").can_start_with('+'));
        assert!(!re(r"^+1425\d{7}$").can_start_with('+'));
        assert!(re(r"^\+?1\d{10}$").can_start_with('+'));
        assert!(!re(r"^(\d{4})$").can_start_with('+'));
        assert!(re(r"^(?:\d|\+)").can_start_with('+'));
    }

    #[test]
    fn patterns_that_match_every_input() {
        for p in ["^+", "^*", "^+.*", ".*", r"^(\d*)", r"^+(\d{11})?", "^+|x"] {
            assert!(re(p).matches_every_input(), "{p}");
            // The engine agrees on a number and on nothing.
            assert!(re(p).is_match("+14255550100").unwrap(), "{p}");
            assert!(re(p).is_match("").unwrap(), "{p}");
        }
        for p in [r"^+1425\d{7}$", "^+$", r"^\+", r"\b", "(?=1)", "^(?:)1"] {
            assert!(!re(p).matches_every_input(), "{p}");
        }
    }

    #[test]
    fn repeated_groups() {
        assert_eq!(re(r"^9(\d*){1,5}$").repeated_groups(), vec![(1, 7)]);
        assert!(re(r"^(\d{3})?(\d{7})$").repeated_groups().is_empty());
    }

    #[test]
    fn constructs() {
        let c = re(r"^\+1425(?!555)(\d)\1(?>\d+)$").constructs();
        let what: Vec<&str> = c.iter().map(|c| c.what).collect();
        assert_eq!(what, ["look-ahead", "back-reference", "atomic group"]);
        assert!(re(r"^(?:a|())*?$").constructs()[0].unevaluated);
        assert!(re(r"^\(?>").constructs().is_empty());
    }
}
