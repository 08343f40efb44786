//! From a parsed .NET pattern to the set of dial strings it matches
//! anywhere (`Regex.IsMatch`, which is how Lync tests a rule or a route:
//! LYNC-TRUNKS 6.2, `simulate::assume`).
//!
//! The regular subset is what compiles: characters, classes, sequences,
//! alternatives, repetitions (greedy or lazy — the set of strings matched
//! is the same), groups, and the anchors `^`, `$`, `\A`, `\Z`, `\z` (no
//! dial string holds a newline, so the line and end variants agree).
//! Look-around, back-references, atomic and balancing groups,
//! conditionals, `\b`, `\B` and `\G` do not: the analyses that need such
//! a pattern say they cannot decide, naming it.

use super::{K, Nfa, Set, TooLarge};
use crate::netregex::Regex;
use crate::netregex::ast::{Anchor, Node};

/// Why a pattern has no automaton.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsupported {
    /// A construct outside the regular subset.
    Construct(&'static str),
    /// The automaton would exceed [`super::MAX_STATES`] (or the pattern's
    /// repetitions would unroll past it), or building it would exceed the
    /// work budget ([`super::metered`]).
    TooLarge(TooLarge),
}

impl Unsupported {
    /// Why, in words.
    pub fn reason(self) -> String {
        match self {
            Unsupported::Construct(what) => {
                format!("its {what} is outside the regular subset topoc analyses")
            }
            Unsupported::TooLarge(why) => too_large_reason(why),
        }
    }
}

impl From<TooLarge> for Unsupported {
    fn from(why: TooLarge) -> Unsupported {
        Unsupported::TooLarge(why)
    }
}

/// Why an automaton was not built, in words.
pub fn too_large_reason(why: TooLarge) -> String {
    match why {
        TooLarge::States => format!(
            "its automaton would exceed {} states, topoc's limit",
            super::MAX_STATES
        ),
        TooLarge::Work => "building its automaton would take more work than topoc's budget \
                           for one pattern allows"
            .to_string(),
    }
}

/// The set of dial strings `regex` matches somewhere (`IsMatch`).
pub fn of_regex(regex: &Regex) -> Result<Set, Unsupported> {
    // A chain holds only characters, classes and repetitions of them, all
    // in the regular subset; every other shape goes through the check.
    if let Some(set) = chain(regex.root()) {
        return Ok(set);
    }
    general(regex)
}

/// [`of_regex`] by Thompson's construction and the subset construction,
/// for every shape.
pub(super) fn general(regex: &Regex) -> Result<Set, Unsupported> {
    if let Some(what) = first_construct(regex.root()) {
        return Err(Unsupported::Construct(what));
    }
    let mut b = Builder {
        nfa: Nfa::default(),
    };
    // Σ* P Σ*: a match may start and end anywhere.
    let first = b.nfa.add();
    b.nfa.states[first as usize].edges.push((super::ALL, first));
    let last = b.nfa.add();
    b.nfa.states[last as usize].edges.push((super::ALL, last));
    b.nfa.states[last as usize].accept = true;
    b.node(regex.root(), first, last)?;
    Ok(b.nfa.determinize(&[first])?)
}

/// The strings a sequence of pattern nodes matches as a whole, from the
/// start of the input to its end (`^` and `$` hold there): the language
/// of one way a pattern can match, for [`super::map::pieces_of_rule`].
pub(crate) fn of_nodes(nodes: &[Node]) -> Result<Set, Unsupported> {
    if let Some(what) = nodes.iter().find_map(first_construct) {
        return Err(Unsupported::Construct(what));
    }
    let mut b = Builder {
        nfa: Nfa::default(),
    };
    let first = b.nfa.add();
    let mut at = first;
    for n in nodes {
        let next = b.nfa.add();
        b.node(n, at, next)?;
        at = next;
    }
    b.nfa.states[at as usize].accept = true;
    Ok(b.nfa.determinize(&[first])?)
}

