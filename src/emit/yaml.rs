//! YAML text that every reader reads alike: YAML 1.2 readers (serde_yaml,
//! ruamel) and YAML 1.1 readers (PyYAML, libyaml bindings), which take
//! plain `yes`, `off`, `~`, `0x10`, `010`, `1:20` or `2001-12-14` for
//! booleans, null, numbers and dates.
//!
//! The tree comes from `serde_yaml::to_value` (which keeps field order);
//! the text is written here, in the block style of libyaml, with one rule
//! for scalars: every string is double-quoted and escaped, so no string
//! can be read as another type, start a comment, an anchor, a tag or a
//! flow collection, or end its line. Escapes also keep the document
//! printable ASCII (`\u00FC`): no reading of its bytes in another code page
//! sees a character that is not written. Mapping keys are the manifest's
//! own field names; one is written plain only when it is a lower-case word
//! (`mediation-port`) that no YAML 1.1 reader takes for a boolean or null.

use serde::Serialize;
use serde_yaml::Value;

/// A block mapping written entry by entry: each value becomes a tree only
/// while it is written, and a list one item at a time, so a large document
/// never exists as a whole tree beside its text.
pub struct Document {
    out: String,
    indent: usize,
}

impl Document {
    /// An empty document at the top level.
    pub fn new() -> Document {
        Document {
            out: String::new(),
            indent: 0,
        }
    }

    /// `key: value`.
    pub fn field(&mut self, key: &str, value: &impl Serialize) {
        self.out.push_str(&" ".repeat(self.indent));
        entry(&mut self.out, &self::key(key), &tree(value), self.indent);
    }

    /// `key:` and the list, one item at a time.
    pub fn list<T: Serialize>(&mut self, key: &str, items: &[T]) {
        if items.is_empty() {
            return self.field(key, &Vec::<T>::new());
        }
        self.out.push_str(&" ".repeat(self.indent));
        self.out.push_str(&format!("{}:\n", self::key(key)));
        for item in items {
            sequence(&mut self.out, &[tree(item)], self.indent);
        }
    }

    /// `key:` and a mapping written by `f`.
    pub fn map(&mut self, key: &str, f: impl FnOnce(&mut Document)) {
        self.out.push_str(&" ".repeat(self.indent));
        self.out.push_str(&format!("{}:\n", self::key(key)));
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

/// Our own plain data as a tree (it always serialises; a failure would be
/// a bug, written as a null rather than lost silently in a panic).
fn tree(value: &impl Serialize) -> Value {
    serde_yaml::to_value(value).unwrap_or(Value::Null)
}

/// The document for `value`, ending with a line break.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Mapping(m) if !m.is_empty() => mapping(&mut out, m, 0, false),
        Value::Sequence(s) if !s.is_empty() => sequence(&mut out, s, 0),
        v => {
            out.push_str(&inline(v));
            out.push('\n');
        }
    }
    out
}

/// A value that fits on its key's line: a scalar or an empty collection.
fn inline(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quoted(s),
        Value::Sequence(_) => "[]".into(),
        Value::Mapping(_) => "{}".into(),
        Value::Tagged(t) => format!("{{{}: {}}}", key(&t.tag.to_string()), inline(&t.value)),
    }
}

/// Whether a value is written on lines of its own below its key.
fn is_block(v: &Value) -> bool {
    match v {
        Value::Sequence(s) => !s.is_empty(),
        Value::Mapping(m) => !m.is_empty(),
        Value::Tagged(t) => is_block(&t.value),
        _ => false,
    }
}

/// A mapping's entries at `indent`; `after_dash`: the first entry goes on
/// the line of a sequence item's `- `.
fn mapping(out: &mut String, m: &serde_yaml::Mapping, indent: usize, after_dash: bool) {
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 || !after_dash {
            out.push_str(&" ".repeat(indent));
        }
        let k = match k {
            Value::String(s) => key(s),
            other => inline(other),
        };
        entry(out, &k, v, indent);
    }
}

fn entry(out: &mut String, key: &str, v: &Value, indent: usize) {
    let v = match v {
        Value::Tagged(t) => &t.value,
        v => v,
    };
    if !is_block(v) {
        out.push_str(&format!("{key}: {}\n", inline(v)));
        return;
    }
    out.push_str(&format!("{key}:\n"));
    match v {
        // libyaml's style: a sequence under a key is not indented further.
        Value::Sequence(s) => sequence(out, s, indent),
        Value::Mapping(m) => mapping(out, m, indent + 2, false),
        _ => unreachable!("only collections are blocks"),
    }
}

fn sequence(out: &mut String, s: &[Value], indent: usize) {
    for item in s {
        out.push_str(&" ".repeat(indent));
        match item {
            Value::Mapping(m) if !m.is_empty() => {
                out.push_str("- ");
                mapping(out, m, indent + 2, true);
            }
            Value::Sequence(inner) if !inner.is_empty() => {
                out.push_str("-\n");
                sequence(out, inner, indent + 2);
            }
            v => {
                out.push_str("- ");
                out.push_str(&inline(v));
                out.push('\n');
            }
        }
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
    if word { k.to_string() } else { quoted(k) }
}

/// A double-quoted scalar: `"` and `\` escaped, every character outside
/// printable ASCII written as an escape YAML 1.1 and 1.2 both read.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            c if (c as u32) <= 0xFF => out.push_str(&format!("\\x{:02X}", c as u32)),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
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
