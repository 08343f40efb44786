//! YAML text that every reader reads alike: YAML 1.2 readers (serde_yaml,
//! ruamel) and YAML 1.1 readers (PyYAML, libyaml bindings), which take
//! plain `yes`, `off`, `~`, `0x10`, `010`, `1:20` or `2001-12-14` for
//! booleans, null, numbers and dates.
//!
//! Values are written straight from their `Serialize` implementations
//! (field order kept, no tree built in between) in the block style of
//! libyaml, with one rule for scalars: every string is double-quoted and
//! escaped, so no string can be read as another type, start a comment, an
//! anchor, a tag or a flow collection, or end its line. Escapes also keep
//! the document printable ASCII (`\u00FC`): no reading of its bytes in
//! another code page sees a character that is not written. Mapping keys
//! are the manifest's own field names; one is written plain only when it
//! is a lower-case word (`mediation-port`) that no YAML 1.1 reader takes
//! for a boolean or null. An enum variant with data is written as a
//! mapping of one entry, `Variant: data` (serde's external tagging), and
//! a float as Rust's shortest round-trip text (`1e16`); neither is what
//! serde_yaml's own text would say, and the manifest has neither.

use std::fmt::Write;

use serde::Serialize;
use serde::ser::{self, SerializeMap, SerializeSeq, SerializeStruct};

/// A block mapping written entry by entry, straight into its text: a
/// large document never exists as a tree beside its text.
pub struct Document {
    out: String,
    indent: usize,
}

impl Document {
    /// An empty document at the top level.
    pub fn new() -> Document {
        Document::after(String::new())
    }

    /// A document written after `text` (a comment heading it, say).
    pub fn after(text: String) -> Document {
        Document {
            out: text,
            indent: 0,
        }
    }

    /// `key: value`.
    pub fn field(&mut self, key: &str, value: &impl Serialize) {
        let start = self.out.len();
        let mut e = Entries {
            out: &mut self.out,
            indent: self.indent,
            after_dash: false,
            written: 0,
        };
        if e.entry(&self::key(key), value).is_err() {
            // Our own plain data always serialises; a failure would be a
            // bug, written as a null rather than lost in a panic.
            self.out.truncate(start);
            indent(&mut self.out, self.indent);
            let _ = writeln!(self.out, "{}: null", self::key(key));
        }
    }

    /// `key:` and the list (`key: []` when empty).
    pub fn list<T: Serialize>(&mut self, key: &str, items: &[T]) {
        self.field(key, &items);
    }

    /// `key:` and a mapping written by `f`.
    pub fn map(&mut self, key: &str, f: impl FnOnce(&mut Document)) {
        indent(&mut self.out, self.indent);
        let _ = writeln!(self.out, "{}:", self::key(key));
        let mut inner = Document {
            out: std::mem::take(&mut self.out),
            indent: self.indent + 2,
        };
        f(&mut inner);
        self.out = inner.out;
    }

    /// The text.
    pub fn finish(self) -> String {
        self.out
    }
}

impl Default for Document {
    fn default() -> Document {
        Document::new()
    }
}

/// The document for `value`, ending with a line break (`null` when it does
/// not serialise, which our own data always does).
pub fn to_string(value: &impl Serialize) -> String {
    let mut out = String::new();
    if value
        .serialize(Writer {
            out: &mut out,
            place: Place::Top,
        })
        .is_err()
    {
        out = "null\n".to_string();
    }
    out
}

/// Spaces to indent a line by.
fn indent(out: &mut String, n: usize) {
    const SPACES: &str = "                                ";
    let mut n = n;
    while n > 0 {
        let k = n.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        n -= k;
    }
}

/// A mapping key: plain when it is a lower-case word no reader takes for
/// anything but a string, else quoted.
fn key(k: &str) -> String {
    let word = k.starts_with(|c: char| c.is_ascii_lowercase())
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !matches!(
            k,
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null"
        );
    if word {
        k.to_string()
    } else {
        let mut out = String::with_capacity(k.len() + 2);
        quote_into(&mut out, k);
        out
    }
}

