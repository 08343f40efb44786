//! .NET substitutions: the translation half of a Lync rule, as
//! `Match.Result` reads it.
//!
//! After a `$`:
//!
//! | text | means |
//! |---|---|
//! | `$$` | a `$` |
//! | `$&`, `$0` | the whole match |
//! | `` $` ``, `$'` | the input before / after the match |
//! | `$+` | the group with the highest number |
//! | `$_` | the whole input |
//! | `$` digits | all the digits as one number (`$10` is group 10, never `$1` then `0`) |
//! | `${n}`, `${name}` | that group |
//!
//! A reference to a group the pattern does not have stays literal text:
//! `$10` with one group is the four characters `$10`; so does any other `$`
//! that starts none of the above. A number above 2147483647 is an error,
//! as in .NET.

use super::class;
use super::{Regex, parse};

/// One piece of a parsed substitution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Text copied as is (UTF-16 code units).
    Text(Vec<u16>),
    /// A group's last capture (by slot), empty when it did not take part.
    Group(usize),
    /// `` $` ``.
    Before,
    /// `$'`.
    After,
    /// `$+`.
    LastGroup,
    /// `$_`.
    Input,
}

/// A `$` reference as written, for the checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Byte offset of the `$` in the translation.
    pub offset: usize,
    /// Byte length of the reference as read (`$1`, `${name}`, `$10`).
    pub len: usize,
    /// What it names: a group number or name.
    pub target: Target,
    /// The group's number when the pattern has it; `None` means .NET
    /// copies the reference literally.
    pub group: Option<u32>,
    /// Written in braces.
    pub braced: bool,
    /// For braces: whether the `}` is there (`${1` is copied literally).
    pub closed: bool,
}

/// What a reference names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `$n` or `${n}`.
    Number(u32),
    /// `${name}`.
    Name(String),
}

/// A parsed substitution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    /// The pieces, in order.
    pub pieces: Vec<Piece>,
    /// Every group reference (`$n`, `${n}`, `${name}`), resolved or not.
    pub references: Vec<Reference>,
}

/// A substitution .NET rejects: a group number too large to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplacementError {
    /// What is wrong.
    pub message: String,
    /// Byte offset of the `$`.
    pub offset: usize,
}

impl Replacement {
    /// Parses `text` against the groups of `regex`.
    pub fn parse(text: &str, regex: &Regex) -> Result<Replacement, ReplacementError> {
        let (units, bytes) = parse::utf16(text);
        let offset = |i: usize| parse::byte_offset(&bytes, i);
        let mut pieces: Vec<Piece> = Vec::new();
        let mut references = Vec::new();
        let mut literal: Vec<u16> = Vec::new();
        let dollar = u16::from(b'$');
        let mut i = 0;
        while i < units.len() {
            if units[i] != dollar {
                literal.push(units[i]);
                i += 1;
                continue;
            }
            let start = i;
            i += 1;
            match scan_dollar(&units, &mut i, regex).map_err(|()| ReplacementError {
                message: "group number too large: .NET reads numbers up to 2147483647".into(),
                offset: offset(start),
            })? {
                Dollar::Literal => {
                    literal.push(dollar);
                    i = start + 1;
                }
                Dollar::Escaped => literal.push(dollar),
                Dollar::Piece(p) => {
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(p);
                }
                Dollar::Unclosed(target) => {
                    references.push(Reference {
                        offset: offset(start),
                        len: offset(i) - offset(start),
                        target,
                        group: None,
                        braced: true,
                        closed: false,
                    });
                    literal.push(dollar);
                    i = start + 1;
                }
                Dollar::Reference {
                    target,
                    group,
                    braced,
                } => {
                    references.push(Reference {
                        offset: offset(start),
                        len: offset(i) - offset(start),
                        target,
                        group,
                        braced,
                        closed: true,
                    });
                    match group {
                        Some(n) => {
                            if !literal.is_empty() {
                                pieces.push(Piece::Text(std::mem::take(&mut literal)));
                            }
                            pieces.push(Piece::Group(regex.slot_of(n).unwrap_or(0)));
                        }
                        None => {
                            // Unresolved: the `$` is literal and reading resumes after it.
                            literal.push(dollar);
                            i = start + 1;
                        }
                    }
                }
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(Replacement { pieces, references })
    }

    /// The result for a match: `Match.Result(replacement)`.
    pub(super) fn expand(
        &self,
        input: &[u16],
        groups: &[Option<(usize, usize)>],
        out: &mut Vec<u16>,
    ) {
        let text = |slot: usize| -> &[u16] {
            match groups.get(slot).copied().flatten() {
                Some((a, b)) => &input[a..b],
                None => &[],
            }
        };
        let (start, end) = groups[0].unwrap_or((0, 0));
        for p in &self.pieces {
            match p {
                Piece::Text(t) => out.extend_from_slice(t),
                Piece::Group(slot) => out.extend_from_slice(text(*slot)),
                Piece::Before => out.extend_from_slice(&input[..start]),
                Piece::After => out.extend_from_slice(&input[end..]),
                Piece::LastGroup => out.extend_from_slice(text(groups.len() - 1)),
                Piece::Input => out.extend_from_slice(input),
            }
        }
    }
}

enum Dollar {
    /// Not a reference: the `$` is literal.
    Literal,
    /// `$$`.
    Escaped,
    /// A special piece (`$&`, `` $` ``...).
    Piece(Piece),
    /// `${` without its `}`: copied literally.
    Unclosed(Target),
    /// A group reference.
    Reference {
        target: Target,
        group: Option<u32>,
        braced: bool,
    },
}

/// After a `$` at `*i - 1`: what it starts, advancing `*i` past it.
fn scan_dollar(units: &[u16], i: &mut usize, regex: &Regex) -> Result<Dollar, ()> {
    let Some(&c) = units.get(*i) else {
        return Ok(Dollar::Literal);
    };
    let braced = c == u16::from(b'{') && units.len() - *i > 1;
    if braced {
        *i += 1;
    }
    let c = units[*i];
    if (u16::from(b'0')..=u16::from(b'9')).contains(&c) {
        let n = parse::read_decimal(units, i).ok_or(())?;
        if braced {
            if units.get(*i) != Some(&u16::from(b'}')) {
                return Ok(Dollar::Unclosed(Target::Number(n)));
            }
            *i += 1;
        }
        return Ok(Dollar::Reference {
            target: Target::Number(n),
            group: regex.slot_of(n).map(|_| n),
            braced,
        });
    }
    if braced {
        if class::is_word(c) {
            let name = parse::read_capname(units, i);
            if units.get(*i) != Some(&u16::from(b'}')) {
                return Ok(Dollar::Unclosed(Target::Name(name)));
            }
            *i += 1;
            let group = regex.group_number(&name);
            return Ok(Dollar::Reference {
                target: Target::Name(name),
                group,
                braced,
            });
        }
        return Ok(Dollar::Literal);
    }
    let piece = match u8::try_from(c).ok() {
        Some(b'$') => {
            *i += 1;
            return Ok(Dollar::Escaped);
        }
        Some(b'&') => Piece::Group(0),
        Some(b'`') => Piece::Before,
        Some(b'\'') => Piece::After,
        Some(b'+') => Piece::LastGroup,
        Some(b'_') => Piece::Input,
        _ => return Ok(Dollar::Literal),
    };
    *i += 1;
    Ok(Dollar::Piece(piece))
}
