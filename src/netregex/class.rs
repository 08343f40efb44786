//! Character classes and the Unicode facts .NET's engine consults, over
//! UTF-16 code units (.NET strings are UTF-16; a regex sees one code unit
//! at a time, so a character outside the BMP is two surrogates to it).
//!
//! The data comes from [`super::tables`], generated from the .NET engine
//! itself; the logic here mirrors how `RegexCharClass` reads a class:
//! ranges or categories, then negation, then subtraction.

use super::tables;

/// `System.Globalization.UnicodeCategory` of a code unit, as the regex
/// engine sees it (`CharUnicodeInfo.GetUnicodeCategory`).
pub fn category(c: u16) -> u8 {
    if c < 0x80 {
        return ASCII_CATEGORIES[c as usize];
    }
    let runs = tables::CATEGORY_RUNS;
    let i = runs.partition_point(|&(start, _)| start <= c);
    runs[i - 1].1
}

/// The categories of the ASCII code units, read off the runs once, at
/// compile time: dial strings are almost always ASCII.
const ASCII_CATEGORIES: [u8; 128] = {
    let runs = tables::CATEGORY_RUNS;
    let mut out = [0u8; 128];
    let mut r = 0;
    let mut c = 0;
    while c < 128 {
        while r + 1 < runs.len() && runs[r + 1].0 as usize <= c {
            r += 1;
        }
        out[c] = runs[r].1;
        c += 1;
    }
    out
};

/// UnicodeCategory values.
pub(crate) mod cat {
    pub const LU: u8 = 0;
    pub const LL: u8 = 1;
    pub const LT: u8 = 2;
    pub const LM: u8 = 3;
    pub const LO: u8 = 4;
    pub const MN: u8 = 5;
    pub const ND: u8 = 8;
    pub const PC: u8 = 18;
}

/// A set of UnicodeCategory values as a bit mask.
pub type CategoryMask = u32;

/// The categories of `\w`: letters, non-spacing marks, decimal digits and
/// connector punctuation.
pub const WORD: CategoryMask = 1 << cat::LU
    | 1 << cat::LL
    | 1 << cat::LT
    | 1 << cat::LM
    | 1 << cat::LO
    | 1 << cat::MN
    | 1 << cat::ND
    | 1 << cat::PC;

/// The category of `\d`.
pub const DIGIT: CategoryMask = 1 << cat::ND;

/// Whether `c` is in `\w`.
pub fn in_word_class(c: u16) -> bool {
    WORD & (1 << category(c)) != 0
}

/// .NET's `IsWordChar`: `\w` plus the zero-width joiner and non-joiner.
/// Word boundaries, group names and escapes use it.
pub fn is_word(c: u16) -> bool {
    in_word_class(c) || c == 0x200C || c == 0x200D
}

/// Whether `c` is white space (`\s`, `char.IsWhiteSpace`).
pub fn is_space(c: u16) -> bool {
    in_ranges(tables::WHITESPACE, c)
}

/// The culture's lower case of `c` (the invariant culture's; en-US agrees).
pub fn to_lower(c: u16) -> u16 {
    let t = tables::TO_LOWER;
    let i = t.partition_point(|&(first, _, _)| first <= c);
    if i == 0 {
        return c;
    }
    let (first, last, offset) = t[i - 1];
    if (first..=last).contains(&c) {
        (i32::from(c) + offset) as u16
    } else {
        c
    }
}

fn in_ranges(ranges: &[(u16, u16)], c: u16) -> bool {
    let i = ranges.partition_point(|&(first, _)| first <= c);
    i > 0 && c <= ranges[i - 1].1
}

/// The categories a `\p{Name}` category name covers, or `None` when the
/// name is not a category (it may still be a block).
pub fn category_mask(name: &str) -> Option<CategoryMask> {
    tables::CATEGORIES
        .iter()
        .find(|(n, _)| *n == name && !n.starts_with("__"))
        .map(|(_, cats)| cats.iter().fold(0, |m, &c| m | 1 << c))
}

/// The categories `\p{Ll}`, `\p{Lu}` and `\p{Lt}` stand for under `(?i)`.
fn case_insensitive_letters() -> CategoryMask {
    1 << cat::LU | 1 << cat::LL | 1 << cat::LT
}

/// The ranges of a `\p{IsBlock}` name.
pub fn block(name: &str) -> Option<&'static [(u16, u16)]> {
    tables::BLOCKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, ranges)| *ranges)
}

/// `\p{Name}` names no category or block .NET knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownProperty;

/// One category entry of a class: `\d`, `\W`, `\p{L}`, `\S`...
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CategoryItem {
    /// In (or, negated, not in) any of these categories.
    Categories {
        /// The categories.
        mask: CategoryMask,
        /// `\D`, `\W`, `\P{..}`.
        negated: bool,
    },
    /// White space (`\s`), or not (`\S`).
    Space {
        /// `\S`.
        negated: bool,
    },
}

impl CategoryItem {
    fn contains(&self, c: u16) -> bool {
        match *self {
            CategoryItem::Categories { mask, negated } => {
                (mask & (1 << category(c)) != 0) != negated
            }
            CategoryItem::Space { negated } => is_space(c) != negated,
        }
    }
}

/// A character class: `[...]`, `\d`, `\p{..}`, `.`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Class {
    /// `[^...]`.
    pub negated: bool,
    /// Ranges of code units, inclusive, in the order added.
    pub ranges: Vec<(u16, u16)>,
    /// Category entries.
    pub categories: Vec<CategoryItem>,
    /// `[...-[...]]`: code units removed after negation.
    pub subtraction: Option<Box<Class>>,
}

