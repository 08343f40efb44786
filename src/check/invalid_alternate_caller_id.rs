//! E30: a route's alternate caller ID (`caller-id suppress 'N'`) must match
//! `(\+)?[1-9]\d*(;ext=[1-9]\d*)?`, as New-CsVoiceRoute validates it.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Whether `s` is `[1-9]` followed by ASCII digits.
fn number(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty() && (b'1'..=b'9').contains(&b[0]) && b.iter().all(u8::is_ascii_digit)
}

/// Whether `id` matches `(\+)?[1-9]\d*(;ext=[1-9]\d*)?` in whole.
pub(crate) fn valid_alternate_caller_id(id: &str) -> bool {
    let id = id.strip_prefix('+').unwrap_or(id);
    match id.split_once(";ext=") {
        Some((main, ext)) => number(main) && number(ext),
        None => number(id),
    }
}

/// Reports alternate caller IDs the cmdlet would refuse.
pub fn invalid_alternate_caller_id(cx: &Context<'_>) -> Vec<Diagnostic> {
    cx.model
        .routes
        .iter()
        .filter_map(|(_, r)| r.caller_id.as_ref().map(|c| (r, c)))
        .filter(|(_, c)| !valid_alternate_caller_id(&c.text))
        .map(|(r, c)| {
            Diagnostic::new(
                Code::InvalidAlternateCallerId,
                format!("route `{}` presents caller ID `{}`, which Lync does not accept", r.name.text, c.text),
                c.span,
                "not `+`, digits and an optional `;ext=` extension",
            )
            .with_help("write a number such as '+14255550100' or '+14255550100;ext=100' (no leading 0, no spaces)")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::valid_alternate_caller_id as ok;

    #[test]
    fn the_cmdlet_pattern() {
        assert!(ok("+14255550100"));
        assert!(ok("14255550100"));
        assert!(ok("+14255550100;ext=1001"));
        assert!(!ok("+04255550100"));
        assert!(!ok("+1 425 555 0100"));
        assert!(!ok("+14255550100;ext=0"));
        assert!(!ok(""));
        assert!(!ok("+"));
        assert!(!ok("+1425;ext="));
    }
}
