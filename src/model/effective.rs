//! Trunk configuration settings: what a collection writes, and what applies
//! to a trunk (LANGUAGE.md section 4, LYNC-TRUNKS 2.5 and 3).
//!
//! Every setting is listed once, in the table of `with_trunk_settings!`,
//! with its keyword, its cmdlet parameter, Lync's default, how lowering
//! reads it and how `deploy.ps1` writes it. From that one table
//! come the written settings of a collection ([`TrunkSettings`], with `from`
//! copies applied by [`TrunkSettings::overlay`]), the settings in effect for
//! a trunk ([`Effective`]: the collection that applies, else Lync's
//! defaults; collections never merge), and the rows `topoc show trunk`
//! prints with where each value came from.

use serde::Serialize;
use serde_json::{Value, json};

use super::{
    IdVec, Model, NetworkSiteId, NumberRule, Ref, Setting, SrtpMode, TrunkConfigId, TrunkId,
    UsageId,
};
use crate::source::Span;

/// How a setting's value is shown and put in JSON.
pub trait ShowValue {
    /// The value as `topoc show` prints it.
    fn show(&self, model: &Model) -> String;
    /// The value in JSON.
    fn json(&self, model: &Model) -> Value;
}

impl ShowValue for bool {
    fn show(&self, _: &Model) -> String {
        if *self { "on" } else { "off" }.to_string()
    }
    fn json(&self, _: &Model) -> Value {
        json!(self)
    }
}

impl ShowValue for u32 {
    fn show(&self, _: &Model) -> String {
        self.to_string()
    }
    fn json(&self, _: &Model) -> Value {
        json!(self)
    }
}

impl ShowValue for SrtpMode {
    fn show(&self, _: &Model) -> String {
        match self {
            SrtpMode::Required => "required",
            SrtpMode::Optional => "optional",
            SrtpMode::NotSupported => "not-supported",
        }
        .to_string()
    }
    fn json(&self, m: &Model) -> Value {
        json!(self.show(m))
    }
}

impl ShowValue for Option<NetworkSiteId> {
    fn show(&self, m: &Model) -> String {
        self.map_or("(none)".to_string(), |id| {
            m.network.sites.get(id).name.text.clone()
        })
    }
    fn json(&self, m: &Model) -> Value {
        self.map_or(Value::Null, |id| json!(m.network.sites.get(id).name.text))
    }
}

impl ShowValue for String {
    fn show(&self, _: &Model) -> String {
        crate::lexical::quote_string(self)
    }
    fn json(&self, _: &Model) -> Value {
        json!(self)
    }
}

impl ShowValue for Vec<UsageId> {
    fn show(&self, m: &Model) -> String {
        let names: Vec<String> = self
            .iter()
            .map(|u| crate::lexical::written_name(&m.usages.get(*u).name.text))
            .collect();
        format!("[{}]", names.join(", "))
    }
    fn json(&self, m: &Model) -> Value {
        json!(
            self.iter()
                .map(|u| &m.usages.get(*u).name.text)
                .collect::<Vec<_>>()
        )
    }
}