impl Class {
    /// The class of one category escape: `\d`, `\D`, `\w`, `\W`, `\s`, `\S`.
    pub fn escape(letter: u8) -> Class {
        let mut class = Class::default();
        class.add_escape(letter);
        class
    }

    /// Adds `\d`, `\D`, `\w`, `\W`, `\s` or `\S`.
    pub fn add_escape(&mut self, letter: u8) {
        let negated = letter.is_ascii_uppercase();
        let item = match letter.to_ascii_lowercase() {
            b'd' => CategoryItem::Categories {
                mask: DIGIT,
                negated,
            },
            b'w' => CategoryItem::Categories {
                mask: WORD,
                negated,
            },
            _ => CategoryItem::Space { negated },
        };
        self.categories.push(item);
    }

    /// Adds `\p{name}` (or `\P{name}` when `negated`); `Err` when .NET knows
    /// no such property. Under `(?i)`, `Ll`, `Lu` and `Lt` each stand for
    /// all three, as in .NET.
    pub fn add_property(
        &mut self,
        name: &str,
        negated: bool,
        ci: bool,
    ) -> Result<(), UnknownProperty> {
        if let Some(mut mask) = category_mask(name) {
            if ci && matches!(name, "Ll" | "Lu" | "Lt") {
                mask = case_insensitive_letters();
            }
            self.categories
                .push(CategoryItem::Categories { mask, negated });
            return Ok(());
        }
        let ranges = block(name).ok_or(UnknownProperty)?;
        if negated {
            let mut next: u32 = 0;
            for &(first, last) in ranges {
                if u32::from(first) > next {
                    self.ranges.push((next as u16, first - 1));
                }
                next = u32::from(last) + 1;
            }
            if next <= 0xFFFF {
                self.ranges.push((next as u16, 0xFFFF));
            }
        } else {
            self.ranges.extend_from_slice(ranges);
        }
        Ok(())
    }

    /// What `RegexCharClass.AddLowercase` does under `(?i)`: a range of one
    /// code unit becomes its lower case; a longer range gains the lower
    /// cases its table gives.
    pub fn add_lowercase(&mut self) {
        let n = self.ranges.len();
        for i in 0..n {
            let (first, last) = self.ranges[i];
            if first == last {
                let lower = to_lower(first);
                self.ranges[i] = (lower, lower);
            } else {
                self.add_lowercase_range(first, last);
            }
        }
    }

    fn add_lowercase_range(&mut self, first: u16, last: u16) {
        let table = tables::RANGE_LOWER;
        let start = table.partition_point(|&(_, max, _, _)| max < first);
        for &(min, max, op, data) in &table[start..] {
            if min > last {
                break;
            }
            let mut lo = min.max(first);
            let mut hi = max.min(last);
            match op {
                0 => {
                    lo = data;
                    hi = data;
                }
                1 => {
                    lo = lo.wrapping_add(data);
                    hi = hi.wrapping_add(data);
                }
                2 => {
                    lo |= 1;
                    hi |= 1;
                }
                _ => {
                    lo += lo & 1;
                    hi += hi & 1;
                }
            }
            if lo < first || hi > last {
                self.ranges.push((lo, hi));
            }
        }
    }

    /// Whether the class holds code unit `c`.
    pub fn contains(&self, c: u16) -> bool {
        let base = self.ranges.iter().any(|&(a, b)| a <= c && c <= b)
            || self.categories.iter().any(|item| item.contains(c));
        (base != self.negated) && !self.subtraction.as_ref().is_some_and(|s| s.contains(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_as_dotnet_reads_them() {
        assert_eq!(category(b'5'.into()), cat::ND);
        assert_eq!(category(0x0663), cat::ND); // ARABIC-INDIC DIGIT THREE
        assert_eq!(category(0xFF10), cat::ND); // FULLWIDTH DIGIT ZERO
        assert_eq!(category(b'A'.into()), cat::LU);
        // CharUnicodeInfo, not char.GetUnicodeCategory: U+00AA is Lo.
        assert_eq!(category(0x00AA), cat::LO);
        assert!(is_word(u16::from(b'_')));
        assert!(!in_word_class(0x200D));
        assert!(is_word(0x200D));
        assert!(is_space(0x0085));
        assert!(!is_space(0x200B));
    }

    #[test]
    fn lower_case() {
        assert_eq!(to_lower(u16::from(b'A')), u16::from(b'a'));
        assert_eq!(to_lower(u16::from(b'a')), u16::from(b'a'));
        assert_eq!(to_lower(0x0100), 0x0101);
        assert_eq!(to_lower(u16::from(b'5')), u16::from(b'5'));
    }

    #[test]
    fn negation_then_subtraction() {
        let mut c = Class {
            negated: true,
            ranges: vec![(u16::from(b'a'), u16::from(b'c'))],
            ..Class::default()
        };
        c.subtraction = Some(Box::new(Class {
            ranges: vec![(u16::from(b'x'), u16::from(b'x'))],
            ..Class::default()
        }));
        assert!(!c.contains(u16::from(b'b')));
        assert!(c.contains(u16::from(b'd')));
        assert!(!c.contains(u16::from(b'x')));
    }

    #[test]
    fn properties() {
        let mut c = Class::default();
        assert!(c.add_property("IsGreek", true, false).is_ok());
        assert!(!c.contains(0x0391));
        assert!(c.contains(u16::from(b'a')));
        assert!(c.add_property("Nope", false, false).is_err());
        assert!(
            c.add_property("__InternalRegexIgnoreCase__", false, false)
                .is_err()
        );
    }
}