/// The automaton of the commonest shape directly, without a subset
/// construction: `^`, then characters and classes each a fixed number of
/// times, at most one open repetition (`X*`, `X+`) at the end, then `$`
/// (`^\+1425\d{7}$`, `^(\d{4})$`, `^\+\d+$`). Each position reads one
/// class, so the chain is already deterministic.
fn chain(root: &Node) -> Option<Set> {
    let Node::Concat(nodes) = root else {
        return None;
    };
    let (
        Some(Node::Anchor(Anchor::Start)),
        Some(Node::Anchor(Anchor::End | Anchor::EndOrFinalNewline)),
    ) = (nodes.first(), nodes.last())
    else {
        return None;
    };
    let mut masks: Vec<u32> = Vec::new();
    let mut tail: Option<u32> = None;
    let push = |node: &Node, masks: &mut Vec<u32>, tail: &mut Option<u32>| -> Option<()> {
        if tail.is_some() {
            return None;
        }
        match node {
            Node::Literal(units) => {
                for &u in units.iter() {
                    masks.push(literal_mask(u));
                }
            }
            Node::Char { .. } | Node::NotChar { .. } | Node::Set { .. } => {
                masks.push(unit_mask(node))
            }
            Node::Repeat { node, min, max, .. } if node.is_unit() => {
                if masks.len() + *min as usize > super::MAX_STATES {
                    return None;
                }
                let m = unit_mask(node);
                masks.extend(std::iter::repeat_n(m, *min as usize));
                if *max == u32::MAX {
                    *tail = Some(m);
                } else if max != min {
                    return None;
                }
            }
            _ => return None,
        }
        Some(())
    };
    for n in &nodes[1..nodes.len() - 1] {
        let n: &Node = match n {
            Node::Capture {
                node,
                uncapture: None,
                ..
            }
            | Node::Group(node) => node,
            other => other,
        };
        match n {
            Node::Concat(inner) => {
                for i in inner {
                    push(i, &mut masks, &mut tail)?;
                }
            }
            other => push(other, &mut masks, &mut tail)?,
        }
        if masks.len() > super::MAX_STATES {
            return None;
        }
    }
    if masks.contains(&0) {
        // A character outside the alphabet: no dial string matches.
        return Some(Set::empty());
    }
    // The table below: one row per position, kept as long as the set is
    // (charged as much for its memory as a subset construction would be).
    if super::charge((masks.len() + 2) * K * 4).is_err() {
        return None;
    }
    Some(chain_set(&masks, tail))
}

/// The automaton of a chain: position `i` reads `masks[i]`, then the end
/// accepts and reads `tail` again (when given). Minimal: the positions
/// differ in how many symbols they need to accept, the end accepts, and
/// at most one state is dead. Built in the canonical numbering
/// (breadth-first from the start, in symbol order) at once: renumbering
/// a table built in chain order was some 6% of `topoc check`'s CPU at
/// 1,000 sites.
fn chain_set(masks: &[u32], tail: Option<u32>) -> Set {
    let n = masks.len();
    // Position `i` reads every symbol to `i + 1`, until the first one
    // that leads some symbol to the dead state: the search reaches that
    // state there, before or after the next position as the first symbol
    // leads to the one or the other. From then on every position is one
    // further. No such position (every symbol read everywhere, the end
    // reading every symbol too): nothing is dead.
    let first_dead = masks
        .iter()
        .chain(std::iter::once(&tail.unwrap_or(0)))
        .position(|&m| m != super::ALL);
    let (at, dead) = match first_dead {
        None => (Vec::from_iter(0..=n as u32), None),
        Some(k) => {
            let dead_first = k == n || masks[k] & 1 == 0;
            let at: Vec<u32> = (0..=n)
                .map(|i| match i {
                    i if i <= k => i,
                    i if i == k + 1 && !dead_first => i,
                    i => i + 1,
                } as u32)
                .collect();
            (at, Some(if dead_first { k + 1 } else { k + 2 } as u32))
        }
    };
    let states = n + 1 + usize::from(dead.is_some());
    let mut trans = vec![0; states * K];
    let mut accept = vec![false; states];
    let row = |m: u32, to: u32, trans: &mut [u32]| {
        for (a, t) in trans.iter_mut().enumerate() {
            // No `dead` only where every symbol is read.
            *t = if m & (1 << a) != 0 {
                to
            } else {
                dead.unwrap_or(to)
            };
        }
    };
    for (i, &m) in masks.iter().enumerate() {
        let q = at[i] as usize;
        row(m, at[i + 1], &mut trans[q * K..(q + 1) * K]);
    }
    let end = at[n] as usize;
    row(tail.unwrap_or(0), at[n], &mut trans[end * K..(end + 1) * K]);
    accept[end] = true;
    if let Some(d) = dead {
        let d = d as usize;
        trans[d * K..(d + 1) * K].fill(d as u32);
    }
    Set::new(trans, accept)
}

fn literal_mask(u: u16) -> u32 {
    super::ALPHABET
        .iter()
        .position(|&a| u16::from(a) == u)
        .map_or(0, |a| 1 << a)
}

