//! The parsed form of a .NET regular expression.
//!
//! Nodes keep source order (a look-behind's body is matched right to left
//! by the matcher, not reversed here) and the byte offset in the pattern of
//! the constructs the checks point at.

use super::class::{self, Class};

/// Zero-width assertions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// `^` without `(?m)`, and `\A`: the start of the input.
    Start,
    /// `^` under `(?m)`: the start, or after a `\n`.
    LineStart,
    /// `$` without `(?m)`, and `\Z`: the end, or before a final `\n`.
    EndOrFinalNewline,
    /// `$` under `(?m)`: the end, or before any `\n`.
    LineEnd,
    /// `\z`: the end.
    End,
    /// `\b`.
    WordBoundary,
    /// `\B`.
    NotWordBoundary,
    /// `\G`: where this match attempt started.
    AttemptStart,
}

/// A node of the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Matches the empty string.
    Empty,
    /// One code unit (already lower-cased under `(?i)`).
    Char {
        /// The code unit.
        c: u16,
        /// Compare the input's lower case.
        ci: bool,
    },
    /// A run of two or more case-sensitive literal code units (as .NET's
    /// `Multi`): `+1425` in `^\+1425\d{7}$`.
    Literal(Box<[u16]>),
    /// Any code unit but one (`.` without `(?s)` is "not `\n`").
    NotChar {
        /// The excluded code unit.
        c: u16,
        /// Compare the input's lower case.
        ci: bool,
    },
    /// A character class.
    Set {
        /// The class.
        class: Box<Class>,
        /// Test the input's lower case.
        ci: bool,
    },
    /// A zero-width assertion.
    Anchor(Anchor),
    /// A sequence.
    Concat(Vec<Node>),
    /// Alternatives, tried in order.
    Alt(Vec<Node>),
    /// A quantified node.
    Repeat {
        /// What repeats.
        node: Box<Node>,
        /// Fewest iterations.
        min: u32,
        /// Most iterations; `u32::MAX` for no limit.
        max: u32,
        /// `*?`, `+?`, `??`, `{n,m}?`.
        lazy: bool,
        /// Offset of the quantifier in the pattern.
        at: usize,
    },
    /// A capturing group, or a balancing group.
    Capture {
        /// Slot of the group captured into (`None` for `(?<-name>...)`).
        slot: Option<usize>,
        /// Slot of the group whose last capture a balancing group pops.
        uncapture: Option<usize>,
        /// The body.
        node: Box<Node>,
        /// Offset of the `(` in the pattern.
        at: usize,
    },
    /// `(?:...)`, or a group made non-capturing by `(?n)`.
    Group(Box<Node>),
    /// `(?>...)`.
    Atomic(Box<Node>),
    /// Look-ahead `(?=...)`/`(?!...)` or look-behind `(?<=...)`/`(?<!...)`.
    Look {
        /// Ahead (left to right) or behind (right to left).
        ahead: bool,
        /// `(?!...)`, `(?<!...)`.
        negated: bool,
        /// The body.
        node: Box<Node>,
        /// Offset of the `(` in the pattern.
        at: usize,
    },
    /// `\1`, `\k<name>`.
    Backref {
        /// The group's slot.
        slot: usize,
        /// Compare lower cases.
        ci: bool,
        /// Offset of the `\` in the pattern.
        at: usize,
    },
    /// `(?(1)yes|no)`, `(?(name)yes|no)`.
    IfGroup {
        /// The group tested.
        slot: usize,
        /// Taken when the group has captured.
        yes: Box<Node>,
        /// Taken otherwise.
        no: Box<Node>,
        /// Offset of the `(` in the pattern.
        at: usize,
    },
    /// `(?(expression)yes|no)`.
    IfMatch {
        /// The condition, tested as a look-ahead.
        condition: Box<Node>,
        /// Taken when it matches.
        yes: Box<Node>,
        /// Taken otherwise.
        no: Box<Node>,
        /// Offset of the `(` in the pattern.
        at: usize,
    },
}

