//! Sets of dial strings as deterministic automata, for the whole-space
//! routing analysis (issue 7): "every number this route matches", "the
//! numbers a peer passes back", and the operations the analysis needs on
//! them — intersection, union, difference, emptiness, the shortest member,
//! quotients by literal text and padding with any characters.
//!
//! The universe is the dial-string alphabet [`ALPHABET`]: ASCII digits,
//! `+`, `*`, `#` and the letters of `;ext=`. A claim such as "no number can
//! loop" is a claim about strings over it; numbers with other characters
//! (letters, non-ASCII digits, W23) are outside and said to be.
//!
//! Automata are complete (state 0 is the start; every state has a
//! transition on every symbol) and kept minimal, so equal sets have equal
//! automata and sizes stay small. Every constructor has a state cap
//! ([`MAX_STATES`]), and every construction and search charges the work it
//! does to the budget of the enclosing [`metered`] call (a pattern of a few
//! hundred bytes can need a subset construction of billions of steps, as
//! `^\+(\d{1,100}){1,100}$` does). Exceeding either is an error
//! ([`TooLarge`]) the analysis reports as "indeterminate", never a guess;
//! minimization (Hopcroft's algorithm, `O(K n log n)`) needs no budget.

mod compile;
mod describe;
mod keys;
pub mod map;
mod minimize;
#[cfg(test)]
mod tests;

use std::cell::Cell;
use std::collections::VecDeque;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

pub use compile::{Unsupported, of_regex, too_large_reason};
pub use keys::{Key, KeyIndex};

/// The dial-string alphabet, in the order witnesses prefer (the shortest
/// member, then the first in this order).
pub const ALPHABET: &[u8; 18] = b"0123456789+*#;ext=";

/// Number of symbols.
pub const K: usize = ALPHABET.len();

/// The largest automaton any operation builds.
pub const MAX_STATES: usize = 20_000;

/// A fast hasher for the small integer keys of the constructions below
/// (the multiply-rotate of rustc's FxHasher; no HashDoS concern: keys are
/// state numbers, not input).
#[derive(Default)]
pub(crate) struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fx>>;

/// A hash map with the fast hasher, for keys that are numbers or
/// addresses.
pub(crate) type FastMap<K, V> = HashMap<K, V>;

/// The symbol index of a byte, if it is in the alphabet.
pub fn symbol(b: u8) -> Option<usize> {
    ALPHABET.iter().position(|&a| a == b)
}

/// Why an operation stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TooLarge {
    /// It would build an automaton larger than [`MAX_STATES`].
    States,
    /// It would do more work than the enclosing [`metered`] budget allows.
    Work,
}

thread_local! {
    /// The work this thread may still do on automata (units of [`metered`]).
    static WORK_LEFT: Cell<u64> = const { Cell::new(u64::MAX) };
}

/// Runs `f` with at most `units` of work for the automata it builds and
/// searches (and never more than an enclosing call has left), and charges
/// what it spent to the enclosing budget. A unit is meant to cost about the
/// same everywhere, some 10 ns on the machines topoc is measured on: a
/// subset member per symbol in a subset construction (which sorts, hashes
/// and compares it) is [`SUBSET_UNITS`], a transition of a product or of a
/// search of one is [`PAIR_UNITS`]. Outside any call the budget is
/// unlimited.
pub fn metered<T>(units: u64, f: impl FnOnce() -> T) -> T {
    /// Restores the enclosing budget, less what was spent, even on unwind.
    struct Restore {
        outer: u64,
        inner: u64,
    }
    impl Drop for Restore {
        fn drop(&mut self) {
            let spent = self.inner - WORK_LEFT.get().min(self.inner);
            // Unlimited stays unlimited.
            if self.outer != u64::MAX {
                WORK_LEFT.set(self.outer.saturating_sub(spent));
            } else {
                WORK_LEFT.set(u64::MAX);
            }
        }
    }
    let outer = WORK_LEFT.get();
    let inner = units.min(outer);
    WORK_LEFT.set(inner);
    let _restore = Restore { outer, inner };
    f()
}

/// Charges `units` of work done outside the automata (a simulator's
/// back-tracking, say) to the innermost [`metered`] budget; `false` when
/// the budget does not cover them.
pub fn charge_work(units: u64) -> bool {
    charge(units as usize).is_ok()
}

/// The work left in the innermost [`metered`] call.
pub fn work_left() -> u64 {
    WORK_LEFT.get()
}

