//! What a normalization or translation rule does to the numbers it
//! applies to, as a function the analysis can run backwards.
//!
//! A rule's output is `Match.Result(translation)` (`simulate::assume`).
//! For the shapes Lync rules take — a constant translation, or an anchored
//! pattern `^ A (G) B $` where `A` and `B` have a fixed length and the
//! translation copies group `G` (or the whole match) between literal text —
//! the output is "drop `front` characters and `back` characters, then add
//! `prefix` and `suffix`": a [`Map::Splice`]. That shape is closed under
//! composition and has regular preimages, which is what following a number
//! across several trunks needs. Every other shape is refused with a reason
//! and the findings that depend on it are reported as indeterminate.

use super::{Set, TooLarge, in_alphabet};
use crate::netregex::Regex;
use crate::netregex::ast::{Anchor, Node};
use crate::netregex::replace::{Piece, Replacement};

/// A function on dial strings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Map {
    /// Every input becomes this text.
    Const(String),
    /// `prefix + input[front .. len - back] + suffix`, for inputs of at
    /// least `front + back` characters.
    Splice {
        /// Characters dropped at the start.
        front: usize,
        /// Characters dropped at the end.
        back: usize,
        /// Text added at the start.
        prefix: String,
        /// Text added at the end.
        suffix: String,
    },
}

impl Map {
    /// The identity.
    pub fn identity() -> Map {
        Map::Splice {
            front: 0,
            back: 0,
            prefix: String::new(),
            suffix: String::new(),
        }
    }

    /// Whether this is the identity.
    pub fn is_identity(&self) -> bool {
        *self == Map::identity()
    }

    /// The output for one input; `None` when the input is too short.
    pub fn apply(&self, input: &str) -> Option<String> {
        match self {
            Map::Const(c) => Some(c.clone()),
            Map::Splice {
                front,
                back,
                prefix,
                suffix,
            } => {
                let end = input.len().checked_sub(*back)?;
                let mid = input.get(*front..end)?;
                Some(format!("{prefix}{mid}{suffix}"))
            }
        }
    }

    /// Every input whose output is in `outputs`.
    pub fn preimage(&self, outputs: &Set) -> Result<Set, TooLarge> {
        if self.is_identity() {
            return Ok(outputs.clone());
        }
        match self {
            Map::Const(c) => Ok(if outputs.contains(c) {
                Set::all()
            } else {
                Set::empty()
            }),
            Map::Splice {
                front,
                back,
                prefix,
                suffix,
            } => outputs
                .strip_prefix(prefix)
                .strip_suffix(suffix)?
                .pad(*front, *back),
        }
    }

    /// `next` after `self`, when it is again a map of this kind. `None`
    /// when `next` would drop more than `self` added on one side while
    /// `self` added text on the other: then the result depends on the
    /// input's length in a way a splice cannot say.
    pub fn then(&self, next: &Map) -> Option<Map> {
        match (self, next) {
            // The caller's domain guarantees `self` applies (inputs long
            // enough); a constant after it ignores what it produced.
            (_, Map::Const(c)) => Some(Map::Const(c.clone())),
            (Map::Const(c), n) => n.apply(c).map(Map::Const),
            (
                Map::Splice {
                    front: k1,
                    back: m1,
                    prefix: p1,
                    suffix: a1,
                },
                Map::Splice {
                    front: k2,
                    back: m2,
                    prefix: p2,
                    suffix: a2,
                },
            ) => {
                let extra_front = k2.saturating_sub(p1.len());
                let extra_back = m2.saturating_sub(a1.len());
                if extra_front > 0 && *m2 < a1.len() || extra_back > 0 && *k2 < p1.len() {
                    return None;
                }
                let keep_front = &p1[(*k2).min(p1.len())..];
                let keep_back = &a1[..a1.len() - (*m2).min(a1.len())];
                Some(Map::Splice {
                    front: k1 + extra_front,
                    back: m1 + extra_back,
                    prefix: format!("{p2}{keep_front}"),
                    suffix: format!("{keep_back}{a2}"),
                })
            }
        }
    }

