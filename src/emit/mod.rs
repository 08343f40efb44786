//! Emission: the files `topoc build` writes from a checked model
//! (LANGUAGE.md section 8, LYNC-TRUNKS section 7).
//!
//! | file | module | for |
//! |---|---|---|
//! | `topology.xml` | [`topology`] | Topology Builder: sites, pools, Mediation ports, gateways and root trunks |
//! | `topology-steps.md` | [`steps`] | what has no verified XML form (additional trunks, branch sites), as Topology Builder steps |
//! | `deploy.ps1` | [`powershell`] | the Lync Server Management Shell: everything that is not topology |
//! | `verify.ps1` | [`powershell::emit_verify`] | the golden tests as read-only checks on the live system |
//! | `manifest.yaml` | [`manifest`] | reviewers: the resolved model and the analyses |
//!
//! Everything here is a pure function of the model (and the names of the
//! source files, which the manifest lists findings by): no clock, no random numbers, no file-system access, iteration in id
//! order (ids are in name order), so the output is byte-for-byte the same
//! whatever the order of files and declarations. GUIDs the documents need
//! are derived from names ([`stable_guid`]). Writing the files, atomically,
//! is the CLI's job.

pub mod manifest;
pub mod plan;
pub mod powershell;
pub mod snapshot;
pub mod steps;
pub mod topology;
pub mod yaml;

use sha2::{Digest, Sha256};

use crate::analysed::Clean;
use crate::diagnostics::Diagnostic;
use crate::model::Model;
use crate::source::Sources;

/// Choices of `topoc build`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Put additional (M:N) trunks into `topology.xml` in the inferred
    /// layout instead of leaving them to `topology-steps.md`.
    pub experimental_additional_trunks: bool,
}

/// One generated file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// File name inside the output directory.
    pub name: &'static str,
    /// Its contents.
    pub text: String,
}

/// What a build produces.
#[derive(Debug)]
pub struct Output {
    /// The files, in a fixed order.
    pub artifacts: Vec<Artifact>,
    /// Warnings about what could not be emitted as asked (T08xx).
    pub diagnostics: Vec<Diagnostic>,
    /// The plan `deploy.ps1` carries out, for a build against a live
    /// deployment.
    pub plan: Option<plan::Plan>,
}

/// Everything the emitters share. It is made only from a [`Clean`]
/// project: nothing is emitted for a project with an error.
pub struct Input<'a> {
    /// The analysed project, free of errors.
    pub(crate) project: &'a Clean<'a>,
    /// Its model.
    pub(crate) model: &'a Model,
    /// The sources it came from (for file names).
    pub(crate) sources: &'a Sources,
    /// The findings of every stage (warnings and notes only).
    pub(crate) findings: &'a [Diagnostic],
    /// Build options.
    pub(crate) options: Options,
    /// The live deployment to build against (`build --live`).
    pub(crate) live: Option<Live<'a>>,
}

/// A live deployment to build against: deploy.ps1 makes only the plan's
/// changes (docs/snapshot.md).
#[derive(Clone, Copy, Debug)]
pub struct Live<'a> {
    /// The snapshot collected from it.
    pub snapshot: &'a crate::snapshot::Snapshot,
    /// What an earlier build owned, to remove what is no longer declared
    /// (`--prune`); `None` removes nothing.
    pub prune: Option<&'a plan::Owned>,
}