/// Units charged per subset member and symbol of a subset construction.
const SUBSET_UNITS: usize = 6;
/// Units charged per transition of a product or of a search of one.
const PAIR_UNITS: usize = 2;

/// Charges `units` of work; `Err` (and nothing left) when the budget does
/// not cover them.
pub(crate) fn charge(units: usize) -> Result<(), TooLarge> {
    let left = WORK_LEFT.get();
    if left == u64::MAX {
        // Unlimited outside any `metered` call, and stays so.
        return Ok(());
    }
    match left.checked_sub(units as u64) {
        Some(rest) => {
            WORK_LEFT.set(rest);
            Ok(())
        }
        None => {
            WORK_LEFT.set(0);
            Err(TooLarge::Work)
        }
    }
}

/// A set of dial strings: a complete, minimal deterministic automaton.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Set {
    /// `trans[q * K + a]`: the state after `q` reads symbol `a`.
    trans: Vec<u32>,
    accept: Vec<bool>,
    /// The first state that rejects and loops on every symbol (`u32::MAX`
    /// when none does), found once: the product searches stop at it on
    /// every step. A minimal automaton has at most one.
    dead: u32,
}

/// A nondeterministic automaton, the intermediate form of every
/// construction. Assertion edges model `^` and `$`: a `start` edge may be
/// taken only before the first symbol, an `end` edge only after the last.
#[derive(Clone, Debug, Default)]
pub(crate) struct Nfa {
    pub(crate) states: Vec<NState>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct NState {
    pub(crate) eps: Vec<u32>,
    pub(crate) at_start: Vec<u32>,
    pub(crate) at_end: Vec<u32>,
    /// `(symbols as a bit mask, target)`.
    pub(crate) edges: Vec<(u32, u32)>,
    pub(crate) accept: bool,
}

const ALL: u32 = (1 << K) - 1;

/// Scratch marks for closures: a state is marked when its stamp is the
/// current one, so clearing is a counter increment.
struct Mark {
    seen: Vec<u32>,
    stamp: u32,
}

impl Mark {
    fn next(&mut self) -> u32 {
        self.stamp += 1;
        self.stamp
    }
}

impl Nfa {
    pub(crate) fn add(&mut self) -> u32 {
        self.states.push(NState::default());
        (self.states.len() - 1) as u32
    }

    /// Appends a copy of a deterministic automaton; returns its start.
    /// Edges into its dead state are left out (a subset never carries a
    /// state that accepts nothing), and edges to one target share a mask.
    fn embed(&mut self, set: &Set, accepting: bool) -> u32 {
        let base = self.states.len() as u32;
        for q in 0..set.len() {
            let mut s = NState {
                accept: accepting && set.accept[q],
                ..NState::default()
            };
            for a in 0..K {
                let t = set.trans[q * K + a];
                if set.is_dead(t) {
                    continue;
                }
                match s.edges.iter_mut().find(|(_, to)| *to == base + t) {
                    Some((mask, _)) => *mask |= 1 << a,
                    None => s.edges.push((1 << a, base + t)),
                }
            }
            self.states.push(s);
        }
        base
    }

    /// Adds to `set` every state reachable by epsilon (and assertion)
    /// edges; `mark` is scratch of one stamp per state, `stamp` unique to
    /// this call.
    fn closure(&self, set: &mut Vec<u32>, at_start: bool, at_end: bool, mark: &mut Mark) {
        let stamp = mark.next();
        for &q in set.iter() {
            mark.seen[q as usize] = stamp;
        }
        let mut i = 0;
        while i < set.len() {
            let s = &self.states[set[i] as usize];
            let extra = s
                .eps
                .iter()
                .chain(if at_start { &s.at_start[..] } else { &[] })
                .chain(if at_end { &s.at_end[..] } else { &[] });
            for &t in extra {
                if mark.seen[t as usize] != stamp {
                    mark.seen[t as usize] = stamp;
                    set.push(t);
                }
            }
            i += 1;
        }
        set.sort_unstable();
    }

