//! Trimming, canonical numbering and minimization of an automaton: Moore's
//! refinement for small automata, Hopcroft's algorithm (`O(K n log n)`)
//! for the rest. Minimal automata make equal sets equal and keep sizes
//! small; minimization needs no budget.

use super::*;

impl Set {
    /// The same automaton started at state `start`, trimmed and minimized.
    pub(super) fn restart(&self, start: u32) -> Set {
        self.renumbered(start).minimized()
    }

    /// The states reachable from `start`, numbered breadth-first in
    /// symbol order (the canonical numbering of a minimal automaton).
    pub(super) fn renumbered(&self, start: u32) -> Set {
        let mut order = vec![u32::MAX; self.len()];
        let mut states = vec![start];
        order[start as usize] = 0;
        let mut i = 0;
        while i < states.len() {
            let q = states[i] as usize;
            for a in 0..K {
                let t = self.trans[q * K + a] as usize;
                if order[t] == u32::MAX {
                    order[t] = states.len() as u32;
                    states.push(t as u32);
                }
            }
            i += 1;
        }
        let mut trans = Vec::with_capacity(states.len() * K);
        for &q in &states {
            for a in 0..K {
                trans.push(order[self.trans[q as usize * K + a] as usize]);
            }
        }
        let accept = states.iter().map(|&q| self.accept[q as usize]).collect();
        Set::new(trans, accept)
    }

    /// The minimal automaton of the same set (Hopcroft's partition
    /// refinement, `O(K n log n)` whatever the automaton's shape; Moore's
    /// is quadratic on long chains), states numbered in breadth-first order
    /// from the start so equal sets are equal values.
    pub(super) fn minimized(self) -> Set {
        let (class, count) = if self.len() <= SMALL {
            self.moore_classes()
        } else {
            self.equivalence_classes()
        };
        self.collapsed(&class, count)
    }

    /// The automaton whose states are the given classes of equivalent
    /// states, numbered breadth-first from the start's class.
    pub(super) fn collapsed(&self, class: &[u32], count: usize) -> Set {
        let n = self.len();
        // Renumber classes breadth-first from the start's class.
        let mut rep = vec![u32::MAX; count];
        for q in (0..n).rev() {
            rep[class[q] as usize] = q as u32;
        }
        let mut order = vec![u32::MAX; count];
        let mut classes = vec![class[0]];
        order[class[0] as usize] = 0;
        let mut i = 0;
        while i < classes.len() {
            let q = rep[classes[i] as usize] as usize;
            for a in 0..K {
                let c = class[self.trans[q * K + a] as usize];
                if order[c as usize] == u32::MAX {
                    order[c as usize] = classes.len() as u32;
                    classes.push(c);
                }
            }
            i += 1;
        }
        let mut trans = Vec::with_capacity(classes.len() * K);
        let mut accept = Vec::with_capacity(classes.len());
        for &c in &classes {
            let q = rep[c as usize] as usize;
            accept.push(self.accept[q]);
            for a in 0..K {
                trans.push(order[class[self.trans[q * K + a] as usize] as usize]);
            }
        }
        Set::new(trans, accept)
    }
}

/// Automata up to this many states are minimized by Moore's refinement.
const SMALL: usize = 16;

impl Set {
    /// The classes of equivalent states by Moore's refinement: quadratic
    /// in the worst case, but with less to set up than Hopcroft's, so the
    /// faster for small automata, and the reference Hopcroft's algorithm is
    /// checked against.
    pub(super) fn moore_classes(&self) -> (Vec<u32>, usize) {
        let n = self.len();
        let mut class: Vec<u32> = self.accept.iter().map(|&a| u32::from(a)).collect();
        let mut count = 0;
        let mut sig = vec![0u32; n * (K + 1)];
        let mut states: Vec<u32> = (0..n as u32).collect();
        loop {
            // Each state's signature: its class and its successors' classes.
            for q in 0..n {
                let row = &mut sig[q * (K + 1)..(q + 1) * (K + 1)];
                row[0] = class[q];
                for a in 0..K {
                    row[a + 1] = class[self.trans[q * K + a] as usize];
                }
            }
            let row = |q: u32| &sig[q as usize * (K + 1)..(q as usize + 1) * (K + 1)];
            states.sort_unstable_by(|&p, &q| row(p).cmp(row(q)));
            let mut next = vec![0u32; n];
            let mut c = 0u32;
            for i in 0..n {
                if i > 0 && row(states[i]) != row(states[i - 1]) {
                    c += 1;
                }
                next[states[i] as usize] = c;
            }
            let new_count = c as usize + 1;
            class = next;
            if new_count == count {
                return (class, count);
            }
            count = new_count;
        }
    }