/// A double-quoted scalar: `"` and `\` escaped, every character outside
/// printable ASCII written as an escape YAML 1.1 and 1.2 both read.
#[cfg(test)]
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    quote_into(&mut out, s);
    out
}

/// [`quoted`], appended to `out`.
fn quote_into(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFF => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c if (c as u32) <= 0xFFFF => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08X}", c as u32);
            }
        }
    }
    out.push('"');
}

/// A number as YAML's `.nan` and `.inf`; otherwise the shortest text that
/// reads back as the same number, always with a point or an exponent.
fn float(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str(".nan");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { ".inf" } else { "-.inf" });
    } else {
        let _ = write!(out, "{v:?}");
    }
}

/// Why a value could not be written: a `Serialize` implementation's own
/// error, or a mapping key that is not a scalar.
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

/// Where the value being written goes.
#[derive(Clone, Copy)]
enum Place {
    /// The whole document.
    Top,
    /// After a mapping key (written already) at this indentation.
    Entry(usize),
    /// An item of a sequence at this indentation.
    Item(usize),
}

impl Place {
    /// Writes a value that fits on one line (a scalar or an empty
    /// collection), its text made by `f`.
    fn scalar(self, out: &mut String, f: impl FnOnce(&mut String)) {
        match self {
            Place::Top => {}
            Place::Entry(_) => out.push_str(": "),
            Place::Item(n) => {
                indent(out, n);
                out.push_str("- ");
            }
        }
        f(out);
        out.push('\n');
    }
}

/// Writes one value at its place.
struct Writer<'a> {
    out: &'a mut String,
    place: Place,
}

/// The items of a sequence, written as they come; `[]` when none came.
struct Items<'a> {
    out: &'a mut String,
    place: Place,
    written: usize,
}

/// The entries of a mapping or struct, written as they come; `{}` when
/// none came.
struct Entries<'a> {
    out: &'a mut String,
    /// Where the entries' keys go.
    indent: usize,
    /// The first key goes on the line of a sequence item's `- `.
    after_dash: bool,
    written: usize,
}

/// A mapping's entries, and a key waiting for its value.
struct MapEntries<'a> {
    entries: Entries<'a>,
    /// Where the mapping itself goes (its opener is written with the
    /// first entry).
    place: Place,
    key: Option<String>,
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let at = match self.place {
            Place::Top => 0,
            // libyaml's style: a sequence under a key is not indented further.
            Place::Entry(n) => {
                if self.written == 0 {
                    self.out.push_str(":\n");
                }
                n
            }
            Place::Item(n) => {
                if self.written == 0 {
                    indent(self.out, n);
                    self.out.push_str("-\n");
                }
                n + 2
            }
        };
        self.written += 1;
        value.serialize(Writer {
            out: self.out,
            place: Place::Item(at),
        })
    }

    fn end(self) -> Result<(), Error> {
        if self.written == 0 {
            self.place.scalar(self.out, |o| o.push_str("[]"));
        }
        Ok(())
    }
}

impl Entries<'_> {
    /// Where the entries of a mapping at `place` go, its opener written
    /// when the first entry comes ([`Entries::open`]).
    fn at<'a>(out: &'a mut String, place: Place) -> Entries<'a> {
        let (indent, after_dash) = match place {
            Place::Top => (0, false),
            Place::Entry(n) => (n + 2, false),
            Place::Item(n) => (n + 2, true),
        };
        Entries {
            out,
            indent,
            after_dash,
            written: 0,
        }
    }

    /// Writes what goes before the first entry of a mapping at `place`.
    fn open(&mut self, place: Place) {
        match place {
            Place::Top => {}
            Place::Entry(_) => self.out.push_str(":\n"),
            Place::Item(n) => {
                indent(self.out, n);
                self.out.push_str("- ");
            }
        }
    }

    /// Starts an entry's line with its key.
    fn key(&mut self, key: &str) {
        if self.written > 0 || !self.after_dash {
            indent(self.out, self.indent);
        }
        self.written += 1;
        self.out.push_str(key);
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.key(key);
        value.serialize(Writer {
            out: self.out,
            place: Place::Entry(self.indent),
        })
    }

    fn end(self, place: Place) -> Result<(), Error> {
        if self.written == 0 {
            place.scalar(self.out, |o| o.push_str("{}"));
        }
        Ok(())
    }
}

