//! The matcher: a back-tracking interpreter with .NET's semantics.
//!
//! It walks the tree in continuation-passing style: matching a node at a
//! position calls the continuation with every end position the node can
//! reach, in .NET's order of preference, until one leads to a match.
//! Captures live on per-group stacks with an undo trail, so a failed path
//! takes back exactly what it captured; like .NET, a group keeps every
//! capture of a loop and reports the last one, and a positive look-around
//! or atomic group keeps the captures made inside it.
//!
//! Loops follow `RegexInterpreter`'s `Branchmark`/`Branchcount` rules: a
//! greedy loop stops iterating once an iteration matches the empty string
//! and the minimum is met (so `^9(\d*){1,5}$` on `95550100` leaves group 1
//! empty: the second iteration matched nothing). A lazy loop tries one
//! more iteration only after a non-empty one. Look-behind bodies match
//! right to left, as in .NET.
//!
//! Every call counts against a step budget and a depth limit; exceeding
//! either stops the search with [`Undecided::Budget`] or
//! [`Undecided::Depth`] rather than running for ever or
//! overflowing the stack (a pattern .NET would grind through for minutes
//! is reported as undecided, never as matching or not).

use super::Undecided;
use super::ast::{Anchor, Node};
use super::class;

/// Steps one search may take by default: a few tens of milliseconds.
pub const STEP_BUDGET: u64 = 5_000_000;
/// Deepest nesting of calls.
const MAX_DEPTH: u32 = 2_000;

#[derive(Clone, Copy)]
enum Undo {
    Pushed(usize),
    Popped(usize, (usize, usize)),
}

/// The state of a search, kept from one search to the next over the same
/// input (the step budget covers them all).
pub(super) struct Matcher<'i> {
    input: &'i [u16],
    caps: Vec<Vec<(usize, usize)>>,
    trail: Vec<Undo>,
    steps: u64,
    budget: u64,
    depth: u32,
    stop: Option<Undecided>,
    attempt: usize,
}

/// The last capture of every slot, `None` where the group did not take part.
pub(super) type Groups = Vec<Option<(usize, usize)>>;

type Cont<'k, 'i> = &'k mut dyn FnMut(&mut Matcher<'i>, usize) -> bool;

/// A loop: what repeats, how often, and whether it is lazy.
#[derive(Clone, Copy)]
struct Loop<'a> {
    node: &'a Node,
    min: u32,
    max: u32,
    lazy: bool,
}