    /// The subset construction from the given start states.
    pub(crate) fn determinize(&self, starts: &[u32]) -> Result<Set, TooLarge> {
        let mut mark = Mark {
            seen: vec![0; self.states.len()],
            stamp: 0,
        };
        let mut first = starts.to_vec();
        self.closure(&mut first, true, false, &mut mark);
        let mut index: HashMap<Vec<u32>, u32> = HashMap::default();
        let mut queue: VecDeque<Vec<u32>> = VecDeque::new();
        let mut trans: Vec<u32> = Vec::new();
        let mut accept: Vec<bool> = Vec::new();
        // The start is never merged with a later subset of the same
        // states: only there may `^` and `$` both hold (the empty input).
        let mut key = first.clone();
        key.push(u32::MAX);
        index.insert(key, 0);
        queue.push_back(first);
        let mut at_start = true;
        while let Some(set) = queue.pop_front() {
            charge((set.len() + 1) * K * SUBSET_UNITS)?;
            let mut end = set.clone();
            self.closure(&mut end, at_start, true, &mut mark);
            at_start = false;
            accept.push(end.iter().any(|&q| self.states[q as usize].accept));
            for a in 0..K {
                let bit = 1u32 << a;
                let mut next: Vec<u32> = Vec::new();
                for &q in &set {
                    for &(mask, t) in &self.states[q as usize].edges {
                        if mask & bit != 0 {
                            next.push(t);
                        }
                    }
                }
                next.sort_unstable();
                next.dedup();
                self.closure(&mut next, false, false, &mut mark);
                // Its closure, sort, hash and comparison.
                charge(next.len())?;
                let id = match index.get(&next) {
                    Some(&id) => id,
                    None => {
                        let id = index.len() as u32;
                        if index.len() >= MAX_STATES {
                            return Err(TooLarge::States);
                        }
                        index.insert(next.clone(), id);
                        queue.push_back(next);
                        id
                    }
                };
                trans.push(id);
            }
        }
        Ok(Set::new(trans, accept).minimized())
    }
}

/// The string a breadth-first search spelled on its way to node `at`:
/// each node holds the node and symbol it was first reached from.
fn read_back<N>(nodes: &[(N, Option<(u32, u8)>)], mut at: usize) -> Option<String> {
    let mut out = Vec::new();
    while let Some((parent, b)) = nodes[at].1 {
        out.push(b);
        at = parent as usize;
    }
    out.reverse();
    String::from_utf8(out).ok()
}

impl Set {
    /// The automaton of a transition table and its accepting states.
    pub(crate) fn new(trans: Vec<u32>, accept: Vec<bool>) -> Set {
        let dead = (0..accept.len())
            .find(|&q| !accept[q] && trans[q * K..(q + 1) * K].iter().all(|&t| t as usize == q))
            .map_or(u32::MAX, |q| q as u32);
        Set {
            trans,
            accept,
            dead,
        }
    }

    /// No string.
    pub fn empty() -> Set {
        Set::new(vec![0; K], vec![false])
    }

    /// Every string.
    pub fn all() -> Set {
        Set::new(vec![0; K], vec![true])
    }

    /// Exactly one string; the empty set when it leaves the alphabet.
    pub fn literal(text: &str) -> Set {
        let Some(symbols) = symbols(text) else {
            return Set::empty();
        };
        let n = symbols.len();
        // States 0..=n read the text; n + 1 is dead.
        let dead = (n + 1) as u32;
        let mut trans = vec![dead; (n + 2) * K];
        for (i, &a) in symbols.iter().enumerate() {
            trans[i * K + a] = (i + 1) as u32;
        }
        let mut accept = vec![false; n + 2];
        accept[n] = true;
        Set::new(trans, accept).minimized()
    }

    /// Number of states.
    pub fn len(&self) -> usize {
        self.accept.len()
    }

    /// Whether the set has no member.
    pub fn is_empty(&self) -> bool {
        // Minimal: the empty set is the single rejecting state.
        !self.accept.iter().any(|&a| a)
    }

    /// Whether every string is a member.
    pub fn is_all(&self) -> bool {
        self.accept.iter().all(|&a| a)
    }

    /// Whether `text` is a member.
    pub fn contains(&self, text: &str) -> bool {
        let Some(symbols) = symbols(text) else {
            return false;
        };
        let q = symbols
            .iter()
            .fold(0u32, |q, &a| self.trans[q as usize * K + a]);
        self.accept[q as usize]
    }

