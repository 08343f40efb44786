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

/// The map of a rule, or why it has none.
pub fn of_rule(regex: &Regex, translation: &Replacement) -> Result<Map, &'static str> {
    let copies: Vec<&Piece> = translation
        .pieces
        .iter()
        .filter(|p| !matches!(p, Piece::Text(_)))
        .collect();
    let text = |pieces: &[Piece]| -> Result<String, &'static str> {
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
    };
    if copies.is_empty() {
        return Ok(Map::Const(text(&translation.pieces)?));
    }
    if copies.len() > 1 {
        return Err("its translation copies more than one part of the number");
    }
    let at = translation
        .pieces
        .iter()
        .position(|p| !matches!(p, Piece::Text(_)))
        .unwrap_or(0);
    let prefix = text(&translation.pieces[..at])?;
    let suffix = text(&translation.pieces[at + 1..])?;
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
}