    /// The inputs the map leaves unchanged; `None` when that set is not
    /// one topoc computes (a splice that shifts text within the number).
    pub fn fixed_points(&self) -> Option<Set> {
        match self {
            Map::Const(c) => Some(Set::literal(c)),
            Map::Splice {
                front,
                back,
                prefix,
                suffix,
            } => {
                if prefix.len() + suffix.len() != front + back {
                    // Every output has another length than its input.
                    Some(Set::empty())
                } else if prefix.len() == *front && suffix.len() == *back {
                    Set::all().wrap(prefix, suffix).ok()
                } else {
                    None
                }
            }
        }
    }
}

/// The literal text of translation pieces (the copies left out), when it
/// is in the dial-string alphabet.
fn literal_text(pieces: &[Piece]) -> Result<String, &'static str> {
    let units: Vec<u16> = pieces
        .iter()
        .flat_map(|p| match p {
            Piece::Text(t) => t.clone(),
            _ => Vec::new(),
        })
        .collect();
    String::from_utf16(&units)
        .ok()
        .filter(|t| in_alphabet(t))
        .ok_or("its translation writes characters outside the dial-string alphabet")
}

/// The map of a rule, or why it has none.
pub fn of_rule(regex: &Regex, translation: &Replacement) -> Result<Map, &'static str> {
    let copies: Vec<&Piece> = translation
        .pieces
        .iter()
        .filter(|p| !matches!(p, Piece::Text(_)))
        .collect();
    if copies.is_empty() {
        return Ok(Map::Const(literal_text(&translation.pieces)?));
    }
    if copies.len() > 1 {
        return Err("its translation copies more than one part of the number");
    }
    let at = translation
        .pieces
        .iter()
        .position(|p| !matches!(p, Piece::Text(_)))
        .unwrap_or(0);
    let prefix = literal_text(&translation.pieces[..at])?;
    let suffix = literal_text(&translation.pieces[at + 1..])?;
    let root = regex.root();
    let elements: &[Node] = match root {
        Node::Concat(nodes) => nodes,
        other => std::slice::from_ref(other),
    };
    let starts = matches!(
        elements.first(),
        Some(Node::Anchor(Anchor::Start | Anchor::LineStart))
    );
    let ends = matches!(
        elements.last(),
        Some(Node::Anchor(
            Anchor::End | Anchor::EndOrFinalNewline | Anchor::LineEnd
        ))
    );
    if !(starts && ends) || elements.len() < 2 {
        return Err("its translation copies part of a match that is not anchored at both ends");
    }
    let inner = &elements[1..elements.len() - 1];
    let (front, back) = match copies[0] {
        // The whole match is the whole input: the pattern is anchored.
        Piece::Group(0) | Piece::Input => (0, 0),
        // Anchored at both ends, nothing lies before or after the match.
        Piece::Before | Piece::After => return Ok(Map::Const(format!("{prefix}{suffix}"))),
        Piece::Group(slot) => {
            // `$n` is the group's last capture: only a group captured in
            // one place is the text at that place.
            let mut places = 0;
            root.walk(&mut |n| {
                if matches!(n, Node::Capture { slot: Some(s), .. } if s == slot) {
                    places += 1;
                }
            });
            if places != 1 {
                return Err("its translation copies a group captured in several places");
            }
            let i = inner
                .iter()
                .position(|n| matches!(n, Node::Capture { slot: Some(s), .. } if s == slot))
                .ok_or(
                    "its translation copies a group that is not a top-level group of the pattern",
                )?;
            let len = |nodes: &[Node]| -> Option<usize> { nodes.iter().map(fixed_len).sum() };
            match (len(&inner[..i]), len(&inner[i + 1..])) {
                (Some(f), Some(b)) => (f, b),
                _ => return Err("the text around the copied group can vary in length"),
            }
        }
        Piece::LastGroup | Piece::Text(_) => {
            return Err("its translation uses `$+`");
        }
    };
    Ok(Map::Splice {
        front,
        back,
        prefix,
        suffix,
    })
}

/// Ways of matching a prefix of the pattern tried in turn, most: more
/// than this many and the rule is not split.
const MAX_PIECES: usize = 16;