/// The first construct outside the regular subset, if any.
fn first_construct(root: &Node) -> Option<&'static str> {
    let mut found = None;
    root.walk(&mut |n| {
        if found.is_some() {
            return;
        }
        found = match n {
            Node::Look { ahead: true, .. } => Some("look-ahead"),
            Node::Look { ahead: false, .. } => Some("look-behind"),
            Node::Backref { .. } => Some("back-reference"),
            Node::Atomic(_) => Some("atomic group"),
            Node::Capture {
                uncapture: Some(_), ..
            } => Some("balancing group"),
            Node::IfGroup { .. } | Node::IfMatch { .. } => Some("conditional"),
            Node::Anchor(Anchor::WordBoundary | Anchor::NotWordBoundary) => Some("word boundary"),
            Node::Anchor(Anchor::AttemptStart) => Some("`\\G`"),
            Node::Repeat {
                node,
                min: 0 | 1,
                max: u32::MAX,
                lazy: true,
                ..
            } if node.nullable() => Some("lazy loop over a group that can match nothing"),
            _ => None,
        };
    });
    found
}

struct Builder {
    nfa: Nfa,
}

impl Builder {
    fn eps(&mut self, from: u32, to: u32) {
        self.nfa.states[from as usize].eps.push(to);
    }

    fn budget(&self) -> Result<(), TooLarge> {
        // The NFA is at most a few times the DFA cap before determinizing.
        if self.nfa.states.len() > 4 * super::MAX_STATES {
            Err(TooLarge::States)
        } else {
            Ok(())
        }
    }

    /// Adds states that match `node` from `from` to `to`.
    fn node(&mut self, node: &Node, from: u32, to: u32) -> Result<(), TooLarge> {
        self.budget()?;
        // A unit's mask tests every symbol, a literal adds a state per
        // character, other nodes a state or two.
        super::charge(match node {
            Node::Literal(units) => units.len() * K,
            n if n.is_unit() => K,
            _ => 2,
        })?;
        match node {
            Node::Empty => self.eps(from, to),
            Node::Char { .. } | Node::NotChar { .. } | Node::Set { .. } => {
                let mask = unit_mask(node);
                self.nfa.states[from as usize].edges.push((mask, to));
            }
            Node::Literal(units) => {
                let mut at = from;
                for (i, &u) in units.iter().enumerate() {
                    let next = if i + 1 == units.len() {
                        to
                    } else {
                        self.nfa.add()
                    };
                    let mask = literal_mask(u);
                    self.nfa.states[at as usize].edges.push((mask, next));
                    at = next;
                }
            }
            Node::Anchor(Anchor::Start | Anchor::LineStart) => {
                self.nfa.states[from as usize].at_start.push(to);
            }
            Node::Anchor(Anchor::End | Anchor::EndOrFinalNewline | Anchor::LineEnd) => {
                self.nfa.states[from as usize].at_end.push(to);
            }
            Node::Concat(nodes) => {
                let mut at = from;
                for (i, n) in nodes.iter().enumerate() {
                    let next = if i + 1 == nodes.len() {
                        to
                    } else {
                        self.nfa.add()
                    };
                    self.node(n, at, next)?;
                    at = next;
                }
                if nodes.is_empty() {
                    self.eps(from, to);
                }
            }
            Node::Alt(nodes) => {
                for n in nodes {
                    self.node(n, from, to)?;
                }
            }
            Node::Capture { node, .. } | Node::Group(node) => self.node(node, from, to)?,
            Node::Repeat { node, min, max, .. } => {
                let mut at = from;
                for _ in 0..*min {
                    let next = self.nfa.add();
                    self.node(node, at, next)?;
                    at = next;
                }
                if *max == u32::MAX {
                    // A loop state: any number of further iterations.
                    let hub = self.nfa.add();
                    self.eps(at, hub);
                    let back = self.nfa.add();
                    self.node(node, hub, back)?;
                    self.eps(back, hub);
                    self.eps(hub, to);
                } else {
                    for _ in *min..*max {
                        self.eps(at, to);
                        let next = self.nfa.add();
                        self.node(node, at, next)?;
                        at = next;
                    }
                    self.eps(at, to);
                }
            }
            // Rejected by `first_construct` before building.
            Node::Anchor(_)
            | Node::Atomic(_)
            | Node::Look { .. }
            | Node::Backref { .. }
            | Node::IfGroup { .. }
            | Node::IfMatch { .. } => return Err(TooLarge::States),
        }
        Ok(())
    }
}

/// The symbols of the alphabet a one-unit node matches, as a bit mask.
fn unit_mask(node: &Node) -> u32 {
    let mut mask = 0;
    for (a, &b) in super::ALPHABET.iter().enumerate().take(K) {
        if node.unit_matches(u16::from(b)) {
            mask |= 1 << a;
        }
    }
    mask
}
