//! Ranges of E.164 numbers (the unassigned number table's
//! `NumberRangeStart`..`NumberRangeEnd`) and the .NET pattern that matches
//! exactly their numbers, so the simulator and the analysis treat a range
//! like any other pattern.

use serde::Serialize;

/// A range of E.164 numbers: `+` and digits, first and last of one length.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NumberRange {
    /// The first number.
    pub first: String,
    /// The last number.
    pub last: String,
}

impl NumberRange {
    /// Whether `number` lies in the range: the same length, `+` and
    /// digits, and between the ends (equal lengths compare as numbers).
    pub fn contains(&self, number: &str) -> bool {
        number.len() == self.first.len()
            && number
                .strip_prefix('+')
                .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
            && self.first.as_str() <= number
            && number <= self.last.as_str()
    }

    /// A .NET pattern matching exactly the range's numbers, for the
    /// engine and the analysis: `^\+1425555(?:0[0-9]{3}|1[0-4][0-9]{2})$`.
    pub fn pattern(&self) -> String {
        let first = self.first.trim_start_matches('+');
        let last = self.last.trim_start_matches('+');
        format!("^\\+(?:{})$", digit_range(first, last))
    }
}

/// Alternatives matching exactly the digit strings from `a` to `b`, both
/// of one length, `a <= b`.
fn digit_range(a: &str, b: &str) -> String {
    let common = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let (prefix, a, b) = (&a[..common], &a[common..], &b[common..]);
    if a.is_empty() {
        return prefix.to_string();
    }
    let rest = a.len() - 1;
    let any = |n: usize| match n {
        0 => String::new(),
        1 => "[0-9]".to_string(),
        n => format!("[0-9]{{{n}}}"),
    };
    let (x, y) = (a.as_bytes()[0], b.as_bytes()[0]);
    let (a_rest, b_rest) = (&a[1..], &b[1..]);
    // The whole span of the first digit, when the ends are all 0s and 9s.
    if a_rest.bytes().all(|c| c == b'0') && b_rest.bytes().all(|c| c == b'9') {
        return match (x, y) {
            (b'0', b'9') => format!("{prefix}{}", any(rest + 1)),
            _ => format!("{prefix}[{}-{}]{}", x as char, y as char, any(rest)),
        };
    }
    let mut alts = Vec::new();
    alts.push(format!(
        "{}{}",
        x as char,
        group(&digit_range(a_rest, &"9".repeat(rest)))
    ));
    if y - x > 1 {
        alts.push(format!(
            "[{}-{}]{}",
            (x + 1) as char,
            (y - 1) as char,
            any(rest)
        ));
    }
    alts.push(format!(
        "{}{}",
        y as char,
        group(&digit_range(&"0".repeat(rest), b_rest))
    ));
    format!("{prefix}(?:{})", alts.join("|"))
}

/// `(?:...)` around an alternation, nothing around a plain sequence.
fn group(alts: &str) -> String {
    if alts.contains('|') && !alts.starts_with("(?:") {
        format!("(?:{alts})")
    } else {
        alts.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::netregex::Regex;

    fn range(first: &str, last: &str) -> NumberRange {
        NumberRange {
            first: first.into(),
            last: last.into(),
        }
    }

    /// The generated pattern matches exactly the numbers `contains` takes,
    /// over every number of the length around a range's ends.
    #[test]
    fn the_pattern_matches_exactly_the_range() {
        let cases = [
            ("+1000", "+1999"),
            ("+1000", "+1000"),
            ("+1234", "+1789"),
            ("+1099", "+1100"),
            ("+1001", "+1998"),
            ("+1190", "+1209"),
            ("+1500", "+1599"),
            ("+9990", "+9999"),
            ("+1000", "+9999"),
            ("+1357", "+1358"),
        ];
        for (first, last) in cases {
            let r = range(first, last);
            let re = Regex::new(&r.pattern()).unwrap();
            for n in 1000..=9999 {
                let number = format!("+{n}");
                assert_eq!(
                    re.is_match(&number).unwrap(),
                    r.contains(&number),
                    "{first}..{last} at {number}: {}",
                    r.pattern()
                );
            }
            for other in ["+100", "+10000", "1500", "+15a0", ""] {
                assert!(
                    !re.is_match(other).unwrap(),
                    "{first}..{last} took {other:?}"
                );
                assert!(!r.contains(other));
            }
        }
    }

    #[test]
    fn a_whole_block_is_one_class() {
        assert_eq!(
            range("+14255551000", "+14255551999").pattern(),
            "^\\+(?:14255551[0-9]{3})$"
        );
    }
}