    /// The shortest member, the first in [`ALPHABET`] order among those.
    pub fn shortest(&self) -> Option<String> {
        let n = self.len();
        let mut prev: Vec<Option<(u32, u8)>> = vec![None; n];
        let mut seen = vec![false; n];
        let mut queue = VecDeque::from([0u32]);
        seen[0] = true;
        while let Some(q) = queue.pop_front() {
            if self.accept[q as usize] {
                let mut out = Vec::new();
                let mut at = q;
                while let Some((p, b)) = prev[at as usize] {
                    out.push(b);
                    at = p;
                }
                out.reverse();
                return String::from_utf8(out).ok();
            }
            for (a, &b) in ALPHABET.iter().enumerate() {
                let t = self.trans[q as usize * K + a];
                if !seen[t as usize] {
                    seen[t as usize] = true;
                    prev[t as usize] = Some((q, b));
                    queue.push_back(t);
                }
            }
        }
        None
    }

    /// The product of two automata, accepting by `keep(in self, in other)`.
    fn product(&self, other: &Set, keep: impl Fn(bool, bool) -> bool) -> Result<Set, TooLarge> {
        let mut index: HashMap<(u32, u32), u32> = HashMap::default();
        let mut queue: VecDeque<(u32, u32)> = VecDeque::new();
        let mut trans = Vec::new();
        let mut accept = Vec::new();
        index.insert((0, 0), 0);
        queue.push_back((0, 0));
        while let Some((p, q)) = queue.pop_front() {
            charge(K * PAIR_UNITS)?;
            accept.push(keep(self.accept[p as usize], other.accept[q as usize]));
            for a in 0..K {
                let pair = (
                    self.trans[p as usize * K + a],
                    other.trans[q as usize * K + a],
                );
                let id = match index.get(&pair) {
                    Some(&id) => id,
                    None => {
                        if index.len() >= MAX_STATES {
                            return Err(TooLarge::States);
                        }
                        let id = index.len() as u32;
                        index.insert(pair, id);
                        queue.push_back(pair);
                        id
                    }
                };
                trans.push(id);
            }
        }
        Ok(Set::new(trans, accept).minimized())
    }

    /// Members of both.
    pub fn and(&self, other: &Set) -> Result<Set, TooLarge> {
        if self.is_empty() || other.is_all() {
            return Ok(self.clone());
        }
        if other.is_empty() || self.is_all() {
            return Ok(other.clone());
        }
        self.product(other, |a, b| a && b)
    }

    /// Members of either.
    pub fn or(&self, other: &Set) -> Result<Set, TooLarge> {
        if self.is_empty() || other.is_all() {
            return Ok(other.clone());
        }
        if other.is_empty() || self.is_all() {
            return Ok(self.clone());
        }
        self.product(other, |a, b| a || b)
    }

    /// Whether no string is in both (a search of the product that stops at
    /// the first common member and builds nothing).
    pub fn disjoint(&self, other: &Set) -> Result<bool, TooLarge> {
        let mut seen: HashMap<(u32, u32), ()> = HashMap::default();
        let mut stack = vec![(0u32, 0u32)];
        seen.insert((0, 0), ());
        while let Some((p, q)) = stack.pop() {
            charge(K * PAIR_UNITS)?;
            if self.accept[p as usize] && other.accept[q as usize] {
                return Ok(false);
            }
            for a in 0..K {
                let pair = (
                    self.trans[p as usize * K + a],
                    other.trans[q as usize * K + a],
                );
                // A dead state (rejecting, all self-loops) ends the path.
                if self.is_dead(pair.0) || other.is_dead(pair.1) {
                    continue;
                }
                if seen.insert(pair, ()).is_none() {
                    stack.push(pair);
                }
            }
        }
        Ok(true)
    }

    /// Whether state `q` rejects and loops on every symbol (in an
    /// automaton that is not minimal, the first such state only).
    fn is_dead(&self, q: u32) -> bool {
        q == self.dead
    }

