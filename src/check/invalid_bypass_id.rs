//! E25: a BypassID is a GUID.

use super::Context;
use crate::diagnostics::{Code, Diagnostic};

/// Whether `s` is a GUID: 8-4-4-4-12 hexadecimal digits.
fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Reports `bypass-id` values that are not GUIDs.
pub fn invalid_bypass_id(cx: &Context<'_>) -> Vec<Diagnostic> {
    let n = &cx.model.network;
    let ids = n
        .regions
        .iter()
        .filter_map(|(_, r)| r.bypass_id.as_ref())
        .chain(n.sites.iter().filter_map(|(_, s)| s.bypass_id.as_ref()));
    ids.filter(|b| !is_guid(&b.value))
        .map(|b| {
            Diagnostic::new(
                Code::InvalidBypassId,
                format!("bypass ID `{}` is not a GUID", b.value),
                b.span,
                "not 8-4-4-4-12 hexadecimal digits",
            )
            .with_help(
                "write a GUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301, or better, remove it",
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn guids() {
        assert!(super::is_guid("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        assert!(!super::is_guid("3f2504e0-4f89-11d3-9a0c"));
        assert!(!super::is_guid("xyz"));
    }
}