/// A rule whose copied group has text of varying length before it, as
/// .NET applies it: `^1?(\d{10})$ -> +1$1` drops the `1` from eleven
/// digits and nothing from ten. For each way the part before the group can
/// match (an optional or alternative part of fixed length, tried in the
/// order the backtracking engine tries them: `X?` with `X` first, `X??`
/// without, alternatives from the left), the numbers matched that way and
/// by no earlier way, and the splice it makes of them. The pieces
/// together are the numbers the pattern matches.
pub fn pieces_of_rule(
    regex: &Regex,
    translation: &Replacement,
) -> Result<Vec<(Set, Map)>, &'static str> {
    let copies: Vec<(usize, &Piece)> = translation
        .pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| !matches!(p, Piece::Text(_)))
        .collect();
    let [(at, Piece::Group(slot))] = copies[..] else {
        return Err("its translation does not copy exactly one group");
    };
    let prefix = literal_text(&translation.pieces[..at])?;
    let suffix = literal_text(&translation.pieces[at + 1..])?;
    let root = regex.root();
    let Node::Concat(elements) = root else {
        return Err("its pattern is not a sequence");
    };
    let (
        Some(Node::Anchor(Anchor::Start)),
        Some(Node::Anchor(Anchor::End | Anchor::EndOrFinalNewline)),
    ) = (elements.first(), elements.last())
    else {
        return Err("its pattern is not anchored at both ends");
    };
    let inner = &elements[1..elements.len() - 1];
    let mut places = 0;
    root.walk(&mut |n| {
        if matches!(n, Node::Capture { slot: Some(s), .. } if s == slot) {
            places += 1;
        }
    });
    let i = inner
        .iter()
        .position(|n| matches!(n, Node::Capture { slot: Some(s), .. } if s == slot))
        .filter(|_| places == 1)
        .ok_or("its translation copies a group that is not one top-level group")?;
    let back: usize = inner[i + 1..]
        .iter()
        .map(fixed_len)
        .sum::<Option<usize>>()
        .ok_or("the text after the copied group can vary in length")?;
    let ways = ways(&inner[..i]).ok_or("the text before the copied group is not made of optional or alternative parts of fixed length")?;
    let mut taken = Set::empty();
    let mut out = Vec::new();
    for (chosen, front) in ways {
        let mut nodes = chosen;
        nodes.extend(inner[i..].iter().cloned());
        let all = super::compile::of_nodes(&nodes)
            .map_err(|_| "a part of its pattern is not analysed")?;
        let piece = all.minus(&taken).map_err(|_| "its pieces are too large")?;
        taken = taken.or(&all).map_err(|_| "its pieces are too large")?;
        if !piece.is_empty() {
            out.push((
                piece,
                Map::Splice {
                    front,
                    back,
                    prefix: prefix.clone(),
                    suffix: suffix.clone(),
                },
            ));
        }
    }
    Ok(out)
}

/// The ways a sequence of nodes can match, in the order the backtracking
/// engine tries them, each as the nodes it matches with and their length;
/// `None` when a node is not a fixed-length, optional or alternative part,
/// or there are more than [`MAX_PIECES`] ways.
fn ways(nodes: &[Node]) -> Option<Vec<(Vec<Node>, usize)>> {
    let mut out: Vec<(Vec<Node>, usize)> = vec![(Vec::new(), 0)];
    for n in nodes {
        let options = node_ways(n)?;
        let mut next = Vec::new();
        for (seq, len) in &out {
            for (more, l) in &options {
                let mut s = seq.clone();
                s.extend(more.iter().cloned());
                next.push((s, len + l));
            }
        }
        if next.len() > MAX_PIECES {
            return None;
        }
        out = next;
    }
    Some(out)
}