    /// The shortest member of `set` in none of `others` (the first in
    /// [`ALPHABET`] order among those), found by a breadth-first search of
    /// their product that builds no automaton and stops at the first
    /// member: "does this rule ever fire" costs little when it does.
    pub fn shortest_outside(set: &Set, others: &[&Set]) -> Result<Option<String>, TooLarge> {
        let mut meeting = Vec::new();
        for &o in others {
            if !set.disjoint(o)? {
                meeting.push(o);
            }
        }
        let others = meeting;
        match others.as_slice() {
            [] => return Ok(set.shortest()),
            [other] => return Set::shortest_outside_one(set, other),
            _ => {}
        }
        // A node: the state of `set`, and the live states of the others.
        type Node = (u32, Vec<(u32, u32)>);
        let mut index: HashMap<Node, u32> = HashMap::default();
        let mut nodes: Vec<(Node, Option<(u32, u8)>)> = Vec::new();
        let first: Node = (0, (0..others.len() as u32).map(|i| (i, 0)).collect());
        index.insert(first.clone(), 0);
        nodes.push((first, None));
        let mut at = 0;
        while at < nodes.len() {
            let ((p, live), _) = &nodes[at];
            let (p, live) = (*p, live.clone());
            charge(K * (live.len() + 1) * SUBSET_UNITS)?;
            if set.accept[p as usize]
                && live
                    .iter()
                    .all(|&(i, q)| !others[i as usize].accept[q as usize])
            {
                return Ok(read_back(&nodes, at));
            }
            for (a, &b) in ALPHABET.iter().enumerate() {
                let np = set.trans[p as usize * K + a];
                if set.is_dead(np) {
                    continue;
                }
                let next: Vec<(u32, u32)> = live
                    .iter()
                    .map(|&(i, q)| (i, others[i as usize].trans[q as usize * K + a]))
                    .filter(|&(i, q)| !others[i as usize].is_dead(q))
                    .collect();
                let node = (np, next);
                if !index.contains_key(&node) {
                    if nodes.len() >= MAX_STATES {
                        return Err(TooLarge::States);
                    }
                    index.insert(node.clone(), nodes.len() as u32);
                    nodes.push((node, Some((at as u32, b))));
                }
            }
            at += 1;
        }
        Ok(None)
    }

    /// The members of `set` in none of `others`; `set` itself (shared)
    /// when it meets none of them.
    pub fn minus_all(set: &Arc<Set>, others: &[&Set]) -> Result<Arc<Set>, TooLarge> {
        let mut meeting: Vec<&Set> = Vec::new();
        for &o in others {
            if !set.disjoint(o)? {
                meeting.push(o);
            }
        }
        if meeting.is_empty() {
            return Ok(Arc::clone(set));
        }
        Ok(Arc::new(set.minus(&Set::union_all(&meeting)?)?))
    }

    /// Members of any of `sets`, built in one subset construction (cheaper
    /// than a chain of products when there are many).
    pub fn union_all(sets: &[&Set]) -> Result<Set, TooLarge> {
        let sets: Vec<&Set> = sets.iter().copied().filter(|s| !s.is_empty()).collect();
        match sets.len() {
            0 => return Ok(Set::empty()),
            1 => return Ok(sets[0].clone()),
            2 => return sets[0].or(sets[1]),
            _ => {}
        }
        if let Some(all) = sets.iter().find(|s| s.is_all()) {
            return Ok((*all).clone());
        }
        let mut nfa = Nfa::default();
        let starts: Vec<u32> = sets.iter().map(|s| nfa.embed(s, true)).collect();
        nfa.determinize(&starts)
    }

    /// Members of `self` not in `other`.
    pub fn minus(&self, other: &Set) -> Result<Set, TooLarge> {
        if self.is_empty() || other.is_empty() {
            return Ok(self.clone());
        }
        if other.is_all() {
            return Ok(Set::empty());
        }
        self.product(other, |a, b| a && !b)
    }

    /// [`Set::shortest_outside`] of one other set that meets `set` (the
    /// routes against the Lync users' numbers, most rules against one
    /// earlier rule): the same search, charged the same work, with a node
    /// `(state of set, state of other)` instead of a list of live states
    /// (`u32::MAX`: the other's dead state was reached).
    fn shortest_outside_one(set: &Set, other: &Set) -> Result<Option<String>, TooLarge> {
        const GONE: u32 = u32::MAX;
        // A node, and the node and symbol it was first reached from.
        type Reached = ((u32, u32), Option<(u32, u8)>);
        let mut index: HashMap<(u32, u32), ()> = HashMap::default();
        let mut nodes: Vec<Reached> = vec![((0, 0), None)];
        index.insert((0, 0), ());
        let mut at = 0;
        while at < nodes.len() {
            let ((p, q), _) = nodes[at];
            let live = usize::from(q != GONE);
            charge(K * (live + 1) * SUBSET_UNITS)?;
            if set.accept[p as usize] && (q == GONE || !other.accept[q as usize]) {
                return Ok(read_back(&nodes, at));
            }
            for (a, &b) in ALPHABET.iter().enumerate() {
                let np = set.trans[p as usize * K + a];
                if set.is_dead(np) {
                    continue;
                }
                let nq = match q {
                    GONE => GONE,
                    q => Some(other.trans[q as usize * K + a])
                        .filter(|&t| !other.is_dead(t))
                        .unwrap_or(GONE),
                };
                if index.insert((np, nq), ()).is_none() {
                    if nodes.len() >= MAX_STATES {
                        return Err(TooLarge::States);
                    }
                    nodes.push(((np, nq), Some((at as u32, b))));
                }
            }
            at += 1;
        }
        Ok(None)
    }