impl<'a> Input<'a> {
    /// The input for a clean project read from `sources`.
    pub fn new(project: &'a Clean<'a>, sources: &'a Sources, options: Options) -> Input<'a> {
        Input {
            project,
            model: project.model(),
            sources,
            findings: project.findings(),
            options,
            live: None,
        }
    }

    /// The input for a build against a live deployment.
    pub fn with_live(mut self, live: Live<'a>) -> Input<'a> {
        self.live = Some(live);
        self
    }
}

/// What each file's header holds where the configuration hash goes, while
/// the files are generated: `sha256:` and 64 zeros, the hash's own length.
/// It is the first occurrence in every file (headers come first).
const HASH_PLACEHOLDER: &str =
    "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/// The file that checks a configuration rather than being part of it:
/// the configuration hash does not cover it (it names the hash of the
/// configuration it checks), so adding or rewording a golden test's
/// expectations leaves the hash of what is deployed alone.
const VERIFY: &str = "verify.ps1";

/// Builds every file of a project without errors.
///
/// Each file's header records the topoc version and the configuration
/// hash: the SHA-256 of every file as generated but `verify.ps1`, with the
/// hash itself written as [`HASH_PLACEHOLDER`]. It identifies what the
/// sources mean, so it is the same for every order of files and
/// declarations (and for edits of comments or layout), as the files
/// themselves are. The files are generated once; the hash replaces the
/// placeholder.
pub fn build(input: &Input<'_>) -> Output {
    let layout = topology::Layout::new(input.model, input.options);
    let mut diagnostics = layout.diagnostics(input.model);
    diagnostics.sort_by_key(|d| d.primary.span.start);
    let mut artifacts = artifacts(input, &layout, HASH_PLACEHOLDER);
    let mut all = Sha256::new();
    for a in artifacts.iter().filter(|a| a.name != VERIFY) {
        all.update(a.name.as_bytes());
        all.update((a.text.len() as u64).to_le_bytes());
        all.update(a.text.as_bytes());
    }
    let hash = format!("sha256:{}", hex(&all.finalize()));
    for a in &mut artifacts {
        // In place: the placeholder is the hash's own length.
        let at = a.text.find(HASH_PLACEHOLDER);
        debug_assert!(at.is_some(), "{}: no hash", a.name);
        if let Some(at) = at {
            a.text.replace_range(at..at + HASH_PLACEHOLDER.len(), &hash);
        }
    }
    let mut planned = None;
    if let Some(live) = input.live {
        // The hash is the configuration's: the same with or without a live
        // deployment, whose plan replaces the script.
        let plan = plan::plan(input, live.snapshot, live.prune);
        for a in &mut artifacts {
            if a.name == "deploy.ps1" {
                a.text = powershell::emit_live(input, &hash, live.snapshot, &plan);
            }
        }
        artifacts.push(Artifact {
            name: "plan.md",
            text: plan::markdown(&plan, live.snapshot, &hash),
        });
        planned = Some(plan);
    }
    Output {
        artifacts,
        diagnostics,
        plan: planned,
    }
}

/// Every file, in a fixed order, with `hash` in their headers.
/// `deploy.ps1` (with `owned.json`, the objects its changes change) is written on one
/// core while the others are written on this one.
fn artifacts(input: &Input<'_>, layout: &topology::Layout, hash: &str) -> Vec<Artifact> {
    let ((script, owned), (xml, steps, verify, manifest)) = crate::parallel::join(
        || {
            let (script, targets) = powershell::emit_with_targets(input, hash);
            (script, plan::owned_by(targets, hash).to_json())
        },
        || {
            (
                topology::emit(input, layout, hash),
                steps::emit(input, layout, hash),
                powershell::emit_verify(input, hash),
                manifest::emit(input, layout, hash),
            )
        },
    );
    let file = |name, text| Artifact { name, text };
    vec![
        file("topology.xml", xml),
        file("topology-steps.md", steps),
        file("deploy.ps1", script),
        file(VERIFY, verify),
        file("manifest.yaml", manifest),
        file("owned.json", owned),
    ]
}

/// A GUID derived from a name: the first 16 bytes of the SHA-256 of
/// `topoc:KIND:NAME` (lower-cased), with the version and variant bits of an
/// RFC 9562 version-8 (custom) UUID. The same object gets the same GUID in
/// every build, so rebuilding does not churn the documents.
pub fn stable_guid(kind: &str, name: &str) -> String {
    let d = Sha256::digest(format!("topoc:{kind}:{}", name.to_lowercase()).as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// Lower-case hexadecimal.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_guids_are_stable_case_blind_and_distinct() {
        let a = stable_guid("bypass", "gw1.contoso.com");
        assert_eq!(a, stable_guid("bypass", "GW1.Contoso.com"));
        assert_ne!(a, stable_guid("bypass", "gw2.contoso.com"));
        assert_ne!(a, stable_guid("signature", "gw1.contoso.com"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8", "version 8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "RFC variant");
    }
}