/// A struct's entries (keys are field names).
struct StructEntries<'a> {
    entries: Entries<'a>,
    place: Place,
}

impl<'a> Writer<'a> {
    fn scalar(self, f: impl FnOnce(&mut String)) -> Result<(), Error> {
        self.place.scalar(self.out, f);
        Ok(())
    }

    fn items(self) -> Items<'a> {
        Items {
            out: self.out,
            place: self.place,
            written: 0,
        }
    }

    fn entries(self) -> StructEntries<'a> {
        StructEntries {
            place: self.place,
            entries: Entries::at(self.out, self.place),
        }
    }

    /// `variant:` and the variant's data, as a mapping of one entry.
    fn variant<T: Serialize + ?Sized>(self, variant: &str, value: &T) -> Result<(), Error> {
        let mut e = self.entries();
        e.field(variant, value)?;
        e.finish()
    }
}

impl StructEntries<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), Error> {
        if self.entries.written == 0 {
            self.entries.open(self.place);
        }
        self.entries.entry(&key(name), value)
    }

    fn finish(self) -> Result<(), Error> {
        self.entries.end(self.place)
    }
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Variant<Items<'a>>;
    type SerializeMap = MapEntries<'a>;
    type SerializeStruct = StructEntries<'a>;
    type SerializeStructVariant = Variant<StructEntries<'a>>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.scalar(|o| o.push_str(if v { "true" } else { "false" }))
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.scalar(|o| {
            let _ = write!(o, "{v}");
        })
    }
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.scalar(|o| {
            let _ = write!(o, "{v}");
        })
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.scalar(|o| {
            let _ = write!(o, "{v}");
        })
    }
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.scalar(|o| {
            let _ = write!(o, "{v}");
        })
    }
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.scalar(|o| float(o, v))
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.scalar(|o| quote_into(o, v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut items = self.items();
        for b in v {
            items.item(b)?;
        }
        items.end()
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.scalar(|o| o.push_str("null"))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant(variant, value)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Items<'a>, Error> {
        Ok(self.items())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Items<'a>, Error> {
        Ok(self.items())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Items<'a>, Error> {
        Ok(self.items())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Variant::open(self, variant, |w| w.items())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<MapEntries<'a>, Error> {
        Ok(MapEntries {
            place: self.place,
            entries: Entries::at(self.out, self.place),
            key: None,
        })
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<StructEntries<'a>, Error> {
        Ok(self.entries())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Variant::open(self, variant, |w| w.entries())
    }
}

/// The data of an enum variant, written as the value of the mapping of
/// one entry that names the variant.
pub struct Variant<T> {
    inner: T,
}

impl<T> Variant<T> {
    /// Writes `variant:` at the writer's place and starts the data under
    /// it with `start`.
    fn open<'a>(
        w: Writer<'a>,
        variant: &str,
        start: impl FnOnce(Writer<'a>) -> T,
    ) -> Result<Variant<T>, Error> {
        let mut e = Entries::at(w.out, w.place);
        e.open(w.place);
        e.key(&key(variant));
        Ok(Variant {
            inner: start(Writer {
                out: e.out,
                place: Place::Entry(e.indent),
            }),
        })
    }
}

impl SerializeSeq for Items<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        Items::end(self)
    }
}

impl ser::SerializeTuple for Items<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        Items::end(self)
    }
}

impl ser::SerializeTupleStruct for Items<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.item(value)
    }
    fn end(self) -> Result<(), Error> {
        Items::end(self)
    }
}

