//! Trunk configurations (LYNC-TRUNKS 2.5): scopes and SRTP modes.

use super::*;

// --------------------------------------------------- trunk configuration ---

/// The scope of a trunk configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "id")]
pub enum ConfigScope {
    /// `global`
    Global,
    /// `site:X`
    Site(SiteId),
    /// `trunk:T`
    Trunk(TrunkId),
}

/// `srtp`: SRTPMode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SrtpMode {
    /// `Required` (Lync's default).
    Required,
    /// `Optional`.
    Optional,
    /// `NotSupported`.
    NotSupported,
}

/// A trunk configuration collection.
#[derive(Clone, Debug, Serialize)]
pub struct TrunkConfig {
    /// Where it applies.
    pub scope: ConfigScope,
    /// The scope's token.
    #[serde(skip)]
    pub scope_span: Span,
    /// The collection its settings are copied from, if any.
    pub from: Option<Ref<TrunkConfigId>>,
    /// The settings written in its own block.
    pub written: TrunkSettings,
    /// The settings after `from` copies: the block's, else the copied ones.
    pub settings: TrunkSettings,
    /// The declaration.
    #[serde(skip)]
    pub span: Span,
}