    /// The classes of equivalent states (Hopcroft): `class[q]` for every
    /// state, and the number of classes.
    pub(super) fn equivalence_classes(&self) -> (Vec<u32>, usize) {
        let n = self.len();
        // Sources of the transitions into each state, per symbol (CSR).
        let mut start = vec![0u32; K * n + 1];
        for q in 0..n {
            for a in 0..K {
                start[a * n + self.trans[q * K + a] as usize + 1] += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut fill = start.clone();
        let mut sources = vec![0u32; K * n];
        for q in 0..n {
            for a in 0..K {
                let slot = &mut fill[a * n + self.trans[q * K + a] as usize];
                sources[*slot as usize] = q as u32;
                *slot += 1;
            }
        }
        // The partition: blocks are ranges of `elems`; `pos` inverts it.
        let mut elems: Vec<u32> = (0..n as u32).collect();
        elems.sort_by_key(|&q| !self.accept[q as usize]);
        let accepting = self.accept.iter().filter(|&&a| a).count();
        let mut pos = vec![0u32; n];
        for (i, &q) in elems.iter().enumerate() {
            pos[q as usize] = i as u32;
        }
        let mut first: Vec<u32> = Vec::new();
        let mut end: Vec<u32> = Vec::new();
        let mut block = vec![0u32; n];
        for (lo, hi) in [(0, accepting), (accepting, n)] {
            if lo < hi {
                let b = first.len() as u32;
                first.push(lo as u32);
                end.push(hi as u32);
                for &q in &elems[lo..hi] {
                    block[q as usize] = b;
                }
            }
        }
        let mut marked = vec![0u32; first.len()];
        let mut waiting: Vec<(u32, usize)> = Vec::new();
        let mut queued = vec![false; first.len() * K];
        // The smaller initial block is enough as a splitter.
        let smaller = (0..first.len())
            .min_by_key(|&b| end[b] - first[b])
            .unwrap_or(0) as u32;
        if first.len() == 2 {
            for a in 0..K {
                waiting.push((smaller, a));
                queued[smaller as usize * K + a] = true;
            }
        }
        let mut touched: Vec<u32> = Vec::new();
        let mut splitter: Vec<u32> = Vec::new();
        while let Some((b, a)) = waiting.pop() {
            queued[b as usize * K + a] = false;
            // Every state with an `a`-transition into block `b`.
            splitter.clear();
            for &t in &elems[first[b as usize] as usize..end[b as usize] as usize] {
                let i = a * n + t as usize;
                splitter.extend_from_slice(&sources[start[i] as usize..start[i + 1] as usize]);
            }
            // Move each to the front of its block.
            for &q in &splitter {
                let y = block[q as usize] as usize;
                let to = first[y] + marked[y];
                if pos[q as usize] < to {
                    continue; // already moved
                }
                let other = elems[to as usize];
                elems.swap(to as usize, pos[q as usize] as usize);
                pos[other as usize] = pos[q as usize];
                pos[q as usize] = to;
                if marked[y] == 0 {
                    touched.push(y as u32);
                }
                marked[y] += 1;
            }
            for &y in &touched {
                let y = y as usize;
                let m = marked[y];
                marked[y] = 0;
                if m == end[y] - first[y] {
                    continue;
                }
                // The moved part becomes a new block.
                let nb = first.len() as u32;
                first.push(first[y]);
                end.push(first[y] + m);
                first[y] += m;
                marked.push(0);
                queued.extend(std::iter::repeat_n(false, K));
                for &q in &elems[first[nb as usize] as usize..end[nb as usize] as usize] {
                    block[q as usize] = nb;
                }
                let new_smaller = end[nb as usize] - first[nb as usize] <= end[y] - first[y];
                for c in 0..K {
                    let pick = if queued[y * K + c] || new_smaller {
                        nb
                    } else {
                        y as u32
                    };
                    if !queued[pick as usize * K + c] {
                        queued[pick as usize * K + c] = true;
                        waiting.push((pick, c));
                    }
                }
            }
            touched.clear();
        }
        (block, first.len())
    }
}