impl ser::SerializeTupleVariant for Variant<Items<'_>> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.inner.item(value)
    }
    fn end(self) -> Result<(), Error> {
        self.inner.end()
    }
}

impl SerializeStruct for StructEntries<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(name, value)
    }
    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Variant<StructEntries<'_>> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.inner.field(name, value)
    }
    fn end(self) -> Result<(), Error> {
        self.inner.finish()
    }
}

impl SerializeMap for MapEntries<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Error> {
        self.key = Some(k.serialize(KeyWriter)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let k = self
            .key
            .take()
            .ok_or_else(|| Error("a mapping value without its key".into()))?;
        if self.entries.written == 0 {
            self.entries.open(self.place);
        }
        self.entries.entry(&k, value)
    }
    fn end(self) -> Result<(), Error> {
        self.entries.end(self.place)
    }
}

/// Writes a mapping key: a string as [`key`] writes it, another scalar as
/// its value would be written; a collection is no key.
struct KeyWriter;

impl KeyWriter {
    fn text(v: impl std::fmt::Display) -> Result<String, Error> {
        Ok(v.to_string())
    }
}

fn not_a_key<T>() -> Result<T, Error> {
    Err(Error("a mapping key is not a scalar".into()))
}

impl ser::Serializer for KeyWriter {
    type Ok = String;
    type Error = Error;
    type SerializeSeq = ser::Impossible<String, Error>;
    type SerializeTuple = ser::Impossible<String, Error>;
    type SerializeTupleStruct = ser::Impossible<String, Error>;
    type SerializeTupleVariant = ser::Impossible<String, Error>;
    type SerializeMap = ser::Impossible<String, Error>;
    type SerializeStruct = ser::Impossible<String, Error>;
    type SerializeStructVariant = ser::Impossible<String, Error>;