impl ShowValue for Vec<NumberRule> {
    fn show(&self, _: &Model) -> String {
        if self.is_empty() {
            return "(none)".to_string();
        }
        self.iter()
            .map(|r| {
                format!(
                    "{} '{}' -> '{}'",
                    r.name.text, r.pattern.text, r.translation.text
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
    fn json(&self, _: &Model) -> Value {
        json!(
            self.iter()
                .map(|r| json!({"name": r.name.text, "pattern": r.pattern.text, "translation": r.translation.text}))
                .collect::<Vec<_>>()
        )
    }
}

/// A setting of the table: its keyword and its cmdlet parameter.
#[derive(Clone, Copy, Debug)]
pub struct SettingInfo {
    /// The topoc keyword.
    pub keyword: &'static str,
    /// The `*-CsTrunkConfiguration` parameter.
    pub parameter: &'static str,
}

/// Where a setting's value in effect comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Written in the collection that applies.
    Written {
        /// The collection.
        config: TrunkConfigId,
        /// The statement.
        span: Span,
    },
    /// Copied with `from` from another collection, where it is written.
    Copied {
        /// The collection it is written in.
        config: TrunkConfigId,
        /// The statement.
        span: Span,
    },
    /// Not written anywhere that applies: Lync's default.
    Default,
}

/// One setting of a trunk as `topoc show trunk` reports it.
#[derive(Clone, Debug)]
pub struct Row {
    /// The setting.
    pub info: SettingInfo,
    /// The value in effect, as shown.
    pub value: String,
    /// The value in effect, as JSON.
    pub json: Value,
    /// Where it comes from.
    pub source: Source,
}

macro_rules! trunk_settings {
    ($(
        $(#[$doc:meta])*
        $field:ident: $written:ty => $effective:ty = $default:expr, $convert:expr,
            $keyword:literal, $parameter:literal, read $read:ident, write $write:ident;
    )*) => {
        /// The settings a trunk configuration writes (or copies with `from`).
        /// Unset settings take Lync's defaults; see [`Effective`].
        #[derive(Clone, Debug, Default, Serialize)]
        pub struct TrunkSettings {
            $($(#[$doc])* pub $field: Option<Setting<$written>>,)*
        }

        impl TrunkSettings {
            /// These settings over `base`: each setting written here, else base's.
            pub fn overlay(&self, base: &TrunkSettings) -> TrunkSettings {
                TrunkSettings {
                    $($field: self.$field.clone().or_else(|| base.$field.clone()),)*
                }
            }

            /// The statement spans of the settings that are set, in table order.
            fn spans(&self) -> [Option<Span>; SETTINGS.len()] {
                [$(self.$field.as_ref().map(|s| s.span),)*]
            }
        }

        /// Every setting, in the order `topoc show trunk` prints them.
        pub const SETTINGS: &[SettingInfo] = &[
            $(SettingInfo { keyword: $keyword, parameter: $parameter },)*
        ];

        /// The settings in effect for a trunk: those of the one collection
        /// that applies, each unset one at Lync's default.
        #[derive(Clone, Debug, Serialize)]
        pub struct Effective {
            /// The collection that applies, if any is declared.
            pub config: Option<TrunkConfigId>,
            $($(#[$doc])* pub $field: $effective,)*
        }

        impl Effective {
            fn from_settings(config: Option<TrunkConfigId>, s: Option<&TrunkSettings>) -> Effective {
                Effective {
                    config,
                    $($field: s
                        .and_then(|s| s.$field.as_ref())
                        .map(|w| ($convert)(&w.value))
                        .unwrap_or_else(|| $default),)*
                }
            }

            /// Values shown and as JSON, in table order.
            fn values(&self, model: &Model) -> Vec<(String, Value)> {
                vec![$((self.$field.show(model), self.$field.json(model)),)*]
            }
        }
    };
}

/// The one list of trunk-configuration settings. Each row: the field, the
/// written type => the type in effect = Lync's default, how a written value
/// becomes the value in effect, the `.topo` keyword, the cmdlet parameter,
/// the lowering method that reads the statement (`model::lower`) and the
/// writer that puts it into `deploy.ps1` (`emit::powershell`; `later` for
/// those written in a section of their own: `EnableBypass` last, the
/// translation rule lists with their rules). A new setting is one row here
/// and its grammar rule. Hands the rows to the macro `$callback`.
macro_rules! with_trunk_settings {
    ($callback:ident) => {
        $callback! {
            /// `EnableBypass`
            media_bypass: bool => bool = false, |v: &bool| *v, "media-bypass", "EnableBypass", read switch, write later;
            /// `ConcentratedTopology`
            centralized_media: bool => bool = true, |v: &bool| *v, "centralized-media", "ConcentratedTopology", read switch, write switch;
            /// `EnableReferSupport`
            refer: bool => bool = true, |v: &bool| *v, "refer", "EnableReferSupport", read switch, write switch;
            /// `Enable3pccRefer`
            refer_3pcc: bool => bool = false, |v: &bool| *v, "refer-3pcc", "Enable3pccRefer", read switch, write switch;
            /// `EnableSessionTimer`
            session_timer: bool => bool = false, |v: &bool| *v, "session-timer", "EnableSessionTimer", read switch, write switch;
            /// `EnableSignalBoost`
            signal_boost: bool => bool = false, |v: &bool| *v, "signal-boost", "EnableSignalBoost", read switch, write switch;
            /// `MaxEarlyDialogs`
            max_early_dialogs: u32 => u32 = 20, |v: &u32| *v, "max-early-dialogs", "MaxEarlyDialogs", read uint32, write uint32;
            /// `RemovePlusFromUri`
            remove_plus: bool => bool = false, |v: &bool| *v, "remove-plus", "RemovePlusFromUri", read switch, write switch;
            /// `RTCPActiveCalls`
            rtcp_active_calls: bool => bool = true, |v: &bool| *v, "rtcp-active-calls", "RTCPActiveCalls", read switch, write switch;
            /// `RTCPCallsOnHold`
            rtcp_calls_on_hold: bool => bool = true, |v: &bool| *v, "rtcp-calls-on-hold", "RTCPCallsOnHold", read switch, write switch;
            /// `SRTPMode`
            srtp: SrtpMode => SrtpMode = SrtpMode::Required, |v: &SrtpMode| *v, "srtp", "SRTPMode", read srtp_mode, write srtp_mode;
            /// `EnablePIDFLOSupport`
            pidf_lo: bool => bool = false, |v: &bool| *v, "pidf-lo", "EnablePIDFLOSupport", read switch, write switch;
            /// `EnableMobileTrunkSupport`
            mobile_trunk: bool => bool = false, |v: &bool| *v, "mobile-trunk", "EnableMobileTrunkSupport", read switch, write switch;
            /// `EnableRTPLatching`
            rtp_latching: bool => bool = false, |v: &bool| *v, "rtp-latching", "EnableRTPLatching", read switch, write switch;
            /// `ForwardCallHistory`
            forward_call_history: bool => bool = false, |v: &bool| *v, "forward-call-history", "ForwardCallHistory", read switch, write switch;
            /// `ForwardPAI`
            forward_pai: bool => bool = false, |v: &bool| *v, "forward-pai", "ForwardPAI", read switch, write switch;
            /// `EnableFastFailoverTimer`
            fast_failover: bool => bool = true, |v: &bool| *v, "fast-failover", "EnableFastFailoverTimer", read switch, write switch;
            /// `EnableOnlineVoice`
            online_voice: bool => bool = false, |v: &bool| *v, "online-voice", "EnableOnlineVoice", read switch, write switch;
            /// `EnableLocationRestriction` (sfb-2015; Lync 2013 with its February 2013 update)
            location_restriction: bool => bool = false, |v: &bool| *v, "location-restriction", "EnableLocationRestriction", read switch, write location_switch;
            /// `NetworkSiteID` (sfb-2015; Lync 2013 with its February 2013 update)
            network_site: NetworkSiteId => Option<NetworkSiteId> = None, |v: &NetworkSiteId| Some(*v), "network-site", "NetworkSiteID", read network_site_setting, write location_site;
            /// `Description`
            description: String => String = String::new(), |v: &String| v.clone(), "description", "Description", read description, write text;
            /// `PstnUsages`, in order.
            usages: Vec<Ref<UsageId>> => Vec<UsageId> = Vec::new(), |v: &Vec<Ref<UsageId>>| v.iter().map(|r| r.id).collect(), "usages", "PstnUsages", read usage_setting, write usage_list;
            /// Called-number translation rules, in order.
            called_number: Vec<NumberRule> => Vec<NumberRule> = Vec::new(), |v: &Vec<NumberRule>| v.clone(), "called-number", "OutboundTranslationRulesList", read rules_setting, write later;
            /// Calling-number translation rules, in order.
            calling_number: Vec<NumberRule> => Vec<NumberRule> = Vec::new(), |v: &Vec<NumberRule>| v.clone(), "calling-number", "OutboundCallingNumberTranslationRulesList", read rules_setting, write later;
        }
    };
}
pub(crate) use with_trunk_settings;

with_trunk_settings!(trunk_settings);

impl Effective {
    /// Lync's defaults: what the global collection holds when the sources
    /// declare none (and so what every trunk without a collection gets).
    pub fn defaults() -> Effective {
        Effective::from_settings(None, None)
    }

    /// The settings a collection puts in effect for the trunks it applies to.
    pub fn of_config(config: TrunkConfigId, settings: &TrunkSettings) -> Effective {
        Effective::from_settings(Some(config), Some(settings))
    }

    /// Values shown, by keyword, in table order (for comparing trunks).
    pub fn shown(&self, model: &Model) -> Vec<(&'static str, String)> {
        SETTINGS
            .iter()
            .zip(self.values(model))
            .map(|(info, (value, _))| (info.keyword, value))
            .collect()
    }
}

/// The settings in effect for every trunk of a model, computed once: what
/// checks, the simulator, the routing analysis and media bypass read of a
/// trunk's configuration.
#[derive(Clone, Debug, Default)]
pub struct InEffect(IdVec<TrunkId, Effective>);

impl InEffect {
    /// The settings in effect for every trunk of `model`.
    pub fn new(model: &Model) -> InEffect {
        InEffect(model.effective_all())
    }

    /// The settings in effect for a trunk.
    pub fn trunk(&self, trunk: TrunkId) -> &Effective {
        &self.0[trunk]
    }
}

impl Model {
    /// The settings in effect for a trunk (see the module docs).
    pub fn effective(&self, trunk: TrunkId) -> Effective {
        let config = self.trunk_config_of(trunk);
        Effective::from_settings(config, config.map(|c| &self.trunk_configs.get(c).settings))
    }

    /// The settings in effect for every trunk, in trunk id order
    /// ([`InEffect`] keeps them by trunk).
    pub fn effective_all(&self) -> IdVec<TrunkId, Effective> {
        self.trunk_configs_in_effect()
            .into_iter()
            .map(|config| {
                Effective::from_settings(
                    config,
                    config.map(|c| &self.trunk_configs.get(c).settings),
                )
            })
            .collect()
    }

    /// Every setting of a trunk with its value in effect and where it comes from.
    pub fn effective_rows(&self, trunk: TrunkId) -> Vec<Row> {
        let effective = self.effective(trunk);
        let spans = effective
            .config
            .map(|c| self.trunk_configs.get(c).settings.spans());
        let values = effective.values(self);
        SETTINGS
            .iter()
            .zip(values)
            .enumerate()
            .map(|(i, (info, (value, json)))| {
                let source = match (effective.config, spans.as_ref().and_then(|s| s[i])) {
                    (Some(config), Some(span)) => self.source_of(config, span),
                    _ => Source::Default,
                };
                Row {
                    info: *info,
                    value,
                    json,
                    source,
                }
            })
            .collect()
    }

    /// Whether a setting at `span` in `config`'s settings is written in
    /// `config` itself or was copied into it from another collection with `from`.
    pub fn source_of(&self, config: TrunkConfigId, span: Span) -> Source {
        let contains = |c: TrunkConfigId| {
            let s = self.trunk_configs.get(c).span;
            s.file == span.file && s.start <= span.start && span.end <= s.end
        };
        if contains(config) {
            return Source::Written { config, span };
        }
        let mut current = self.trunk_configs.get(config).from;
        while let Some(f) = current {
            if contains(f.id) {
                return Source::Copied { config: f.id, span };
            }
            current = self.trunk_configs.get(f.id).from;
        }
        Source::Copied { config, span }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Sources;

    /// Every row of the settings table is a statement of the language and
    /// a trunk configuration accepts it (its lowering is generated from the
    /// same row).
    #[test]
    fn every_setting_is_a_statement_of_a_trunk_configuration() {
        for info in SETTINGS {
            assert!(
                crate::syntax::ast::Key::from_text(info.keyword).is_some(),
                "`{}` is not a keyword",
                info.keyword
            );
        }
        let written = SETTINGS
            .iter()
            .filter(|i| !matches!(i.keyword, "called-number" | "calling-number" | "usages"))
            .map(|i| match i.keyword {
                "max-early-dialogs" => "max-early-dialogs 30".to_string(),
                "srtp" => "srtp optional".into(),
                "network-site" => "network-site HQ".into(),
                "description" => "description \"d\"".into(),
                k => format!("{k} on"),
            })
            .collect::<Vec<_>>()
            .join("\n  ");
        let mut s = Sources::new();
        s.add(
            "t.topo",
            format!(
                "network {{ region R {{ central-site S; network-site HQ {{ subnets [10.0.0.0/24] }} }} }}\nsite S {{ frontend-pool fe.s.com {{ servers [fe.s.com] }} }}\ntrunk-config global {{\n  {written}\n}}\n"
            ),
        );
        let checked = crate::check(&s);
        let lowering: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code.info().id.starts_with("T00") || d.code.info().id.starts_with("T01"))
            .collect();
        assert!(lowering.is_empty(), "{lowering:?}");
    }

    /// Three trunks: A has its own collection (copying site:S1, which copies
    /// global), B uses site:S1, C (in S2) uses global.
    const PROJECT: &str = r#"
site S1 {
  frontend-pool fe.s1.contoso.com { mediation collocated { tls-ports 5067..5069 } }
  gateway a.s1.contoso.com { root-trunk { port 5067 tls; mediation fe.s1.contoso.com port 5067 } }
  gateway b.s1.contoso.com { root-trunk { port 5067 tls; mediation fe.s1.contoso.com port 5068 } }
}
site S2 {
  frontend-pool fe.s2.contoso.com { mediation collocated { tls-ports 5067 } }
  gateway c.s2.contoso.com { root-trunk { port 5067 tls; mediation fe.s2.contoso.com port 5067 } }
}
pstn-usage U
trunk-config global { media-bypass on; srtp optional; usages [U] }
trunk-config site:S1 from global { refer off }
trunk-config trunk:a.s1.contoso.com from site:S1 { max-early-dialogs 30 }
"#;

    fn model() -> (Sources, Model) {
        let mut s = Sources::new();
        s.add("p.topo", PROJECT);
        let checked = crate::check(&s);
        let model = checked.model.expect("the project lowers");
        (s, model)
    }

    fn trunk(m: &Model, name: &str) -> TrunkId {
        m.trunks
            .iter()
            .find(|(_, t)| t.name.text == name)
            .unwrap()
            .0
    }

    /// (keyword, value, source as `written SCOPE`, `copied SCOPE` or `default`).
    fn rows(m: &Model, name: &str) -> Vec<(String, String, String)> {
        m.effective_rows(trunk(m, name))
            .into_iter()
            .map(|r| {
                let source = match r.source {
                    Source::Written { config, .. } => {
                        format!("written {}", m.config_scope_text(config))
                    }
                    Source::Copied { config, .. } => {
                        format!("copied {}", m.config_scope_text(config))
                    }
                    Source::Default => "default".to_string(),
                };
                (r.info.keyword.to_string(), r.value, source)
            })
            .collect()
    }

    fn get(rows: &[(String, String, String)], key: &str) -> (String, String) {
        let r = rows.iter().find(|r| r.0 == key).unwrap();
        (r.1.clone(), r.2.clone())
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn a_trunk_scope_collection_with_a_from_chain() {
        let (_, m) = model();
        let a = rows(&m, "a.s1.contoso.com");
        assert_eq!(
            get(&a, "max-early-dialogs"),
            pair("30", "written trunk:a.s1.contoso.com")
        );
        assert_eq!(get(&a, "refer"), pair("off", "copied site:S1"));
        assert_eq!(get(&a, "media-bypass"), pair("on", "copied global"));
        assert_eq!(get(&a, "srtp"), pair("optional", "copied global"));
        assert_eq!(get(&a, "usages"), pair("[U]", "copied global"));
        assert_eq!(get(&a, "fast-failover"), pair("on", "default"));
        assert_eq!(get(&a, "centralized-media"), pair("on", "default"));
    }

    #[test]
    fn a_site_scope_collection() {
        let (_, m) = model();
        let b = rows(&m, "b.s1.contoso.com");
        assert_eq!(
            m.effective(trunk(&m, "b.s1.contoso.com"))
                .config
                .map(|c| m.config_scope_text(c)),
            Some("site:S1".into())
        );
        assert_eq!(get(&b, "refer"), pair("off", "written site:S1"));
        assert_eq!(get(&b, "media-bypass"), pair("on", "copied global"));
        assert_eq!(get(&b, "max-early-dialogs"), pair("20", "default"));
    }

    #[test]
    fn the_global_collection_and_lync_defaults() {
        let (_, m) = model();
        let c = rows(&m, "c.s2.contoso.com");
        assert_eq!(get(&c, "media-bypass"), pair("on", "written global"));
        assert_eq!(get(&c, "refer"), pair("on", "default"));
        assert_eq!(get(&c, "rtcp-active-calls"), pair("on", "default"));
        assert_eq!(get(&c, "remove-plus"), pair("off", "default"));
        assert_eq!(get(&c, "called-number"), pair("(none)", "default"));
    }

    #[test]
    fn collections_never_merge() {
        // site:S1 writes only `refer off`, yet it copies global with `from`;
        // without `from`, global's settings would not apply to B.
        let mut s = Sources::new();
        s.add(
            "p.topo",
            PROJECT.replace("trunk-config site:S1 from global", "trunk-config site:S1"),
        );
        let m = crate::check(&s).model.unwrap();
        let b = rows(&m, "b.s1.contoso.com");
        assert_eq!(get(&b, "media-bypass"), pair("off", "default"));
        assert_eq!(get(&b, "usages"), pair("[]", "default"));
    }

    #[test]
    fn no_collection_at_all_means_defaults() {
        let mut s = Sources::new();
        s.add(
            "p.topo",
            PROJECT.split("pstn-usage U").next().unwrap().to_string(),
        );
        let m = crate::check(&s).model.unwrap();
        let id = trunk(&m, "a.s1.contoso.com");
        assert_eq!(m.effective(id).config, None);
        assert!(
            m.effective_rows(id)
                .iter()
                .all(|r| r.source == Source::Default)
        );
        assert!(!m.effective(id).media_bypass && m.effective(id).refer);
    }

    #[test]
    fn effective_all_agrees_with_effective() {
        let (_, m) = model();
        let all = m.effective_all();
        assert_eq!(all.len(), m.trunks.len());
        for id in m.trunks.ids() {
            // Every setting, not only the collection.
            assert_eq!(format!("{:?}", all[id]), format!("{:?}", m.effective(id)));
        }
    }
}