fn node_ways(node: &Node) -> Option<Vec<(Vec<Node>, usize)>> {
    if let Some(l) = fixed_len(node) {
        return Some(vec![(vec![node.clone()], l)]);
    }
    match node {
        Node::Repeat {
            node: inner,
            min: 0,
            max: 1,
            lazy,
            ..
        } => {
            let l = fixed_len(inner)?;
            let present = (vec![(**inner).clone()], l);
            let absent = (Vec::new(), 0);
            Some(if *lazy {
                vec![absent, present]
            } else {
                vec![present, absent]
            })
        }
        Node::Alt(alternatives) => {
            let mut out = Vec::new();
            for a in alternatives {
                out.extend(node_ways(a)?);
            }
            Some(out)
        }
        Node::Capture { node, .. } | Node::Group(node) => node_ways(node),
        Node::Concat(nodes) => ways(nodes),
        _ => None,
    }
}

/// The length of every string a node matches, if it is fixed.
fn fixed_len(node: &Node) -> Option<usize> {
    match node {
        Node::Empty | Node::Anchor(_) => Some(0),
        Node::Char { .. } | Node::NotChar { .. } | Node::Set { .. } => Some(1),
        Node::Literal(units) => Some(units.len()),
        Node::Concat(nodes) => nodes.iter().map(fixed_len).sum(),
        Node::Alt(nodes) => {
            let first = fixed_len(nodes.first()?)?;
            nodes
                .iter()
                .all(|n| fixed_len(n) == Some(first))
                .then_some(first)
        }
        Node::Repeat { node, min, max, .. } if min == max => {
            fixed_len(node)?.checked_mul(*min as usize)
        }
        Node::Capture { node, .. } | Node::Group(node) => fixed_len(node),
        _ => None,
    }
}

/// Where one character of a map's output comes from, for an input of a
/// given length.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    /// Text the map writes.
    Text(u8),
    /// The input's character at this index.
    Input(usize),
}

impl Map {
    /// The inputs on which two maps give the same output; `None` when that
    /// set is not one topoc computes (two splices that copy the input to
    /// different places of the output, which agree only on periodic
    /// numbers). Inputs outside a map's domain (too short) are outside.
    pub fn agreement(&self, other: &Map) -> Option<Result<Set, TooLarge>> {
        if self == other {
            return Some(Ok(Set::all()));
        }
        match (self, other) {
            (Map::Const(a), Map::Const(b)) => {
                Some(Ok(if a == b { Set::all() } else { Set::empty() }))
            }
            (Map::Const(c), s) | (s, Map::Const(c)) => Some(s.preimage(&Set::literal(c))),
            (
                Map::Splice {
                    front: fa,
                    back: ba,
                    prefix: pa,
                    suffix: sa,
                },
                Map::Splice {
                    front: fb,
                    back: bb,
                    prefix: pb,
                    suffix: sb,
                },
            ) => {
                let grows = |p: &str, s: &str, f: usize, b: usize| {
                    (p.len() + s.len()) as isize - (f + b) as isize
                };
                if grows(pa, sa, *fa, *ba) != grows(pb, sb, *fb, *bb) {
                    // Outputs of different lengths for every input.
                    return Some(Ok(Set::empty()));
                }
                if *fa as isize - pa.len() as isize != *fb as isize - pb.len() as isize {
                    return None;
                }
                Some(self.aligned_agreement(other, (*fa).max(*fb), (*ba).max(*bb)))
            }
        }
    }

    /// [`Map::agreement`] of two splices that copy the input to the same
    /// place, `front` and `back` the larger of their drops: for each input
    /// length below `front + back`, the characters the outputs force; from
    /// that length on, the same constraints at fixed distances from the
    /// start (indices below `front`) and from the end (the others).
    fn aligned_agreement(&self, other: &Map, front: usize, back: usize) -> Result<Set, TooLarge> {
        let long = front + back;
        let mut out = Set::empty();
        for n in self.min_input().max(other.min_input())..=long {
            let Some(fixed) = self.forced(other, n) else {
                continue;
            };
            let mut set = if n == long {
                Set::all().pad(n, 0)?
            } else {
                Set::literal("").pad(n, 0)?
            };
            for (k, c) in fixed {
                let one = [c];
                let one = std::str::from_utf8(&one).unwrap_or("");
                let at = if n == long && k >= front {
                    Set::all().wrap("", one)?.pad(0, n - 1 - k)?
                } else {
                    Set::all().wrap(one, "")?.pad(k, 0)?
                };
                set = set.and(&at)?;
            }
            out = out.or(&set)?;
        }
        Ok(out)
    }