    fn serialize_bool(self, v: bool) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_i8(self, v: i8) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_i16(self, v: i16) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_i32(self, v: i32) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_i64(self, v: i64) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_i128(self, v: i128) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_u8(self, v: u8) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_u16(self, v: u16) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_u32(self, v: u32) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_u64(self, v: u64) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_u128(self, v: u128) -> Result<String, Error> {
        KeyWriter::text(v)
    }
    fn serialize_f32(self, v: f32) -> Result<String, Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<String, Error> {
        let mut out = String::new();
        float(&mut out, v);
        Ok(out)
    }
    fn serialize_char(self, v: char) -> Result<String, Error> {
        Ok(key(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<String, Error> {
        Ok(key(v))
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<String, Error> {
        not_a_key()
    }
    fn serialize_none(self) -> Result<String, Error> {
        KeyWriter::text("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, Error> {
        KeyWriter::text("null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<String, Error> {
        KeyWriter::text("null")
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<String, Error> {
        Ok(key(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<String, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<String, Error> {
        not_a_key()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        not_a_key()
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        not_a_key()
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        not_a_key()
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        not_a_key()
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        not_a_key()
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        not_a_key()
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        not_a_key()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(v: serde_yaml::Value) -> String {
        to_string(&v)
    }

    #[test]
    fn strings_are_quoted_and_ascii() {
        assert_eq!(quoted("yes"), "\"yes\"");
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(
            quoted("Zürich\u{2028}\u{1F4DE}"),
            "\"Z\\xFCrich\\u2028\\U0001F4DE\""
        );
        assert_eq!(key("mediation-port"), "mediation-port");
        assert_eq!(key("on"), "\"on\"");
        assert_eq!(key("Upper"), "\"Upper\"");
    }

    #[test]
    fn a_document_written_entry_by_entry_is_the_tree_written_at_once() {
        #[derive(Serialize)]
        struct Item {
            a: u32,
            b: Vec<&'static str>,
        }
        let items = [Item { a: 1, b: vec!["x"] }, Item { a: 2, b: vec![] }];
        let mut d = Document::new();
        d.field("name", &"on");
        d.list("items", &items);
        d.list("none", &Vec::<Item>::new());
        d.map("inner", |d| {
            d.field("mode", &"off");
            d.list("items", &items);
        });
        let text = d.finish();
        let whole: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let expected = serde_yaml::to_value(serde_json::json!({
            "name": "on",
            "items": [{"a": 1, "b": ["x"]}, {"a": 2, "b": []}],
            "none": [],
            "inner": {"mode": "off", "items": [{"a": 1, "b": ["x"]}, {"a": 2, "b": []}]},
        }))
        .unwrap();
        assert_eq!(whole, expected, "{text}");
        assert!(
            text.starts_with("name: \"on\"\nitems:\n- a: 1\n  b:\n  - \"x\"\n"),
            "{text}"
        );
    }

    #[test]
    fn every_shape_serde_gives_reads_back() {
        #[derive(Serialize)]
        enum Shape {
            Unit,
            New(u8),
            Pair(i32, &'static str),
            Fields { on: bool, list: Vec<u8> },
        }
        #[derive(Serialize)]
        struct Empty {}
        #[derive(Serialize)]
        struct Wrapper(Option<&'static str>);
        let numbers = std::collections::BTreeMap::from([(1u8, "one"), (20, "twenty")]);
        let mut d = Document::new();
        d.list(
            "shapes",
            &[
                Shape::Unit,
                Shape::New(7),
                Shape::Pair(-1, "x"),
                Shape::Fields {
                    on: true,
                    list: vec![],
                },
            ],
        );
        d.field("empty", &Empty {});
        d.field("wrapped", &Wrapper(None));
        d.field("numbers", &numbers);
        d.field("nested", &vec![vec![1, 2], vec![]]);
        d.field("float", &1.0f64);
        d.field("iterated", &serde_json::json!({"n": [1.5, -0.0]}));
        let text = d.finish();
        assert_eq!(
            text,
            "shapes:\n- \"Unit\"\n- \"New\": 7\n- \"Pair\":\n  - -1\n  - \"x\"\n- \"Fields\":\n    \"on\": true\n    list: []\n\
             empty: {}\nwrapped: null\nnumbers:\n  1: \"one\"\n  20: \"twenty\"\n\
             nested:\n-\n  - 1\n  - 2\n- []\nfloat: 1.0\niterated:\n  \"n\":\n  - 1.5\n  - -0.0\n"
        );
        let back: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        assert_eq!(back["shapes"][1]["New"], serde_yaml::Value::from(7));
        assert_eq!(
            back["shapes"][3]["Fields"]["on"],
            serde_yaml::Value::from(true)
        );
        assert_eq!(back["numbers"][1], serde_yaml::Value::from("one"));
    }

    #[test]
    fn a_value_that_fails_to_serialise_is_a_null() {
        struct Fails;
        impl Serialize for Fails {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeSeq;
                let mut seq = s.serialize_seq(None)?;
                seq.serialize_element(&1)?;
                Err(serde::ser::Error::custom("no"))
            }
        }
        let complex_key = std::collections::BTreeMap::from([(vec![1], 1)]);
        let mut d = Document::new();
        d.field("a", &1);
        d.field("b", &Fails);
        d.field("c", &complex_key);
        d.field("d", &2);
        assert_eq!(d.finish(), "a: 1\nb: null\nc: null\nd: 2\n");
        assert_eq!(to_string(&Fails), "null\n");
    }

    #[test]
    fn block_style_as_libyaml_writes_it() {
        let v: serde_yaml::Value = serde_yaml::from_str(
            "a: 1\nb:\n- x: 'on'\n  y: []\n- - 1\n  - 2\nc:\n  d: {}\n  e: null\nf: true\n",
        )
        .unwrap();
        assert_eq!(
            yaml(v.clone()),
            "a: 1\nb:\n- x: \"on\"\n  \"y\": []\n-\n  - 1\n  - 2\nc:\n  d: {}\n  e: null\nf: true\n"
        );
        let back: serde_yaml::Value = serde_yaml::from_str(&yaml(v.clone())).unwrap();
        assert_eq!(back, v);
    }
}
