//! Sets of dial strings in words a voice engineer reads: a prefix and a
//! count of any digits (`+1425555 0xxx`), and the first members of a set
//! in order, for the differences `topoc diff` reports (issue 18).

use super::{ALPHABET, K, Set};

/// The symbols that are digits (the first ten of [`ALPHABET`]).
const DIGITS: std::ops::Range<usize> = 0..10;

/// How a state's language ends a description: any digit string whose
/// length lies in `min..=max` (`max` `None`: no upper bound), and nothing
/// else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tail {
    min: usize,
    max: Option<usize>,
}

impl Set {
    /// The set as lines of a prefix (classes like `[2-9]` where several
    /// symbols lead to the same place) followed by a run of any digits
    /// written `x` (`+1425555 0xxx`, `+1 x{10,}`), one line per branch;
    /// `None` when that takes more than `max_lines` lines, or when the set
    /// is not of that form (a repeated part other than a run of digits).
    pub fn describe(&self, max_lines: usize) -> Option<Vec<String>> {
        if self.is_empty() {
            return Some(Vec::new());
        }
        let tails = self.tails();
        let mut lines = Vec::new();
        let mut on_path = vec![false; self.len()];
        let mut prefix = String::new();
        self.describe_from(0, &tails, &mut prefix, &mut on_path, &mut lines, max_lines)
            .then_some(lines)
    }

    fn describe_from(
        &self,
        q: u32,
        tails: &[Option<Tail>],
        prefix: &mut String,
        on_path: &mut [bool],
        lines: &mut Vec<String>,
        max_lines: usize,
    ) -> bool {
        if let Some(tail) = tails[q as usize] {
            let run = match tail {
                Tail {
                    min: 0,
                    max: Some(0),
                } => String::new(),
                Tail {
                    min,
                    max: Some(max),
                } if min == max => "x".repeat(min),
                Tail {
                    min,
                    max: Some(max),
                } => format!("x{{{min},{max}}}"),
                Tail { min, max: None } => format!("x{{{min},}}"),
            };
            let line = match (prefix.is_empty(), run.is_empty()) {
                (true, _) => run,
                (false, true) => prefix.clone(),
                (false, false) => format!("{prefix} {run}"),
            };
            lines.push(if line.is_empty() {
                "(empty)".into()
            } else {
                line
            });
            return lines.len() <= max_lines;
        }
        if on_path[q as usize] || prefix.len() > 64 {
            return false;
        }
        on_path[q as usize] = true;
        if self.accept[q as usize] {
            lines.push(prefix.clone());
        }
        // Symbols grouped by the state they lead to, in alphabet order.
        let mut groups: Vec<(u32, Vec<usize>)> = Vec::new();
        for a in 0..K {
            let t = self.trans[q as usize * K + a];
            if self.is_dead(t) {
                continue;
            }
            match groups.iter_mut().find(|(to, _)| *to == t) {
                Some((_, symbols)) => symbols.push(a),
                None => groups.push((t, vec![a])),
            }
        }
        let mut ok = true;
        for (t, symbols) in groups {
            let len = prefix.len();
            prefix.push_str(&class(&symbols));
            ok = self.describe_from(t, tails, prefix, on_path, lines, max_lines)
                && lines.len() <= max_lines;
            prefix.truncate(len);
            if !ok {
                break;
            }
        }
        on_path[q as usize] = false;
        ok
    }

    /// For each state, whether its language is a run of any digits of a
    /// length range.
    fn tails(&self) -> Vec<Option<Tail>> {
        // 0: not computed, 1: in progress.
        let mut state = vec![0u8; self.len()];
        let mut out = vec![None; self.len()];
        for q in 0..self.len() as u32 {
            self.tail(q, &mut state, &mut out);
        }
        out
    }

    fn tail(&self, q: u32, state: &mut [u8], out: &mut [Option<Tail>]) -> Option<Tail> {
        let i = q as usize;
        match state[i] {
            1 => return None,
            2 => return out[i],
            _ => {}
        }
        state[i] = 1;
        let result = self.tail_of(q, state, out);
        state[i] = 2;
        out[i] = result;
        result
    }

    fn tail_of(&self, q: u32, state: &mut [u8], out: &mut [Option<Tail>]) -> Option<Tail> {
        let i = q as usize;
        if self.is_dead(q) {
            return None;
        }
        if (DIGITS.end..K).any(|a| !self.is_dead(self.trans[i * K + a])) {
            return None;
        }
        let t = self.trans[i * K];
        if DIGITS.clone().any(|a| self.trans[i * K + a] != t) {
            return None;
        }
        let accepting = self.accept[i];
        if self.is_dead(t) {
            return accepting.then_some(Tail {
                min: 0,
                max: Some(0),
            });
        }
        if t == q {
            return accepting.then_some(Tail { min: 0, max: None });
        }
        let next = self.tail(t, state, out)?;
        match (accepting, next.min) {
            (false, min) => Some(Tail {
                min: min + 1,
                max: next.max.map(|m| m + 1),
            }),
            (true, 0) => Some(Tail {
                min: 0,
                max: next.max.map(|m| m + 1),
            }),
            // `{0} ∪ {k + 1 : k ≥ 1}` is not one range.
            (true, _) => None,
        }
    }

