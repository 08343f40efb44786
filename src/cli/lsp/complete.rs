//! Completion: the keywords the grammar accepts at the cursor
//! ([`crate::syntax::expected_words`], asked of pest itself, so never a
//! word that would not parse there), and after a statement that names
//! objects of one kind (`usages [`, `trunks [`, `mediation`,
//! `site:`), the declared names of that kind.

use lsp_types::{CompletionItem, CompletionItemKind};

use super::project::Project;

/// Which kind of name a statement (or a scope prefix) takes, as
/// [`crate::model::lower::Declaration::kind`] spells it.
fn kind_taken(word: &str) -> Option<&'static str> {
    Some(match word {
        "usages" | "call-forwarding-usages" => "PSTN usage",
        "trunks" | "trunk" => "trunk",
        "mediation" | "next-hop" | "home-pool" => "pool",
        "gateway" => "gateway",
        "site" | "central-site" => "site",
        "region-link" | "region-route" => "network region",
        "inter-site" | "network-site" => "network site",
        "bandwidth-profile" => "bandwidth profile",
        _ => return None,
    })
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

/// The completions at byte `offset` of `text`.
pub fn complete(project: Option<&Project>, text: &str, offset: usize) -> Vec<CompletionItem> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let bytes = text.as_bytes();
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| !is_name_byte(b))
        .map_or(0, |p| p + 1);
    let mut items: Vec<CompletionItem> = crate::syntax::expected_words(&text[..start])
        .into_iter()
        .map(|w| CompletionItem {
            label: w,
            kind: Some(CompletionItemKind::KEYWORD),
            ..CompletionItem::default()
        })
        .collect();
    let Some(p) = project else {
        return items;
    };
    // `site:` / `trunk:` right before the word, or the statement's keyword.
    let line_start = bytes[..start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let before = &text[line_start..start];
    let kind = if let Some(scope) = before.strip_suffix(':') {
        let word_start = scope
            .bytes()
            .rposition(|b| !is_name_byte(b))
            .map_or(0, |i| i + 1);
        kind_taken(&scope[word_start..])
    } else {
        let first = before
            .trim_start()
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .next()
            .unwrap_or("");
        // Only after the keyword, not while typing it.
        (before.trim_start().len() > first.len())
            .then(|| kind_taken(first))
            .flatten()
    };
    if let Some(kind) = kind {
        let mut names: Vec<&str> = p
            .names
            .declared
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.name.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        items.extend(names.into_iter().map(|n| CompletionItem {
            label: n.to_string(),
            kind: Some(CompletionItemKind::REFERENCE),
            detail: Some(kind.to_string()),
            insert_text: Some(super::text::inserted_name(n)),
            ..CompletionItem::default()
        }));
    }
    items
}
