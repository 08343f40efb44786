//! The registry of diagnostic codes.
//!
//! Every diagnostic topoc can report has an entry here: a stable code (`T` and
//! four digits), a kebab-case name, its severity, the rules of the domain
//! reference (LYNC-TRUNKS.md section 9) it implements, a one-line summary and
//! docs in four short sections. Codes are grouped by subject:
//!
//! | range | subject |
//! |---|---|
//! | T00xx | syntax |
//! | T01xx | names, references and values |
//! | T02xx | pools, peers and trunks |
//! | T03xx | trunk configuration |
//! | T04xx | usages, routes and policies |
//! | T05xx | dial plans, rules and number patterns |
//! | T06xx | network and media bypass |
//! | T07xx | whole-space routing analysis |
//! | T08xx | golden call tests and emission |
//! | T09xx | internal errors |
//!
//! A code is never reused. A retired code keeps its entry with `removed`
//! set, so an old `allow` or a saved report still explains itself.
//!
//! The entries are in the files of `codes/`, by family; each file's macro
//! adds its rows to the chain that ends in `codes!`, which defines
//! [`Code`] and [`REGISTRY`] from all of them at once.

use serde::Serialize;

/// How serious a finding is. Belongs to the code, never to one report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Would be rejected by Lync, or would misbehave on a real deployment.
    Error,
    /// Legal but suspicious or against documented guidance.
    Warning,
    /// A fact worth knowing (for example, an analysis that could not decide).
    Info,
}

impl Severity {
    /// The lower-case word used in JSON and in the terminal.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// The registry entry of one code.
#[derive(Debug)]
pub struct CodeInfo {
    /// The code as an enum value.
    pub code: Code,
    /// `T` and four digits.
    pub id: &'static str,
    /// Kebab-case name of the problem, used by `allow` and in docs.
    pub name: &'static str,
    /// Severity of every diagnostic with this code.
    pub severity: Severity,
    /// Rule ids of docs/lync.md (section 9) this code implements.
    pub rules: &'static [&'static str],
    /// One line.
    pub summary: &'static str,
    /// Docs: what it checks.
    pub what: &'static str,
    /// Docs: why it matters.
    pub why: &'static str,
    /// Docs: an example that triggers it.
    pub example: &'static str,
    /// Docs: how to fix it.
    pub fix: &'static str,
    /// Retired codes stay listed so old references still explain themselves.
    pub removed: bool,
}

impl CodeInfo {
    /// The docs as Markdown, in the four sections.
    pub fn markdown(&self) -> String {
        let rules = if self.rules.is_empty() {
            String::new()
        } else {
            format!(" (docs/lync.md {})", self.rules.join(", "))
        };
        format!(
            "# {} {}{}\n\n{} — {}\n\n## What it checks\n\n{}\n\n## Why it matters\n\n{}\n\n## Example\n\n```topo\n{}\n```\n\n## How to fix\n\n{}\n",
            self.id,
            self.name,
            rules,
            self.severity.as_str(),
            self.summary,
            self.what,
            self.why,
            self.example,
            self.fix
        )
    }
}

macro_rules! codes {
    (; $(
        $variant:ident = $id:literal $name:literal $severity:ident [$($rule:literal),*]
        summary $summary:literal
        what $what:literal
        why $why:literal
        example $example:literal
        fix $fix:literal
        $(removed $removed:literal)?;
    )*) => {
        /// A diagnostic code. See the module docs for the ranges.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(#[doc = $summary] $variant,)*
        }

        /// Every code, in code order.
        pub static REGISTRY: &[CodeInfo] = &[
            $(CodeInfo {
                code: Code::$variant,
                id: $id,
                name: $name,
                severity: Severity::$severity,
                rules: &[$($rule),*],
                summary: $summary,
                what: $what,
                why: $why,
                example: $example,
                fix: $fix,
                removed: false $(|| $removed)?,
            },)*
        ];

        impl Code {
            /// This code's registry entry.
            pub fn info(self) -> &'static CodeInfo {
                &REGISTRY[self as usize]
            }
        }
    };
}

impl Code {
    /// Looks a code up by its id (`T0101`) or its name (`duplicate-declaration`),
    /// ignoring case.
    pub fn lookup(key: &str) -> Option<Code> {
        REGISTRY
            .iter()
            .find(|c| c.id.eq_ignore_ascii_case(key) || c.name.eq_ignore_ascii_case(key))
            .map(|c| c.code)
    }

    /// Found while building the deployment files, not by `check`: an
    /// `allow` of it is judged by `build` alone.
    pub fn found_by_build(self) -> bool {
        matches!(self, Code::ManualTopologyStep)
    }

    /// Found by the whole-space routing analysis (T0701–T0707), which
    /// may leave some calls undecided (T0708).
    pub fn found_by_analysis(self) -> bool {
        matches!(
            self,
            Code::PstnReflection
                | Code::SelfHairpin
                | Code::PeerHairpin
                | Code::RoutingLoop
                | Code::AmbiguousRouteOrder
                | Code::ShadowedRoute
                | Code::ShadowedRule
        )
    }
}

#[macro_use]
mod syntax_and_names;
#[macro_use]
mod topology_and_routing;
#[macro_use]
mod numbers;
#[macro_use]
mod network_and_analysis;

registry_syntax_and_names!(registry_topology_and_routing, registry_numbers, registry_network_and_analysis, codes;);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_in_code_order_and_unique() {
        for (i, info) in REGISTRY.iter().enumerate() {
            assert_eq!(info.code as usize, i, "{} out of place", info.id);
            assert!(
                info.id.len() == 5 && info.id.starts_with('T'),
                "{}",
                info.id
            );
            assert!(
                info.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
            );
        }
        for pair in REGISTRY.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} before {}",
                pair[0].id,
                pair[1].id
            );
        }
        let mut names: Vec<_> = REGISTRY.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), REGISTRY.len(), "names must be unique");
    }

    #[test]
    fn lookup_by_id_or_name() {
        assert_eq!(Code::lookup("t0101"), Some(Code::DuplicateDeclaration));
        assert_eq!(Code::lookup("unknown-name"), Some(Code::UnknownName));
        assert_eq!(Code::lookup("nope"), None);
    }
}