    /// Up to `n` members, shorter ones first and in [`ALPHABET`] order
    /// among those of one length (the search keeps the first `4 n`
    /// prefixes of each length), for looking for a member with a property.
    pub fn first_members(&self, n: usize) -> Vec<String> {
        // States from which an accepting state is reachable.
        let live: Vec<bool> = (0..self.len() as u32).map(|q| !self.is_dead(q)).collect();
        let mut out = Vec::new();
        let mut level: Vec<(u32, String)> = vec![(0, String::new())];
        // A member has at most as many symbols as the longest useful walk;
        // the cap bounds the search of a set with few, long members.
        for _ in 0..=64 {
            let mut next = Vec::new();
            for (q, text) in &level {
                if self.accept[*q as usize] {
                    out.push(text.clone());
                    if out.len() == n {
                        return out;
                    }
                }
                for (a, &b) in ALPHABET.iter().enumerate() {
                    let t = self.trans[*q as usize * K + a];
                    if live[t as usize] && next.len() < 4 * n {
                        let mut s = text.clone();
                        s.push(b as char);
                        next.push((t, s));
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            level = next;
        }
        out
    }
}

/// A regular expression being built by state elimination: its text and
/// how it binds.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Re {
    text: String,
    /// 0: the empty string, 1: one atom (a symbol, a class, a group), 2: a
    /// concatenation, 3: an alternation.
    binds: u8,
}

impl Re {
    fn empty() -> Re {
        Re {
            text: String::new(),
            binds: 0,
        }
    }

    /// `self` as a part that binds at least as tightly as `level`.
    fn at(&self, level: u8) -> String {
        if self.binds > level {
            format!("(?:{})", self.text)
        } else {
            self.text.clone()
        }
    }

    fn then(&self, next: &Re) -> Re {
        match (self.binds, next.binds) {
            (0, _) => next.clone(),
            (_, 0) => self.clone(),
            _ => Re {
                text: format!("{}{}", self.at(2), next.at(2)),
                binds: 2,
            },
        }
    }

    fn or(&self, other: &Re) -> Re {
        if self == other {
            return self.clone();
        }
        match (self.binds, other.binds) {
            (0, _) => Re {
                text: format!("{}?", other.at(1)),
                binds: 1,
            },
            (_, 0) => Re {
                text: format!("{}?", self.at(1)),
                binds: 1,
            },
            _ => Re {
                text: format!("{}|{}", self.text, other.text),
                binds: 3,
            },
        }
    }

    fn star(&self) -> Re {
        if self.binds == 0 {
            return Re::empty();
        }
        Re {
            text: format!("{}*", self.at(1)),
            binds: 1,
        }
    }
}

impl Set {
    /// A .NET regular expression of the set, anchored, from its minimal
    /// automaton by state elimination (not necessarily the shortest one);
    /// `None` when it would be longer than `max_len` characters.
    pub fn regex(&self, max_len: usize) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let n = self.len();
        // Nodes 0..n are the states, n the new start, n + 1 the new end.
        let (start, end) = (n, n + 1);
        let mut edges: Vec<std::collections::BTreeMap<usize, Re>> =
            vec![std::collections::BTreeMap::new(); n + 2];
        edges[start].insert(0, Re::empty());
        for (q, from) in edges.iter_mut().enumerate().take(n) {
            if self.is_dead(q as u32) {
                continue;
            }
            if self.accept[q] {
                from.insert(end, Re::empty());
            }
            let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
            for a in 0..K {
                let t = self.trans[q * K + a] as usize;
                if self.is_dead(t as u32) {
                    continue;
                }
                match groups.iter_mut().find(|(to, _)| *to == t) {
                    Some((_, symbols)) => symbols.push(a),
                    None => groups.push((t, vec![a])),
                }
            }
            for (t, symbols) in groups {
                from.insert(
                    t,
                    Re {
                        text: regex_class(&symbols),
                        binds: 1,
                    },
                );
            }
        }
        let mut alive: Vec<usize> = (0..n).filter(|&q| !self.is_dead(q as u32)).collect();
        while !alive.is_empty() {
            // The state with the fewest paths through it goes first.
            let degree = |q: usize| {
                let ins = (0..n + 2)
                    .filter(|&p| p != q && edges[p].contains_key(&q))
                    .count();
                let outs = edges[q].keys().filter(|&&r| r != q).count();
                ins * outs
            };
            let (i, &q) = alive.iter().enumerate().min_by_key(|(_, q)| degree(**q))?;
            alive.swap_remove(i);
            let own = edges[q]
                .remove(&q)
                .map(|r| r.star())
                .unwrap_or_else(Re::empty);
            let outs: Vec<(usize, Re)> = edges[q].iter().map(|(r, e)| (*r, e.clone())).collect();
            edges[q].clear();
            for from in edges.iter_mut() {
                let Some(into) = from.remove(&q) else {
                    continue;
                };
                for (r, out) in &outs {
                    let path = into.then(&own).then(out);
                    let merged = match from.get(r) {
                        Some(old) => old.or(&path),
                        None => path,
                    };
                    if merged.text.len() > max_len {
                        return None;
                    }
                    from.insert(*r, merged);
                }
            }
        }
        let body = edges[start].get(&end)?;
        let text = format!("^{}$", body.at(2));
        (text.len() <= max_len).then_some(text)
    }
}

/// A symbol or class as .NET reads it: `\d` for every digit, `\+`.
fn regex_class(symbols: &[usize]) -> String {
    let one = |a: usize| match ALPHABET[a] {
        b'+' => "\\+".to_string(),
        b'*' => "\\*".to_string(),
        b'#' => "\\#".to_string(),
        c => (c as char).to_string(),
    };
    if symbols.len() == 1 {
        return one(symbols[0]);
    }
    if symbols == DIGITS.collect::<Vec<_>>() {
        return "\\d".into();
    }
    let inner = class(symbols);
    let inner = inner
        .trim_start_matches('[')
        .trim_end_matches(']')
        .replace('+', "\\+")
        .replace('*', "\\*")
        .replace('#', "\\#");
    if inner == "x" {
        return "\\d".into();
    }
    format!("[{inner}]")
}

/// One symbol, or a class of several: `x` for every digit, `[2-9]`.
fn class(symbols: &[usize]) -> String {
    if symbols.len() == 1 {
        return (ALPHABET[symbols[0]] as char).to_string();
    }
    if symbols == DIGITS.collect::<Vec<_>>() {
        return "x".into();
    }
    let mut out = String::from("[");
    let mut i = 0;
    while i < symbols.len() {
        let mut j = i;
        while j + 1 < symbols.len() && symbols[j + 1] == symbols[j] + 1 && symbols[j + 1] < 10 {
            j += 1;
        }
        let (a, b) = (ALPHABET[symbols[i]] as char, ALPHABET[symbols[j]] as char);
        match j - i {
            0 => out.push(a),
            1 => {
                out.push(a);
                out.push(b);
            }
            _ => {
                out.push(a);
                out.push('-');
                out.push(b);
            }
        }
        i = j + 1;
    }
    out.push(']');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialset::of_regex;
    use crate::netregex::Regex;

    fn set(p: &str) -> Set {
        of_regex(&Regex::new(p).unwrap()).unwrap()
    }

    #[test]
    fn prefixes_with_digit_runs() {
        assert_eq!(
            set(r"^\+14255550\d{3}$").describe(8).unwrap(),
            ["+14255550 xxx"]
        );
        assert_eq!(
            set(r"^\+1(206|425)\d{7}$").describe(8).unwrap(),
            ["+1206 xxxxxxx", "+1425 xxxxxxx"]
        );
        assert_eq!(
            set(r"^\+1[2-9]\d+$").describe(8).unwrap(),
            ["+1[2-9] x{1,}"]
        );
        assert_eq!(set(r"^911$").describe(8).unwrap(), ["911"]);
        assert_eq!(set(r"^\d{7,10}$").describe(8).unwrap(), ["x{7,10}"]);
        // Not a prefix and a run of digits: a repeated `+`.
        assert_eq!(set(r"^(\+1)+$").describe(8), None);
        // Symbols leading to the same place share a class.
        assert_eq!(
            set(r"^(1|2|3|4|5)(1|2|3)\d$").describe(8).unwrap(),
            ["[1-5][1-3] x"]
        );
        // Too many lines.
        assert_eq!(set(r"^(12|34|56)$").describe(2), None);
    }

    #[test]
    fn regexes_give_back_the_set() {
        for p in [
            r"^(\+1)+$",
            r"^(12|34|56)$",
            r"^\+1(206|425)\d{7}$",
            r"^(1\*2|#3)*9$",
            r"^\d{2,4}(;ext=\d+)?$",
            r"^[2-8]$",
        ] {
            let s = set(p);
            let text = s.regex(400).unwrap();
            assert_eq!(set(&text), s, "{p} gave {text}");
        }
        assert_eq!(set(r"^(\+1)+$").regex(400).unwrap(), r"^\+(?:1\+)*1$");
        assert_eq!(set(r"^\d{30}$").regex(10), None);
    }

    #[test]
    fn first_members_are_in_order() {
        let s = set(r"^(\d{2}|\+\d)$");
        assert_eq!(s.first_members(3), ["00", "01", "02"]);
        assert_eq!(set(r"^1$").first_members(5), ["1"]);
        assert!(Set::empty().first_members(5).is_empty());
    }
}