    /// The input characters two maps force on inputs of length `n` for
    /// their outputs to be equal (index, character); `None` when they
    /// cannot be.
    fn forced(&self, other: &Map, n: usize) -> Option<Vec<(usize, u8)>> {
        let a = self.sources(n)?;
        let b = other.sources(n)?;
        if a.len() != b.len() {
            return None;
        }
        let mut fixed = Vec::new();
        for (x, y) in a.into_iter().zip(b) {
            match (x, y) {
                (Source::Text(c), Source::Text(d)) if c != d => return None,
                (Source::Text(_), Source::Text(_)) => {}
                (Source::Text(c), Source::Input(k)) | (Source::Input(k), Source::Text(c)) => {
                    fixed.push((k, c))
                }
                (Source::Input(k), Source::Input(j)) if k == j => {}
                // Different places of the input: not aligned.
                (Source::Input(_), Source::Input(_)) => return None,
            }
        }
        Some(fixed)
    }

    /// The shortest input the map applies to.
    fn min_input(&self) -> usize {
        match self {
            Map::Const(_) => 0,
            Map::Splice { front, back, .. } => front + back,
        }
    }

    /// Where each character of the output comes from for an input of
    /// length `n`; `None` when the map does not apply to it.
    fn sources(&self, n: usize) -> Option<Vec<Source>> {
        match self {
            Map::Const(c) => Some(c.bytes().map(Source::Text).collect()),
            Map::Splice {
                front,
                back,
                prefix,
                suffix,
            } => {
                let end = n.checked_sub(*back).filter(|e| e >= front)?;
                Some(
                    prefix
                        .bytes()
                        .map(Source::Text)
                        .chain((*front..end).map(Source::Input))
                        .chain(suffix.bytes().map(Source::Text))
                        .collect(),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialset::of_regex;

    fn rule(pattern: &str, translation: &str) -> Result<Map, &'static str> {
        let re = Regex::new(pattern).unwrap();
        let tr = Replacement::parse(translation, &re).unwrap();
        of_rule(&re, &tr)
    }

    #[test]
    fn shapes_of_lync_rules() {
        let m = rule(r"^\+(1\d{10})$", "$1").unwrap();
        assert_eq!(m.apply("+14255550100").as_deref(), Some("14255550100"));
        let m = rule(r"^9(\d{10})$", "+1$1").unwrap();
        assert_eq!(m.apply("94255550100").as_deref(), Some("+14255550100"));
        let m = rule(r"^(\d{3})$", "+14255550$1").unwrap();
        assert_eq!(m.apply("123").as_deref(), Some("+14255550123"));
        assert_eq!(
            rule(r"^\+14255550\d{3}$", "+14255550100").unwrap(),
            Map::Const("+14255550100".into())
        );
        assert!(rule(r"^1?(\d{10})$", "+1$1").is_err());
        assert!(rule(r"(\d{10})", "+1$1").is_err());
        assert!(rule(r"^(\d)(\d)$", "$2$1").is_err());
        // `${n}` is the last capture of a name used twice.
        assert!(rule(r"^(?<n>[0-9])(?<n>[0-9]{3})$", "+1425555${n}").is_err());
    }

    #[test]
    fn preimage_and_composition_agree_with_apply() {
        let norm = rule(r"^9(\d{10})$", "+1$1").unwrap();
        let egress = rule(r"^\+(1\d{10})$", "$1").unwrap();
        let both = norm.then(&egress).unwrap();
        assert_eq!(both.apply("94255550100").as_deref(), Some("14255550100"));
        let out = of_regex(&Regex::new(r"^1425\d{7}$").unwrap()).unwrap();
        let pre = both.preimage(&out).unwrap();
        assert!(pre.contains("94255550100"));
        assert!(!pre.contains("92065550100"));
        let plus = Map::Splice {
            front: 1,
            back: 0,
            prefix: String::new(),
            suffix: String::new(),
        };
        assert_eq!(
            Map::identity().then(&plus).unwrap().apply("+1").as_deref(),
            Some("1")
        );
    }

    #[test]
    fn fixed_points() {
        assert!(Map::identity().fixed_points().unwrap().is_all());
        let swap_first = Map::Splice {
            front: 1,
            back: 0,
            prefix: "9".into(),
            suffix: String::new(),
        };
        let f = swap_first.fixed_points().unwrap();
        assert!(f.contains("9123") && !f.contains("8123"));
        let grow = Map::Splice {
            front: 0,
            back: 0,
            prefix: "9".into(),
            suffix: String::new(),
        };
        assert!(grow.fixed_points().unwrap().is_empty());
    }

    #[test]
    fn agreement_is_where_outputs_are_equal() {
        let splice = |front, back, prefix: &str, suffix: &str| Map::Splice {
            front,
            back,
            prefix: prefix.into(),
            suffix: suffix.into(),
        };
        let maps = [
            Map::identity(),
            splice(1, 0, "", ""),
            splice(1, 0, "9", ""),
            splice(0, 0, "9", ""),
            splice(2, 0, "+1", ""),
            splice(0, 1, "", "1"),
            splice(1, 1, "1", "2"),
            splice(0, 0, "", "1"),
            Map::Const("91".into()),
            Map::Const("".into()),
        ];
        // Every string of up to four symbols over a small alphabet.
        let mut inputs = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = inputs
                .iter()
                .filter(|s| s.len() == inputs.last().unwrap().len())
                .flat_map(|s| ["1", "2", "9", "+"].map(|c| format!("{s}{c}")))
                .collect();
            inputs.extend(longer);
        }
        for a in &maps {
            for b in &maps {
                let Some(agree) = a.agreement(b) else {
                    continue;
                };
                let agree = agree.unwrap();
                for x in &inputs {
                    let both = a.apply(x).is_some() && b.apply(x).is_some();
                    let same = both && a.apply(x) == b.apply(x);
                    if both {
                        assert_eq!(agree.contains(x), same, "{a:?} {b:?} on {x:?}");
                    }
                }
            }
        }
        // Copying the input one place apart: not computed.
        assert!(splice(1, 0, "", "1").agreement(&Map::identity()).is_none());
    }

    #[test]
    fn optional_text_before_the_group_is_split_as_dotnet_matches_it() {
        let re = Regex::new(r"^9?1?(\d{3})$").unwrap();
        let tr = Replacement::parse("+1$1", &re).unwrap();
        assert!(of_rule(&re, &tr).is_err());
        let pieces = pieces_of_rule(&re, &tr).unwrap();
        let engine = crate::simulate::evaluate::Evaluator::new(1_000_000);
        // Every number of up to six symbols: the piece that holds it maps
        // it to what .NET's Match.Result gives.
        let mut numbers = vec![String::new()];
        for _ in 0..6 {
            let longer: Vec<String> = numbers
                .iter()
                .filter(|s| s.len() == numbers.last().unwrap().len())
                .flat_map(|s| ["1", "9", "5"].map(|c| format!("{s}{c}")))
                .collect();
            numbers.extend(longer);
        }
        for n in &numbers {
            let dotnet = engine.translate(&re, &tr, n).unwrap();
            let ours: Vec<Option<String>> = pieces
                .iter()
                .filter(|(s, _)| s.contains(n))
                .map(|(_, m)| m.apply(n))
                .collect();
            match dotnet {
                Some(out) => assert_eq!(ours, [Some(out)], "{n}"),
                None => assert!(ours.is_empty(), "{n}"),
            }
        }
        // `??` tries without first.
        let lazy = Regex::new(r"^1??(\d{3,4})$").unwrap();
        let tr = Replacement::parse("$1", &lazy).unwrap();
        let pieces = pieces_of_rule(&lazy, &tr).unwrap();
        let take = |n: &str| {
            pieces
                .iter()
                .find(|(s, _)| s.contains(n))
                .unwrap()
                .1
                .apply(n)
        };
        assert_eq!(take("1234").as_deref(), Some("1234"));
        assert_eq!(take("12345").as_deref(), Some("2345"));
    }
}