impl Node {
    /// A sequence, simplified when it has zero or one element, with runs
    /// of literal characters merged.
    pub fn concat(nodes: Vec<Node>) -> Node {
        let mut out: Vec<Node> = Vec::with_capacity(nodes.len());
        let mut run: Vec<u16> = Vec::new();
        let flush = |run: &mut Vec<u16>, out: &mut Vec<Node>| match run.len() {
            0 => {}
            1 => out.push(Node::Char {
                c: run[0],
                ci: false,
            }),
            _ => out.push(Node::Literal(std::mem::take(run).into_boxed_slice())),
        };
        for n in nodes {
            match n {
                Node::Char { c, ci: false } => run.push(c),
                Node::Literal(units) => run.extend_from_slice(&units),
                Node::Empty => {}
                other => {
                    flush(&mut run, &mut out);
                    run.clear();
                    out.push(other);
                }
            }
        }
        flush(&mut run, &mut out);
        match out.len() {
            0 => Node::Empty,
            1 => out.pop().unwrap_or(Node::Empty),
            _ => {
                out.shrink_to_fit();
                Node::Concat(out)
            }
        }
    }

    /// Alternatives, simplified when there is one.
    pub fn alt(mut nodes: Vec<Node>) -> Node {
        if nodes.len() == 1 {
            nodes.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(nodes)
        }
    }

    /// Whether the node matches exactly one code unit (a character, a
    /// "not this character", a class).
    #[inline]
    pub(crate) fn is_unit(&self) -> bool {
        matches!(
            self,
            Node::Char { .. } | Node::NotChar { .. } | Node::Set { .. }
        )
    }

    /// For a node that matches one code unit, whether it matches `c`
    /// (`false` for any other node).
    #[inline]
    pub(crate) fn unit_matches(&self, c: u16) -> bool {
        match self {
            Node::Char { c: x, ci } => (if *ci { class::to_lower(c) } else { c }) == *x,
            Node::NotChar { c: x, ci } => (if *ci { class::to_lower(c) } else { c }) != *x,
            Node::Set { class, ci } => class.contains(if *ci { class::to_lower(c) } else { c }),
            _ => false,
        }
    }

    /// Whether the node can match the empty string (conservatively: a
    /// back-reference may).
    pub fn nullable(&self) -> bool {
        match self {
            Node::Empty | Node::Anchor(_) | Node::Look { .. } | Node::Backref { .. } => true,
            Node::Char { .. } | Node::NotChar { .. } | Node::Set { .. } | Node::Literal(_) => false,
            Node::Concat(nodes) => nodes.iter().all(Node::nullable),
            Node::Alt(nodes) => nodes.iter().any(Node::nullable),
            Node::Repeat { node, min, .. } => *min == 0 || node.nullable(),
            Node::Capture { node, .. } | Node::Group(node) | Node::Atomic(node) => node.nullable(),
            Node::IfGroup { yes, no, .. } | Node::IfMatch { yes, no, .. } => {
                yes.nullable() || no.nullable()
            }
        }
    }

    /// Calls `f` on this node and every node below it, parents first.
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Node)) {
        f(self);
        match self {
            Node::Concat(nodes) | Node::Alt(nodes) => {
                for n in nodes {
                    n.walk(f);
                }
            }
            Node::Repeat { node, .. }
            | Node::Capture { node, .. }
            | Node::Group(node)
            | Node::Atomic(node)
            | Node::Look { node, .. } => node.walk(f),
            Node::IfGroup { yes, no, .. } => {
                yes.walk(f);
                no.walk(f);
            }
            Node::IfMatch {
                condition, yes, no, ..
            } => {
                condition.walk(f);
                yes.walk(f);
                no.walk(f);
            }
            Node::Empty
            | Node::Char { .. }
            | Node::Literal(_)
            | Node::NotChar { .. }
            | Node::Set { .. }
            | Node::Anchor(_)
            | Node::Backref { .. } => {}
        }
    }
}