impl<'i> Matcher<'i> {
    pub(super) fn new(input: &'i [u16], slots: usize, budget: u64) -> Matcher<'i> {
        Matcher {
            input,
            caps: vec![Vec::new(); slots],
            trail: Vec::new(),
            steps: 0,
            budget,
            depth: 0,
            stop: None,
            attempt: 0,
        }
    }

    /// The length of the input, in code units.
    pub(super) fn input_len(&self) -> usize {
        self.input.len()
    }

    /// The steps taken so far, by every search of this matcher.
    pub(super) fn steps(&self) -> u64 {
        self.steps
    }

    /// `Regex.Match`: the first position, left to right, where the pattern
    /// matches. Returns the last capture of every slot (slot 0 the match).
    /// The step budget covers the whole search, every start position (and
    /// every earlier search of this matcher).
    pub(super) fn search(
        &mut self,
        root: &Node,
        starts: impl Iterator<Item = usize>,
    ) -> Result<Option<Groups>, Undecided> {
        self.depth = 0;
        self.stop = None;
        for start in starts {
            for c in &mut self.caps {
                c.clear();
            }
            self.trail.clear();
            self.attempt = start;
            let mut end = None;
            let found = self.m(root, start, false, &mut |_, p| {
                end = Some(p);
                true
            });
            if let Some(stop) = self.stop {
                return Err(stop);
            }
            if found {
                let end = end.unwrap_or(start);
                let mut groups: Vec<Option<(usize, usize)>> =
                    self.caps.iter().map(|c| c.last().copied()).collect();
                groups[0] = Some((start.min(end), start.max(end)));
                return Ok(Some(groups));
            }
        }
        Ok(None)
    }

    fn undo_to(&mut self, mark: usize) {
        while self.trail.len() > mark {
            match self.trail.pop() {
                Some(Undo::Pushed(slot)) => {
                    self.caps[slot].pop();
                }
                Some(Undo::Popped(slot, cap)) => self.caps[slot].push(cap),
                None => break,
            }
        }
    }

    /// Calls `k` at `pos`; when that fails, takes back the captures made
    /// since the trail was `mark` long.
    fn continue_or_undo(&mut self, mark: usize, pos: usize, k: Cont<'_, 'i>) -> bool {
        if k(self, pos) {
            return true;
        }
        self.undo_to(mark);
        false
    }

    fn push_capture(&mut self, slot: usize, cap: (usize, usize)) {
        self.caps[slot].push(cap);
        self.trail.push(Undo::Pushed(slot));
    }

    /// The code unit one step from `pos` in the direction, and the position after it.
    fn next_unit(&self, pos: usize, rtl: bool) -> Option<(u16, usize)> {
        if rtl {
            pos.checked_sub(1).map(|p| (self.input[p], p))
        } else {
            self.input.get(pos).map(|&c| (c, pos + 1))
        }
    }

    fn is_word_at(&self, i: Option<usize>) -> bool {
        i.and_then(|i| self.input.get(i))
            .is_some_and(|&c| class::is_word(c))
    }

    fn anchor(&self, a: Anchor, pos: usize) -> bool {
        let len = self.input.len();
        let nl = u16::from(b'\n');
        match a {
            Anchor::Start => pos == 0,
            Anchor::LineStart => pos == 0 || self.input[pos - 1] == nl,
            Anchor::EndOrFinalNewline => pos == len || (pos + 1 == len && self.input[pos] == nl),
            Anchor::LineEnd => pos == len || self.input[pos] == nl,
            Anchor::End => pos == len,
            Anchor::WordBoundary | Anchor::NotWordBoundary => {
                let b = self.is_word_at(pos.checked_sub(1)) != self.is_word_at(Some(pos));
                b == (a == Anchor::WordBoundary)
            }
            Anchor::AttemptStart => pos == self.attempt,
        }
    }

    /// Matches a node that needs no continuation (one code unit, an
    /// anchor, nothing) at once.
    fn simple(&self, node: &Node, pos: usize, rtl: bool) -> Simple {
        let at = |end: Option<usize>| end.map_or(Simple::Fails, Simple::Ends);
        match node {
            Node::Empty => Simple::Ends(pos),
            Node::Anchor(a) => at(self.anchor(*a, pos).then_some(pos)),
            Node::Literal(units) => at(if rtl {
                pos.checked_sub(units.len())
                    .filter(|&s| self.input[s..pos] == **units)
            } else {
                self.input
                    .get(pos..pos + units.len())
                    .filter(|t| *t == &**units)
                    .map(|_| pos + units.len())
            }),
            n if n.is_unit() => at(self
                .next_unit(pos, rtl)
                .filter(|&(c, _)| n.unit_matches(c))
                .map(|(_, p)| p)),
            _ => Simple::General,
        }
    }

    fn tick(&mut self) -> bool {
        if self.stop.is_some() {
            return false;
        }
        self.steps += 1;
        if self.steps > self.budget {
            self.stop = Some(Undecided::Budget);
            return false;
        }
        true
    }

    /// Matches `node` at `pos`, calling `k` with each end position in turn.
    fn m(&mut self, node: &Node, pos: usize, rtl: bool, k: Cont<'_, 'i>) -> bool {
        if !self.tick() {
            return false;
        }
        if self.depth >= MAX_DEPTH {
            self.stop = Some(Undecided::Depth);
            return false;
        }
        self.depth += 1;
        let r = self.m_inner(node, pos, rtl, k);
        self.depth -= 1;
        r
    }

    fn m_inner(&mut self, node: &Node, pos: usize, rtl: bool, k: Cont<'_, 'i>) -> bool {
        match self.simple(node, pos, rtl) {
            Simple::Ends(p) => return k(self, p),
            Simple::Fails => return false,
            Simple::General => {}
        }
        match node {
            Node::Concat(nodes) => self.seq(nodes, pos, rtl, k),
            Node::Alt(nodes) => {
                for n in nodes {
                    if self.m(n, pos, rtl, k) {
                        return true;
                    }
                    if self.stop.is_some() {
                        return false;
                    }
                }
                false
            }
            Node::Group(n) => self.m(n, pos, rtl, k),
            Node::Repeat {
                node,
                min,
                max,
                lazy,
                ..
            } => {
                let l = Loop {
                    node,
                    min: *min,
                    max: *max,
                    lazy: *lazy,
                };
                self.repeat(l, pos, rtl, k)
            }
            Node::Capture {
                slot,
                uncapture,
                node,
                ..
            } => {
                let (slot, uncapture) = (*slot, *uncapture);
                self.m(node, pos, rtl, &mut |s, p| {
                    let mark = s.trail.len();
                    if !s.capture(slot, uncapture, pos.min(p), pos.max(p)) {
                        return false;
                    }
                    s.continue_or_undo(mark, p, k)
                })
            }
            Node::Atomic(n) => {
                let mark = self.trail.len();
                let mut end = None;
                if !self.m(n, pos, rtl, &mut |_, p| {
                    end = Some(p);
                    true
                }) {
                    return false;
                }
                self.continue_or_undo(mark, end.unwrap_or(pos), k)
            }
            Node::Look {
                ahead,
                negated,
                node,
                ..
            } => {
                let mark = self.trail.len();
                let found = self.m(node, pos, !*ahead, &mut |_, _| true);
                if self.stop.is_some() {
                    return false;
                }
                if *negated {
                    self.undo_to(mark);
                    return !found && k(self, pos);
                }
                if !found {
                    return false;
                }
                self.continue_or_undo(mark, pos, k)
            }
            Node::Backref { slot, ci, .. } => {
                let Some(&(a, b)) = self.caps[*slot].last() else {
                    return false;
                };
                let len = b - a;
                let (from, end) = if rtl {
                    match pos.checked_sub(len) {
                        Some(s) => (s, s),
                        None => return false,
                    }
                } else if pos + len <= self.input.len() {
                    (pos, pos + len)
                } else {
                    return false;
                };
                let same = (0..len).all(|i| {
                    let (x, y) = (self.input[a + i], self.input[from + i]);
                    if *ci {
                        class::to_lower(x) == class::to_lower(y)
                    } else {
                        x == y
                    }
                });
                same && k(self, end)
            }
            Node::IfGroup { slot, yes, no, .. } => {
                if self.caps[*slot].is_empty() {
                    self.m(no, pos, rtl, k)
                } else {
                    self.m(yes, pos, rtl, k)
                }
            }
            Node::IfMatch {
                condition, yes, no, ..
            } => {
                let mark = self.trail.len();
                let found = self.m(condition, pos, false, &mut |_, _| true);
                if self.stop.is_some() {
                    return false;
                }
                let branch = if found { yes } else { no };
                self.continue_or_undo(mark, pos, &mut |s, p| s.m(branch, p, rtl, k))
            }
            Node::Empty
            | Node::Char { .. }
            | Node::Literal(_)
            | Node::NotChar { .. }
            | Node::Set { .. }
            | Node::Anchor(_) => unreachable!("simple nodes are matched above"),
        }
    }

    /// Records a capture; for a balancing group, pops the other group's
    /// last capture and captures the text between (as .NET's TransferCapture).
    fn capture(
        &mut self,
        slot: Option<usize>,
        uncapture: Option<usize>,
        start: usize,
        end: usize,
    ) -> bool {
        let Some(u) = uncapture else {
            if let Some(slot) = slot {
                self.push_capture(slot, (start, end));
            }
            return true;
        };
        let Some(&(s2, e2)) = self.caps[u].last() else {
            return false;
        };
        let (mut start, mut end) = (start, end);
        if start >= e2 {
            end = start;
            start = e2;
        } else if end <= s2 {
            start = s2;
        } else {
            end = end.min(e2);
            start = start.max(s2);
        }
        self.caps[u].pop();
        self.trail.push(Undo::Popped(u, (s2, e2)));
        if let Some(slot) = slot {
            self.push_capture(slot, (start, end));
        }
        true
    }

    /// A sequence, in the direction of matching.
    fn seq(&mut self, nodes: &[Node], mut pos: usize, rtl: bool, k: Cont<'_, 'i>) -> bool {
        let mut rest = nodes;
        loop {
            let (node, others) = match (rtl, rest) {
                (_, []) => return k(self, pos),
                (false, [first, others @ ..]) => (first, others),
                (true, [others @ .., last]) => (last, others),
            };
            match self.simple(node, pos, rtl) {
                Simple::Ends(p) => {
                    if !self.tick() {
                        return false;
                    }
                    pos = p;
                    rest = others;
                }
                Simple::Fails => return false,
                Simple::General => {
                    return self.m(node, pos, rtl, &mut |s, p| s.seq(others, p, rtl, k));
                }
            }
        }
    }

    fn repeat(&mut self, l: Loop<'_>, pos: usize, rtl: bool, k: Cont<'_, 'i>) -> bool {
        if l.node.is_unit() {
            return self.repeat_unit(l, pos, rtl, k);
        }
        if l.min == 0 {
            return self.iterate(l, 0, None, pos, rtl, k);
        }
        self.m(l.node, pos, rtl, &mut |s, p| {
            s.iterate(l, 1, Some(pos), p, rtl, k)
        })
    }

    /// After `done` iterations, the last of which started at `mark`
    /// (`None` before the first), at `pos`.
    fn iterate(
        &mut self,
        l: Loop<'_>,
        done: u32,
        mark: Option<usize>,
        pos: usize,
        rtl: bool,
        k: Cont<'_, 'i>,
    ) -> bool {
        if !self.tick() {
            return false;
        }
        let Loop { min, max, lazy, .. } = l;
        let empty = mark == Some(pos);
        if lazy {
            if done < min {
                return self.m(l.node, pos, rtl, &mut |s, p| {
                    s.iterate(l, done + 1, Some(pos), p, rtl, k)
                });
            }
            if k(self, pos) {
                return true;
            }
            if done < max && !empty && self.stop.is_none() {
                return self.m(l.node, pos, rtl, &mut |s, p| {
                    s.iterate(l, done + 1, Some(pos), p, rtl, k)
                });
            }
            return false;
        }
        if done >= max || (empty && done >= min) {
            return k(self, pos);
        }
        if self.m(l.node, pos, rtl, &mut |s, p| {
            s.iterate(l, done + 1, Some(pos), p, rtl, k)
        }) {
            return true;
        }
        done >= min && self.stop.is_none() && k(self, pos)
    }

    /// A loop over one code unit: no recursion per iteration.
    fn repeat_unit(&mut self, l: Loop<'_>, pos: usize, rtl: bool, k: Cont<'_, 'i>) -> bool {
        let Loop {
            node,
            min,
            max,
            lazy,
        } = l;
        let step = |p: usize, i: usize| if rtl { p - i } else { p + i };
        let available = if rtl { pos } else { self.input.len() - pos };
        let limit = available.min(max as usize);
        let unit_at = |s: &Self, i: usize| {
            let c = if rtl {
                s.input[pos - i - 1]
            } else {
                s.input[pos + i]
            };
            node.unit_matches(c)
        };
        if lazy {
            let mut n = 0usize;
            while n < min as usize {
                if n >= limit || !unit_at(self, n) {
                    return false;
                }
                n += 1;
            }
            loop {
                if !self.tick() {
                    return false;
                }
                if k(self, step(pos, n)) {
                    return true;
                }
                if self.stop.is_some() || n >= limit || !unit_at(self, n) {
                    return false;
                }
                n += 1;
            }
        }
        let mut n = 0usize;
        while n < limit && unit_at(self, n) {
            n += 1;
        }
        if n < min as usize {
            return false;
        }
        loop {
            if !self.tick() {
                return false;
            }
            if k(self, step(pos, n)) {
                return true;
            }
            if self.stop.is_some() || n == min as usize {
                return false;
            }
            n -= 1;
        }
    }
}

/// What matching a node that needs no continuation gives.
enum Simple {
    /// It matches, ending here.
    Ends(usize),
    /// It does not match here.
    Fails,
    /// The node needs the general matcher.
    General,
}
