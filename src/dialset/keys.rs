//! Prefix keys: a cheap necessary condition for two sets to meet, so that
//! an ordered list of thousands of patterns compares only the pairs that
//! can share a member (issue 20's `same_prefix_distinct_suffix` trap).
//!
//! A key is a sequence of symbol classes, one per position, read off the
//! automaton from its start: the symbols of a state that lead to one
//! state form one class, so `^\+1425[0-9]{3}0042$` has the single key
//! `+1425[0-9][0-9][0-9]0042` (twelve classes), and routes told apart only
//! by their last digits get keys that tell them apart too.

use super::{ALPHABET, K, Set};

/// How deep [`Set::prefix_keys`] goes.
pub const KEY_DEPTH: usize = 32;

/// How many keys [`Set::prefix_keys`] gives at most.
pub const KEY_COUNT: usize = 8;

/// For each position, the symbols a member may have there (bit `i`:
/// `ALPHABET[i]`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Key(Box<[u32]>);

impl Key {
    /// Whether two keys agree on every position both have: a set whose
    /// members all begin with one and a set whose members all begin with
    /// the other can meet only then.
    pub fn meets(&self, other: &Key) -> bool {
        self.0.iter().zip(other.0.iter()).all(|(a, b)| a & b != 0)
    }
}

impl std::fmt::Debug for Key {
    /// `+1425[0-9]`: a class of one symbol as itself, runs of three or
    /// more symbols in [`ALPHABET`] order as a range.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for &class in self.0.iter() {
            let symbols: Vec<usize> = (0..K).filter(|&a| class & (1 << a) != 0).collect();
            if let [one] = symbols[..] {
                write!(f, "{}", char::from(ALPHABET[one]))?;
                continue;
            }
            f.write_str("[")?;
            for run in symbols.chunk_by(|a, b| a + 1 == *b) {
                let (first, last) = (ALPHABET[run[0]], ALPHABET[run[run.len() - 1]]);
                match run.len() {
                    1 => write!(f, "{}", char::from(first))?,
                    2 => write!(f, "{}{}", char::from(first), char::from(last))?,
                    _ => write!(f, "{}-{}", char::from(first), char::from(last))?,
                }
            }
            f.write_str("]")?;
        }
        Ok(())
    }
}

impl Set {
    /// Keys for an index of sets: classes of symbols by position such that
    /// every member of the set begins with (a string of) one of them or is
    /// one of them (a member shorter than the keys is a key of its own
    /// length). Two sets can meet only if a key of one [meets](Key::meets)
    /// a key of the other. The keys go as deep as [`KEY_DEPTH`] symbols
    /// while there are at most [`KEY_COUNT`] of them: `^\+1(206|425)\d{7}$`
    /// gives `+1206[0-9]…` and `+1425[0-9]…`, seven classes of ten digits
    /// each.
    pub fn prefix_keys(&self) -> Vec<Key> {
        // A minimal complete automaton has at most one dead state.
        let dead = (self.dead != u32::MAX).then_some(self.dead);
        // Nodes of the search: (parent node, class, state); every string
        // of a node's classes leads to its state. Keys are read back along
        // parents at the end.
        let mut nodes: Vec<(u32, u32, u32)> = Vec::with_capacity(4 * KEY_COUNT);
        nodes.push((u32::MAX, 0, 0));
        // The nodes of the deepest level reached, and the nodes whose
        // strings are members (keys shorter than the deepest).
        let mut level = 0..1;
        let mut complete: Vec<u32> = Vec::new();
        for _ in 0..KEY_DEPTH {
            let (mark, ends) = (nodes.len(), complete.len());
            let mut over = false;
            for n in level.clone() {
                let q = nodes[n].2;
                if self.accept[q as usize] {
                    complete.push(n as u32);
                }
                let first = nodes.len();
                for a in 0..K {
                    let t = self.trans[q as usize * K + a];
                    if Some(t) == dead {
                        continue;
                    }
                    match nodes[first..].iter_mut().find(|node| node.2 == t) {
                        Some(node) => node.1 |= 1 << a,
                        None => nodes.push((n as u32, 1 << a, t)),
                    }
                }
                if nodes.len() - mark + complete.len() > KEY_COUNT {
                    over = true;
                    break;
                }
            }
            if over {
                nodes.truncate(mark);
                complete.truncate(ends);
                break;
            }
            level = mark..nodes.len();
            if level.is_empty() {
                break;
            }
        }
        complete.extend(level.map(|n| n as u32));
        let mut keys: Vec<Key> = complete
            .into_iter()
            .map(|mut n| {
                let mut classes = Vec::new();
                while nodes[n as usize].0 != u32::MAX {
                    classes.push(nodes[n as usize].1);
                    n = nodes[n as usize].0;
                }
                classes.reverse();
                Key(classes.into())
            })
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        keys.dedup();
        keys
    }
}

/// Items (numbered in the order they are added) by the prefix keys of
/// their sets, in a trie of classes: which earlier items may meet a new
/// one costs a walk of the classes its keys allow, not a comparison with
/// every item.
#[derive(Default)]
pub struct KeyIndex {
    /// Node 0 is the root (the empty key), once anything is added.
    nodes: Vec<Node>,
}

#[derive(Default)]
struct Node {
    /// `(class, node)`, classes distinct (they may overlap).
    children: Vec<(u32, u32)>,
    /// The items with a key ending here.
    items: Vec<u32>,
}

impl KeyIndex {
    /// Adds an item with its keys.
    pub fn add(&mut self, keys: &[Key], item: u32) {
        if self.nodes.is_empty() {
            self.nodes.push(Node::default());
        }
        for key in keys {
            let mut at = 0;
            for &class in key.0.iter() {
                let found = self.nodes[at]
                    .children
                    .iter()
                    .find(|&&(c, _)| c == class)
                    .map(|&(_, n)| n as usize);
                at = match found {
                    Some(n) => n,
                    None => {
                        let n = self.nodes.len();
                        self.nodes.push(Node::default());
                        self.nodes[at].children.push((class, n as u32));
                        n
                    }
                };
            }
            if self.nodes[at].items.last() != Some(&item) {
                self.nodes[at].items.push(item);
            }
        }
    }

    /// The items below `below` with a key that meets one of `keys`, in
    /// order, each once.
    pub fn meeting(&self, keys: &[Key], below: u32) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        if self.nodes.is_empty() {
            return out;
        }
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for key in keys {
            stack.push((0, 0));
            while let Some((at, depth)) = stack.pop() {
                let node = &self.nodes[at];
                out.extend(node.items.iter().filter(|&&j| j < below));
                match key.0.get(depth) {
                    // Every longer key from here on meets this one.
                    None => stack.extend(node.children.iter().map(|&(_, n)| (n as usize, depth))),
                    Some(&class) => stack.extend(
                        node.children
                            .iter()
                            .filter(|&&(c, _)| c & class != 0)
                            .map(|&(_, n)| (n as usize, depth + 1)),
                    ),
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}