    /// Every string not in the set.
    pub fn complement(&self) -> Set {
        Set::new(self.trans.clone(), self.accept.iter().map(|a| !a).collect())
    }

    /// `{ s : prefix + s ∈ self }`.
    pub fn strip_prefix(&self, prefix: &str) -> Set {
        let Some(symbols) = symbols(prefix) else {
            return Set::empty();
        };
        let start = symbols
            .iter()
            .fold(0u32, |q, &a| self.trans[q as usize * K + a]);
        self.restart(start)
    }

    /// `{ s : s + suffix ∈ self }` (a walk of the suffix from every state).
    pub fn strip_suffix(&self, suffix: &str) -> Result<Set, TooLarge> {
        let Some(symbols) = symbols(suffix) else {
            return Ok(Set::empty());
        };
        charge(self.len() * (symbols.len() + K))?;
        let accept = (0..self.len())
            .map(|q| {
                let end = symbols
                    .iter()
                    .fold(q as u32, |q, &a| self.trans[q as usize * K + a]);
                self.accept[end as usize]
            })
            .collect();
        Ok(Set::new(self.trans.clone(), accept).minimized())
    }

    /// `{ a + s + b : |a| = front, |b| = back, s ∈ self }`.
    pub fn pad(&self, front: usize, back: usize) -> Result<Set, TooLarge> {
        if front == 0 && back == 0 || self.is_empty() {
            return Ok(self.clone());
        }
        // A padding longer than the largest automaton cannot be built (a
        // rule's fixed text can claim billions of characters).
        if front.saturating_add(back) > MAX_STATES {
            return Err(TooLarge::States);
        }
        charge((front + back) * K)?;
        let mut nfa = Nfa::default();
        let first = nfa.add();
        let mut at = first;
        for _ in 0..front {
            let next = nfa.add();
            nfa.states[at as usize].edges.push((ALL, next));
            at = next;
        }
        let body = nfa.embed(self, back == 0);
        nfa.states[at as usize].eps.push(body);
        if back > 0 {
            let tail = nfa.add();
            for q in 0..self.len() {
                if self.accept[q] {
                    nfa.states[body as usize + q].eps.push(tail);
                }
            }
            let mut at = tail;
            for _ in 0..back {
                let next = nfa.add();
                nfa.states[at as usize].edges.push((ALL, next));
                at = next;
            }
            nfa.states[at as usize].accept = true;
        }
        nfa.determinize(&[first])
    }

    /// `{ prefix + s + suffix : s ∈ self }`.
    pub fn wrap(&self, prefix: &str, suffix: &str) -> Result<Set, TooLarge> {
        let (Some(p), Some(s)) = (symbols(prefix), symbols(suffix)) else {
            return Ok(Set::empty());
        };
        if self.is_empty() {
            return Ok(Set::empty());
        }
        if p.len() + s.len() > MAX_STATES {
            return Err(TooLarge::States);
        }
        charge((p.len() + s.len()) * K)?;
        let mut nfa = Nfa::default();
        let first = nfa.add();
        let mut at = first;
        for &a in &p {
            let next = nfa.add();
            nfa.states[at as usize].edges.push((1 << a, next));
            at = next;
        }
        let body = nfa.embed(self, s.is_empty());
        nfa.states[at as usize].eps.push(body);
        if !s.is_empty() {
            let tail = nfa.add();
            for q in 0..self.len() {
                if self.accept[q] {
                    nfa.states[body as usize + q].eps.push(tail);
                }
            }
            let mut at = tail;
            for &a in &s {
                let next = nfa.add();
                nfa.states[at as usize].edges.push((1 << a, next));
                at = next;
            }
            nfa.states[at as usize].accept = true;
        }
        nfa.determinize(&[first])
    }
}

/// The symbol indexes of a text, if every character is in the alphabet.
fn symbols(text: &str) -> Option<Vec<usize>> {
    text.bytes().map(symbol).collect()
}

/// Whether every character of `text` is in the alphabet.
pub fn in_alphabet(text: &str) -> bool {
    text.bytes().all(|b| symbol(b).is_some())
}
