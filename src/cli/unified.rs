//! A unified diff of two texts, line by line, for `topoc fmt --check`.
//!
//! Lines are compared with their line endings, so a change of `\r\n` to
//! `\n` shows. Every line is shown through [`escape_unsafe`]: a file's
//! text never reaches the terminal raw (a carriage return shows as
//! `\u{d}`, a tab as `\u{9}`).
//!
//! The common head and tail are cut off first; what is left is aligned by
//! a longest common subsequence when that table stays small, and shown as
//! removed then added whole when it would not (a reformatted 10,000-line
//! file must not cost a hundred million cells).

use crate::lexical::escape_unsafe;

/// Lines of context around each change.
const CONTEXT: usize = 3;
/// Largest LCS table (cells) built before falling back to a block change.
const MAX_CELLS: usize = 4_000_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Same,
    Removed,
    Added,
}

/// The unified diff turning `old` into `new`, headed `--- a/NAME` and
/// `+++ b/NAME`; empty when the texts are equal.
pub fn unified(name: &str, old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = align(&a, &b);
    if ops.iter().all(|&op| op == Op::Same) {
        return String::new();
    }
    let name = escape_unsafe(name);
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    // Positions in `ops` of every change, grouped into hunks that share context.
    let changed: Vec<usize> = (0..ops.len()).filter(|&i| ops[i] != Op::Same).collect();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    for &i in &changed {
        match groups.last_mut() {
            Some((_, end)) if i <= *end + 2 * CONTEXT + 1 => *end = i,
            _ => groups.push((i, i)),
        }
    }
    // Line numbers in `a` and `b` before each op.
    let mut at = Vec::with_capacity(ops.len() + 1);
    let (mut x, mut y) = (0, 0);
    for &op in &ops {
        at.push((x, y));
        match op {
            Op::Same => (x, y) = (x + 1, y + 1),
            Op::Removed => x += 1,
            Op::Added => y += 1,
        }
    }
    at.push((x, y));
    for (first, last) in groups {
        let start = first.saturating_sub(CONTEXT);
        let end = (last + CONTEXT + 1).min(ops.len());
        let count = |keep: Op| ops[start..end].iter().filter(|&&op| op != keep).count();
        let (x0, y0) = at[start];
        out.push_str(&format!(
            "@@ -{} +{} @@\n",
            range(x0, count(Op::Added)),
            range(y0, count(Op::Removed))
        ));
        for (i, &op) in ops.iter().enumerate().take(end).skip(start) {
            let (x, y) = at[i];
            let (sign, line) = match op {
                Op::Same => (' ', a[x]),
                Op::Removed => ('-', a[x]),
                Op::Added => ('+', b[y]),
            };
            let content = line.strip_suffix('\n').unwrap_or(line);
            out.push(sign);
            out.push_str(&escape_unsafe(content));
            out.push('\n');
            if !line.ends_with('\n') {
                out.push_str("\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// `start,count` as unified diffs write it (1-based; `start` is the line
/// before an empty range).
fn range(start: usize, count: usize) -> String {
    if count == 0 {
        format!("{start},0")
    } else {
        format!("{},{count}", start + 1)
    }
}

/// The edit script from `a` to `b`.
fn align(a: &[&str], b: &[&str]) -> Vec<Op> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut ops = vec![Op::Same; head];
    if (ma.len() + 1).saturating_mul(mb.len() + 1) > MAX_CELLS {
        ops.extend(std::iter::repeat_n(Op::Removed, ma.len()));
        ops.extend(std::iter::repeat_n(Op::Added, mb.len()));
    } else {
        ops.extend(lcs(ma, mb));
    }
    ops.extend(std::iter::repeat_n(Op::Same, tail));
    ops
}

/// The edit script by a longest common subsequence table; removals come
/// before additions within a change.
fn lcs(a: &[&str], b: &[&str]) -> Vec<Op> {
    let width = b.len() + 1;
    // suffix[i * width + j]: LCS length of a[i..] and b[j..].
    let mut suffix = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            suffix[i * width + j] = if a[i] == b[j] {
                suffix[(i + 1) * width + j + 1] + 1
            } else {
                suffix[(i + 1) * width + j].max(suffix[i * width + j + 1])
            };
        }
    }
    let mut ops = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push(Op::Same);
            (i, j) = (i + 1, j + 1);
        } else if j == b.len()
            || (i < a.len() && suffix[(i + 1) * width + j] >= suffix[i * width + j + 1])
        {
            ops.push(Op::Removed);
            i += 1;
        } else {
            ops.push(Op::Added);
            j += 1;
        }
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a.topo", "x\ny\n", "x\ny\n"), "");
    }

    #[test]
    fn one_changed_line_with_context() {
        let old = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        assert_eq!(
            unified("a.topo", old, new),
            "--- a/a.topo\n+++ b/a.topo\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-five\n+5\n 6\n 7\n 8\n"
        );
    }

    #[test]
    fn distant_changes_make_two_hunks_and_near_ones_one() {
        let lines = |f: &dyn Fn(u32) -> Option<String>| (1..=30).filter_map(f).collect::<String>();
        let old = lines(&|i| Some(format!("{i}\n")));
        let far = lines(&|i| match i {
            3 => Some("three\n".into()),
            27 => None,
            _ => Some(format!("{i}\n")),
        });
        let diff = unified("f", &old, &far);
        assert_eq!(diff.matches("@@ -").count(), 2, "{diff}");
        assert!(
            diff.contains("@@ -24,7 +24,6 @@\n 24\n 25\n 26\n-27\n 28\n 29\n 30\n"),
            "{diff}"
        );
        let near = lines(&|i| match i {
            3 => Some("three\n".into()),
            8 => Some("eight\n".into()),
            _ => Some(format!("{i}\n")),
        });
        assert_eq!(unified("f", &old, &near).matches("@@ -").count(), 1);
    }

    #[test]
    fn line_endings_and_control_characters_show_escaped() {
        let diff = unified("a.topo", "x\r\ny\r\n", "x\ny\r\n");
        assert!(diff.contains("-x\\u{d}\n+x\n"), "{diff}");
        assert!(unified("a", "\u{1b}[2J\n", "ok\n").contains("-\\u{1b}[2J\n"));
    }

    #[test]
    fn a_missing_final_newline_is_said() {
        let diff = unified("a", "x", "x\n");
        assert_eq!(
            diff,
            "--- a/a\n+++ b/a\n@@ -1,1 +1,1 @@\n-x\n\\ No newline at end of file\n+x\n"
        );
    }

    #[test]
    fn a_huge_rewrite_falls_back_to_a_block_change() {
        let old: String = (0..3000).map(|i| format!("a{i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("b{i}\n")).collect();
        let diff = unified("f", &old, &new);
        assert_eq!(diff.lines().filter(|l| l.starts_with('-')).count(), 3001);
        assert_eq!(diff.lines().filter(|l| l.starts_with('+')).count(), 3001);
    }
}
