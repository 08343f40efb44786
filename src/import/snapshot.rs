//! Import of a snapshot (docs/snapshot.md): a live deployment as a
//! multi-file project.
//!
//! The topology part comes from the snapshot's topology document (or one
//! given instead) through [`super::topology`], with each gateway's
//! `media-ip` (`RepresentativeMediaIP`) added; the rest is written as the
//! language writes it, each property the inverse of what `deploy.ps1`
//! sets: `global.topo` (media encryption, PSTN usages), `voice-routing.topo`
//! (trunk configurations with their translation rules, routes, voice
//! policies, dial plans, unassigned numbers) and `network.topo` (the
//! `network` block).
//!
//! Nothing is dropped silently: a property the language cannot express
//! (a trunk configuration's SIP response code rules, a site's location
//! policy, a value outside a setting's vocabulary, a property topoc does
//! not know) is kept as a `#` comment at its object and named in the
//! report. A value equal to the default the language gives the setting
//! is left out, which leaves the model as it is. A global object holding
//! nothing but its identity (Lync's own, never configured) is not
//! declared, as a project that never declared it would not.
//!
//! Names are written bare when they can be and quoted otherwise
//! ([`super::name`]); patterns in single quotes; a name, pattern or string
//! holding a character a `.topo` file may not hold refuses the snapshot.

use std::collections::{BTreeSet, HashMap};

use super::{Imported, name};
use crate::lexical::{escape_unsafe, is_unsafe_char, quote_pattern, quote_string};
use crate::snapshot::{Props, Snapshot, Value};

/// The longest value shown in a comment or the report, in characters.
const SHOWN: usize = 200;

/// Imports `s`: the topology from `topology` when given, else from the
/// snapshot's own document.
pub fn snapshot(s: &Snapshot, topology: Option<&[u8]>) -> Result<Imported, String> {
    let mut w = Writer::default();
    let doc = topology.unwrap_or(s.topology.as_bytes());
    let gateway_lines = w.gateway_lines(s)?;
    let mut imported = if doc.iter().all(u8::is_ascii_whitespace) {
        w.report
            .push("the snapshot holds no topology document: no site was written".into());
        Imported::default()
    } else {
        super::topology_with(doc, gateway_lines.clone())
            .map_err(|e| format!("the topology document: {e}"))?
    };
    let mut global = w.header(s);
    w.unplaced(s, &imported.trunks, &gateway_lines, &mut global);
    w.deployment(s, &mut global)?;
    w.usages(s, &mut global)?;
    let mut voice = w.header(s);
    w.trunk_configs(s, &mut voice)?;
    w.routes(s, &mut voice)?;
    w.voice_policies(s, &mut voice)?;
    w.dial_plans(s, &mut voice)?;
    w.unassigned(s, &mut voice)?;
    let mut network = w.header(s);
    w.network(s, &mut network)?;
    let header = w.header(s).len();
    for (file, text) in [
        ("global.topo", global),
        ("voice-routing.topo", voice),
        ("network.topo", network),
    ] {
        if text.len() > header {
            imported.files.push((file.into(), text));
        }
    }
    imported.report.append(&mut w.report);
    Ok(imported)
}

/// The report, and the helpers that write values.
#[derive(Default)]
struct Writer {
    report: Vec<String>,
}

/// One object being written: which of its properties were used.
struct Obj<'a> {
    /// How the report names it: `voice route `R``.
    what: String,
    props: &'a Props,
    used: BTreeSet<&'a str>,
}

impl<'a> Obj<'a> {
    fn new(what: String, props: &'a Props) -> Obj<'a> {
        let mut o = Obj {
            what,
            props,
            used: BTreeSet::new(),
        };
        o.take("Identity");
        o
    }

    /// The value of `key`, marked used; nothing for `$null` or absent.
    fn take(&mut self, key: &str) -> Option<&'a Value> {
        let (k, v) = self.props.get_key_value(key)?;
        self.used.insert(k.as_str());
        (!matches!(v, Value::Null)).then_some(v)
    }

    /// The text of `key`, marked used; nothing for empty text.
    fn text(&mut self, key: &str) -> Option<&'a str> {
        self.take(key)
            .and_then(Value::as_text)
            .filter(|t| !t.is_empty())
    }

    /// `key` is not expressible after all: left for [`Writer::leftovers`].
    fn keep(&mut self, key: &str) {
        self.used.remove(key);
    }
}

/// [`Obj::keep`], for a setting left to the comments.
fn keep(o: &mut Obj<'_>, param: &str) -> Result<(), String> {
    o.keep(param);
    Ok(())
}

/// A switch as Lync prints it.
fn switch(v: &Value) -> Option<bool> {
    match v.as_text()? {
        t if t.eq_ignore_ascii_case("true") => Some(true),
        t if t.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

fn on_off(b: bool) -> &'static str {
    if b { "on" } else { "off" }
}

/// A value in a comment or the report: short, on one line, escaped.
fn shown(v: &Value) -> String {
    let text = v.display();
    let short: String = text.chars().take(SHOWN).collect();
    let more = if short.len() < text.len() { "..." } else { "" };
    format!("{}{more}", escape_unsafe(&short))
}

/// `# text`, escaped so that it stays one comment line.
fn comment(text: &str) -> String {
    format!("# {}\n", escape_unsafe(text))
}

/// `text` without `prefix` (compared without case), if it has it.
fn strip<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// A trunk's name from its service identity (`Service:PstnGateway:T`,
/// `PstnGateway:T`).
fn trunk_name(identity: &str) -> &str {
    let t = strip(identity, "service:").unwrap_or(identity);
    strip(t, "pstngateway:").unwrap_or(t)
}

/// A pattern as `.topo` text, refused when it holds a line break or an
/// unsafe character.
fn pattern(text: &str) -> Result<String, String> {
    if text.chars().any(is_unsafe_char) || text.contains(['\n', '\r']) {
        return Err(format!(
            "the pattern `{}` holds a line break or a control or formatting character; the snapshot was not imported",
            escape_unsafe(text)
        ));
    }
    Ok(quote_pattern(text))
}

/// A string (a description, an announcement's name) as `.topo` text.
fn string(text: &str) -> Result<String, String> {
    if text.chars().any(is_unsafe_char) || text.contains('\r') {
        return Err(format!(
            "the text `{}` holds a control or formatting character; the snapshot was not imported",
            escape_unsafe(text)
        ));
    }
    Ok(quote_string(text))
}

/// How a scope is written: `global`, `site:NAME`, `tag:NAME`,
/// `trunk:NAME`, `registrar:FQDN`; `None` for an identity of no scope the
/// collection takes. A bare name is a per-user (`tag:`) one where
/// `per_user`.
fn scope(identity: &str, per_user: bool) -> Result<Option<String>, String> {
    let id = identity.trim();
    if id.eq_ignore_ascii_case("global") {
        return Ok(Some("global".into()));
    }
    for (prefix, keyword) in [
        ("site:", "site"),
        ("tag:", "tag"),
        ("service:pstngateway:", "trunk"),
        ("pstngateway:", "trunk"),
        ("service:registrar:", "registrar"),
        ("registrar:", "registrar"),
    ] {
        if let Some(rest) = strip(id, prefix) {
            return Ok(Some(format!("{keyword}:{}", name(rest)?)));
        }
    }
    if per_user && !id.contains(':') {
        return Ok(Some(format!("tag:{}", name(id)?)));
    }
    Ok(None)
}

/// A list property's texts, or `None` when an item is not text.
fn texts(v: &Value) -> Option<Vec<&str>> {
    v.items().into_iter().map(Value::as_text).collect()
}

/// `[a, b]` of names.
fn names(items: &[&str]) -> Result<String, String> {
    let list: Vec<String> = items.iter().map(|n| name(n)).collect::<Result<_, _>>()?;
    Ok(format!("[{}]", list.join(", ")))
}

/// How a setting is read from its property.
#[derive(Clone, Copy)]
enum Kind {
    /// A switch with the language's default.
    Switch(bool),
    /// A whole number with the language's default.
    Count(u32),
    /// `SRTPMode`.
    Srtp,
    /// A whole number with no default (a bandwidth limit).
    Number,
    /// A name (`NetworkSiteID`).
    Name,
    /// A description.
    Text,
    /// A list of usages.
    Usages,
}

/// The settings of a trunk configuration: parameter, keyword, kind
/// (docs/language.md 11).
const TRUNK_SETTINGS: &[(&str, &str, Kind)] = &[
    ("EnableBypass", "media-bypass", Kind::Switch(false)),
    (
        "ConcentratedTopology",
        "centralized-media",
        Kind::Switch(true),
    ),
    ("EnableReferSupport", "refer", Kind::Switch(true)),
    ("Enable3pccRefer", "refer-3pcc", Kind::Switch(false)),
    ("EnableSessionTimer", "session-timer", Kind::Switch(false)),
    ("EnableSignalBoost", "signal-boost", Kind::Switch(false)),
    ("MaxEarlyDialogs", "max-early-dialogs", Kind::Count(20)),
    ("RemovePlusFromUri", "remove-plus", Kind::Switch(false)),
    ("RTCPActiveCalls", "rtcp-active-calls", Kind::Switch(true)),
    ("RTCPCallsOnHold", "rtcp-calls-on-hold", Kind::Switch(true)),
    ("SRTPMode", "srtp", Kind::Srtp),
    ("EnablePIDFLOSupport", "pidf-lo", Kind::Switch(false)),
    (
        "EnableMobileTrunkSupport",
        "mobile-trunk",
        Kind::Switch(false),
    ),
    ("EnableRTPLatching", "rtp-latching", Kind::Switch(false)),
    (
        "ForwardCallHistory",
        "forward-call-history",
        Kind::Switch(false),
    ),
    ("ForwardPAI", "forward-pai", Kind::Switch(false)),
    (
        "EnableFastFailoverTimer",
        "fast-failover",
        Kind::Switch(true),
    ),
    ("EnableOnlineVoice", "online-voice", Kind::Switch(false)),
    (
        "EnableLocationRestriction",
        "location-restriction",
        Kind::Switch(false),
    ),
    ("NetworkSiteID", "network-site", Kind::Name),
    ("Description", "description", Kind::Text),
    ("PstnUsages", "usages", Kind::Usages),
];

/// The settings of a voice policy but its forwarding usages
/// (docs/language.md 14).
const POLICY_SETTINGS: &[(&str, &str, Kind)] = &[
    ("PstnUsages", "usages", Kind::Usages),
    (
        "AllowCallForwarding",
        "allow-call-forwarding",
        Kind::Switch(true),
    ),
    ("AllowSimulRing", "allow-simul-ring", Kind::Switch(true)),
    (
        "AllowPSTNReRouting",
        "allow-pstn-rerouting",
        Kind::Switch(true),
    ),
    (
        "PreventPSTNTollBypass",
        "prevent-pstn-toll-bypass",
        Kind::Switch(false),
    ),
    ("EnableCallPark", "enable-call-park", Kind::Switch(false)),
    (
        "EnableCallTransfer",
        "enable-call-transfer",
        Kind::Switch(true),
    ),
    ("EnableDelegation", "enable-delegation", Kind::Switch(true)),
    ("EnableTeamCall", "enable-team-call", Kind::Switch(true)),
    (
        "EnableMaliciousCallTracing",
        "enable-malicious-call-tracing",
        Kind::Switch(false),
    ),
    (
        "EnableBWPolicyOverride",
        "enable-bw-policy-override",
        Kind::Switch(false),
    ),
    ("Description", "description", Kind::Text),
];

/// The settings of a network object: parameter, keyword, kind.
const PROFILE_SETTINGS: &[(&str, &str, Kind)] = &[
    ("AudioBWLimit", "audio", Kind::Number),
    ("AudioBWSessionLimit", "audio-session", Kind::Number),
    ("VideoBWLimit", "video", Kind::Number),
    ("VideoBWSessionLimit", "video-session", Kind::Number),
    ("Description", "description", Kind::Text),
];

impl Writer {
    /// The first lines of every file.
    fn header(&self, s: &Snapshot) -> String {
        let when = if s.collected.is_empty() {
            "(no date)"
        } else {
            s.collected.as_str()
        };
        comment(&format!(
            "Imported by `topoc import` from a snapshot collected {when}."
        ))
    }

    /// The statement of one setting, when its value is not the default;
    /// a value outside the setting's vocabulary is left for the comments.
    fn setting(
        &mut self,
        o: &mut Obj<'_>,
        (param, keyword, kind): (&str, &str, Kind),
        out: &mut String,
    ) -> Result<(), String> {
        let Some(v) = o.take(param) else {
            return Ok(());
        };
        let line = match kind {
            Kind::Switch(default) => match switch(v) {
                Some(b) if b == default => None,
                Some(b) => Some(format!("{keyword} {}", on_off(b))),
                None => return keep(o, param),
            },
            Kind::Count(default) => match v.as_text().and_then(|t| t.trim().parse::<u32>().ok()) {
                Some(n) if n == default => None,
                Some(n) => Some(format!("{keyword} {n}")),
                None => return keep(o, param),
            },
            Kind::Number => match v.as_text().and_then(|t| t.trim().parse::<u32>().ok()) {
                Some(n) => Some(format!("{keyword} {n}")),
                None => return keep(o, param),
            },
            Kind::Srtp => match v.as_text().map(str::to_ascii_lowercase).as_deref() {
                Some("required") => None,
                Some("optional") => Some(format!("{keyword} optional")),
                Some("notsupported") => Some(format!("{keyword} not-supported")),
                _ => return keep(o, param),
            },
            Kind::Name => match v.as_text() {
                Some("") => None,
                Some(t) => Some(format!("{keyword} {}", name(t)?)),
                None => return keep(o, param),
            },
            Kind::Text => match v.as_text() {
                Some("") => None,
                Some(t) => Some(format!("{keyword} {}", string(t)?)),
                None => return keep(o, param),
            },
            Kind::Usages => match texts(v) {
                Some(list) if list.is_empty() => None,
                Some(list) => Some(format!("{keyword} {}", names(&list)?)),
                None => return keep(o, param),
            },
        };
        if let Some(line) = line {
            out.push_str(&line);
            out.push('\n');
        }
        Ok(())
    }

    /// Every property of `o` not used, as comments and report lines; empty
    /// values, which hold nothing, are passed over.
    fn leftovers(&mut self, o: &Obj<'_>, out: &mut String) {
        for (k, v) in o.props {
            // A property held in another shape is written through the
            // parameters read from it (`crate::snapshot::DERIVED`).
            let derived = crate::snapshot::DERIVED
                .iter()
                .any(|(_, p, source)| source == k && o.used.contains(p));
            if o.used.contains(k.as_str()) || is_empty(v) || derived {
                continue;
            }
            let text = format!("{k} = {}", shown(v));
            out.push_str(&comment(&format!("not expressible: {text}")));
            self.report.push(format!(
                "{}: `{}` is not expressible in the language; kept as a comment",
                o.what,
                escape_unsafe(&text)
            ));
        }
    }

    /// `media-ip` for each gateway with a representative media IP, by FQDN
    /// without case.
    fn gateway_lines(&mut self, s: &Snapshot) -> Result<HashMap<String, Vec<String>>, String> {
        let mut lines: HashMap<String, Vec<String>> = HashMap::new();
        for g in s.list("PstnGateways") {
            let identity = g["Identity"].as_text().unwrap_or_default();
            let mut o = Obj::new(format!("gateway `{}`", escape_unsafe(identity)), g);
            let mut text = String::new();
            if let Some(ip) = o.text("RepresentativeMediaIP") {
                if ip.parse::<std::net::IpAddr>().is_ok() {
                    text.push_str(&format!("media-ip {ip}\n"));
                } else {
                    o.keep("RepresentativeMediaIP");
                }
            }
            self.leftovers(&o, &mut text);
            if !text.is_empty() {
                lines
                    .entry(trunk_name(identity).to_lowercase())
                    .or_default()
                    .extend(text.lines().map(str::to_string));
            }
        }
        Ok(lines)
    }

    /// Trunks the topology document does not hold (additional trunks,
    /// branch sites' gateways), what the snapshot says of their gateways,
    /// and announcements: comments and report.
    fn unplaced(
        &mut self,
        s: &Snapshot,
        trunks: &[String],
        gateway_lines: &HashMap<String, Vec<String>>,
        out: &mut String,
    ) {
        let known: BTreeSet<String> = trunks.iter().map(|t| t.to_lowercase()).collect();
        let mut gateways: Vec<_> = gateway_lines
            .iter()
            .filter(|(g, _)| !known.contains(*g))
            .collect();
        gateways.sort();
        for (g, lines) in gateways {
            for line in lines {
                let line = format!(
                    "gateway `{g}` is not in the topology document; the snapshot says of it: {}",
                    line.trim_start_matches("# ")
                );
                out.push_str(&comment(&line));
                self.report.push(escape_unsafe(&line).into_owned());
            }
        }
        for t in s.list("Trunks") {
            let identity = t["Identity"].as_text().unwrap_or_default();
            if known.contains(&trunk_name(identity).to_lowercase()) {
                continue;
            }
            let line = format!(
                "trunk `{identity}` is not in the topology document (an additional trunk, or a branch site's): declare it (docs/language.md 7, 8) before what names it checks"
            );
            out.push_str(&comment(&line));
            self.report.push(escape_unsafe(&line).into_owned());
        }
        for a in s.list("Announcements") {
            let line = format!(
                "announcement `{}` is not modelled: it stays as it is; unassigned numbers name it",
                a["Identity"].as_text().unwrap_or_default()
            );
            out.push_str(&comment(&line));
            self.report.push(escape_unsafe(&line).into_owned());
        }
    }

    /// `deployment { media-encryption ... }` from the media configuration.
    fn deployment(&mut self, s: &Snapshot, out: &mut String) -> Result<(), String> {
        for m in s.list("MediaConfigurations") {
            let identity = m["Identity"].as_text().unwrap_or_default();
            let mut o = Obj::new(
                format!("media configuration `{}`", escape_unsafe(identity)),
                m,
            );
            let mut body = String::new();
            if identity.eq_ignore_ascii_case("global") {
                match o
                    .text("EncryptionLevel")
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                {
                    None => {}
                    Some("requireencryption") => body.push_str("media-encryption required\n"),
                    Some("supportencryption") => body.push_str("media-encryption supported\n"),
                    Some("donotsupportencryption") => {
                        body.push_str("media-encryption not-supported\n");
                    }
                    Some(_) => o.keep("EncryptionLevel"),
                }
            } else {
                o.used.clear();
            }
            self.leftovers(&o, &mut body);
            if !body.is_empty() {
                out.push_str(&format!("deployment {{\n{body}}}\n"));
            }
        }
        Ok(())
    }

    /// One `pstn-usage` per usage of the global list.
    fn usages(&mut self, s: &Snapshot, out: &mut String) -> Result<(), String> {
        for u in s.list("PstnUsages") {
            let identity = u["Identity"].as_text().unwrap_or_default();
            let mut o = Obj::new(format!("PSTN usages `{}`", escape_unsafe(identity)), u);
            if identity.eq_ignore_ascii_case("global") {
                match o.take("Usage").map(texts) {
                    None => {}
                    Some(Some(list)) => {
                        for n in list {
                            out.push_str(&format!("pstn-usage {}\n", name(n)?));
                        }
                    }
                    Some(None) => o.keep("Usage"),
                }
            } else {
                o.used.clear();
            }
            self.leftovers(&o, out);
        }
        Ok(())
    }

    /// A rule list: `rule NAME 'P' -> 'T' { ... }` per rule, in order.
    fn rules(
        &mut self,
        o: &mut Obj<'_>,
        param: &str,
        block: Option<&str>,
        out: &mut String,
    ) -> Result<(), String> {
        let Some(list) = o.take(param) else {
            return Ok(());
        };
        let items = list.items();
        if items.is_empty() {
            return Ok(());
        }
        if items.iter().any(|r| !matches!(r, Value::Object(_))) {
            o.keep(param);
            return Ok(());
        }
        let mut text = String::new();
        for r in items {
            let Value::Object(props) = r else { continue };
            self.rule(&o.what, props, &mut text)?;
        }
        match block {
            Some(keyword) => out.push_str(&format!("{keyword} {{\n{text}}}\n")),
            None => out.push_str(&text),
        }
        Ok(())
    }

    /// One rule of a list.
    fn rule(&mut self, parent: &str, props: &Props, out: &mut String) -> Result<(), String> {
        let identity = props
            .get("Identity")
            .and_then(Value::as_text)
            .unwrap_or_default();
        let mut o = Obj::new(String::new(), props);
        o.take("Priority");
        let rule_name = o
            .text("Name")
            .unwrap_or_else(|| identity.rsplit_once('/').map_or(identity, |(_, n)| n));
        o.what = format!("{parent}, rule `{}`", escape_unsafe(rule_name));
        let translation = match o.take("Translation") {
            None => Some(""),
            Some(t) => t.as_text(),
        };
        let (Some(p), Some(t)) = (o.text("Pattern"), translation) else {
            let line = format!(
                "{}: a rule without a pattern, or with a translation that is not text, was left out",
                o.what
            );
            out.push_str(&comment(&line));
            self.report.push(line);
            o.used.clear();
            self.leftovers(&o, out);
            return Ok(());
        };
        let mut body = String::new();
        if let Some(v) = o.take("IsInternalExtension") {
            match switch(v) {
                Some(true) => body.push_str("internal-extension on\n"),
                Some(false) => {}
                None => o.keep("IsInternalExtension"),
            }
        }
        if let Some(d) = o.text("Description") {
            body.push_str(&format!("description {}\n", string(d)?));
        }
        self.leftovers(&o, &mut body);
        out.push_str(&format!(
            "rule {} {} -> {}",
            name(rule_name)?,
            pattern(p)?,
            pattern(t)?
        ));
        if body.is_empty() {
            out.push('\n');
        } else {
            out.push_str(&format!(" {{\n{body}}}\n"));
        }
        Ok(())
    }

    /// Whether a global object is Lync's own, never configured: nothing
    /// but its identity (then it is not declared).
    fn unconfigured(identity: &str, props: &Props) -> bool {
        identity.eq_ignore_ascii_case("global")
            && props.iter().all(|(k, v)| k == "Identity" || is_empty(v))
    }

    /// A declaration for an object of a scope: `None` (reported) when the
    /// identity is of no scope the collection takes.
    fn scoped(
        &mut self,
        what: &str,
        identity: &str,
        per_user: bool,
        out: &mut String,
    ) -> Result<Option<String>, String> {
        let s = scope(identity, per_user)?;
        if s.is_none() {
            let line =
                format!("{what} `{identity}`: its scope is not one the language writes; left out");
            out.push_str(&comment(&line));
            self.report.push(escape_unsafe(&line).into_owned());
        }
        Ok(s)
    }

    /// `trunk-config SCOPE { ... }` per collection.
    fn trunk_configs(&mut self, s: &Snapshot, out: &mut String) -> Result<(), String> {
        for c in s.list("TrunkConfigurations") {
            let identity = c["Identity"].as_text().unwrap_or_default();
            if Self::unconfigured(identity, c) {
                continue;
            }
            let Some(scope) = self.scoped("trunk configuration", identity, false, out)? else {
                continue;
            };
            let mut o = Obj::new(
                format!("trunk configuration `{}`", escape_unsafe(identity)),
                c,
            );
            let mut body = String::new();
            for &setting in TRUNK_SETTINGS {
                self.setting(&mut o, setting, &mut body)?;
            }
            self.rules(
                &mut o,
                "OutboundTranslationRulesList",
                Some("called-number"),
                &mut body,
            )?;
            self.rules(
                &mut o,
                "OutboundCallingNumberTranslationRulesList",
                Some("calling-number"),
                &mut body,
            )?;
            self.leftovers(&o, &mut body);
            out.push_str(&format!("\ntrunk-config {scope} {{\n{body}}}\n"));
        }
        Ok(())
    }

    /// `route NAME { ... }` per voice route.
    fn routes(&mut self, s: &Snapshot, out: &mut String) -> Result<(), String> {
        for r in s.list("VoiceRoutes") {
            let identity = r["Identity"].as_text().unwrap_or_default();
            let mut o = Obj::new(format!("voice route `{}`", escape_unsafe(identity)), r);
            if o.props.get("Name").and_then(Value::as_text) == Some(identity) {
                o.take("Name");
            }
            let mut body = String::new();
            if let Some(p) = o.text("NumberPattern") {
                body.push_str(&format!("pattern {}\n", pattern(p)?));
            }
            self.setting(&mut o, ("PstnUsages", "usages", Kind::Usages), &mut body)?;
            match o.take("PstnGatewayList").map(texts) {
                None => {}
                Some(Some(list)) => {
                    let trunks: Vec<&str> = list.into_iter().map(trunk_name).collect();
                    if !trunks.is_empty() {
                        body.push_str(&format!("trunks {}\n", names(&trunks)?));
                    }
                }
                Some(None) => o.keep("PstnGatewayList"),
            }
            if let Some(p) = o.take("Priority") {
                match p.as_text().and_then(|t| t.trim().parse::<i32>().ok()) {
                    Some(n) => body.push_str(&format!("priority {n}\n")),
                    None => o.keep("Priority"),
                }
            }
            self.caller_id(&mut o, &mut body)?;
            self.setting(
                &mut o,
                ("Description", "description", Kind::Text),
                &mut body,
            )?;
            self.leftovers(&o, &mut body);
            out.push_str(&format!("\nroute {} {{\n{body}}}\n", name(identity)?));
        }
        Ok(())
    }

    /// `caller-id suppress 'N'`: `SuppressCallerId` with its
    /// `AlternateCallerId`; either alone is not expressible.
    fn caller_id(&mut self, o: &mut Obj<'_>, out: &mut String) -> Result<(), String> {
        let suppress = o.take("SuppressCallerId").map(switch);
        let alternate = o.text("AlternateCallerId");
        match (suppress, alternate) {
            (None | Some(Some(false)), None) => {}
            (Some(Some(true)), Some(n)) => {
                out.push_str(&format!("caller-id suppress {}\n", pattern(n)?));
            }
            (Some(Some(false)), Some(_)) => o.keep("AlternateCallerId"),
            _ => {
                o.keep("SuppressCallerId");
                o.keep("AlternateCallerId");
            }
        }
        Ok(())
    }

    /// `voice-policy SCOPE { ... }` per voice policy.
    fn voice_policies(&mut self, s: &Snapshot, out: &mut String) -> Result<(), String> {
        for p in s.list("VoicePolicies") {
            let identity = p["Identity"].as_text().unwrap_or_default();
            if Self::unconfigured(identity, p) {
                continue;
            }
            let Some(scope) = self.scoped("voice policy", identity, true, out)? else {
                continue;
            };
            let mut o = Obj::new(format!("voice policy `{}`", escape_unsafe(identity)), p);
            let mut body = String::new();
            for &setting in POLICY_SETTINGS {
                self.setting(&mut o, setting, &mut body)?;
            }
            self.forwarding(&mut o, &mut body)?;
            self.leftovers(&o, &mut body);
            out.push_str(&format!("\nvoice-policy {scope} {{\n{body}}}\n"));
        }
        Ok(())
    }

    /// `call-forwarding-usages`: `CallForwardingSimulRingUsageType` and
    /// its custom usages.
    fn forwarding(&mut self, o: &mut Obj<'_>, out: &mut String) -> Result<(), String> {
        let kind = o.text("CallForwardingSimulRingUsageType");
        let custom = o.take("CustomCallForwardingSimulRingUsages").map(texts);
        let custom_list = match &custom {
            None => Some(Vec::new()),
            Some(list) => list.clone(),
        };
        match (kind.map(str::to_ascii_lowercase).as_deref(), custom_list) {
            (None | Some("voicepolicyusage"), Some(list)) if list.is_empty() => {}
            (Some("internalonly"), Some(list)) if list.is_empty() => {
                out.push_str("call-forwarding-usages internal-only\n");
            }
            (Some("customusage"), Some(list)) if !list.is_empty() => {
                out.push_str(&format!("call-forwarding-usages {}\n", names(&list)?));
            }
            _ => {
                o.keep("CallForwardingSimulRingUsageType");
                o.keep("CustomCallForwardingSimulRingUsages");
            }
        }
        Ok(())
    }

    /// `dial-plan SCOPE { ... }` per dial plan.
    fn dial_plans(&mut self, s: &Snapshot, out: &mut String) -> Result<(), String> {
        for p in s.list("DialPlans") {
            let identity = p["Identity"].as_text().unwrap_or_default();
            if Self::unconfigured(identity, p) {
                continue;
            }
            let Some(scope) = self.scoped("dial plan", identity, true, out)? else {
                continue;
            };
            let mut o = Obj::new(format!("dial plan `{}`", escape_unsafe(identity)), p);
            let mut body = String::new();
            if let Some(x) = o.text("ExternalAccessPrefix") {
                body.push_str(&format!("external-access-prefix {}\n", pattern(x)?));
            }
            let optimize = ("OptimizeDeviceDialing", "optimize-device-dialing");
            self.setting(
                &mut o,
                (optimize.0, optimize.1, Kind::Switch(false)),
                &mut body,
            )?;
            if let Some(n) = o.text("SimpleName") {
                let simple = n
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
                if simple {
                    body.push_str(&format!("simple-name {}\n", name(n)?));
                } else {
                    o.keep("SimpleName");
                }
            }
            self.setting(
                &mut o,
                ("Description", "description", Kind::Text),
                &mut body,
            )?;
            self.rules(&mut o, "NormalizationRules", None, &mut body)?;
            self.leftovers(&o, &mut body);
            out.push_str(&format!("\ndial-plan {scope} {{\n{body}}}\n"));
        }
        Ok(())
    }

    /// `unassigned-numbers NAME { ... }` per range of the table.
    fn unassigned(&mut self, s: &Snapshot, out: &mut String) -> Result<(), String> {
        for u in s.list("UnassignedNumbers") {
            let identity = u["Identity"].as_text().unwrap_or_default();
            let mut o = Obj::new(
                format!("unassigned number range `{}`", escape_unsafe(identity)),
                u,
            );
            let mut body = String::new();
            match (o.text("NumberRangeStart"), o.text("NumberRangeEnd")) {
                (Some(a), Some(b)) => {
                    body.push_str(&format!("range {} {}\n", pattern(a)?, pattern(b)?));
                }
                _ => {
                    o.keep("NumberRangeStart");
                    o.keep("NumberRangeEnd");
                }
            }
            let service = o.text("AnnouncementService");
            let announcement = o.text("AnnouncementName");
            match (
                service.and_then(|s| strip(s, "applicationserver:")),
                announcement,
            ) {
                (Some(pool), Some(a)) => {
                    body.push_str(&format!("announcement {} {}\n", name(pool)?, string(a)?));
                }
                (None, None) => {}
                _ => {
                    o.keep("AnnouncementService");
                    o.keep("AnnouncementName");
                }
            }
            if let Some(n) = o.text("ExUmAutoAttendantPhoneNumber") {
                body.push_str(&format!("exchange-um {}\n", pattern(n)?));
            }
            if let Some(p) = o.take("Priority") {
                match p.as_text().and_then(|t| t.trim().parse::<u32>().ok()) {
                    Some(n) => body.push_str(&format!("priority {n}\n")),
                    None => o.keep("Priority"),
                }
            }
            self.leftovers(&o, &mut body);
            out.push_str(&format!(
                "\nunassigned-numbers {} {{\n{body}}}\n",
                name(identity)?
            ));
        }
        Ok(())
    }
}

/// Whether a value holds nothing: `$null`, empty text, an empty list.
fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Text(t) => t.is_empty(),
        Value::List(l) => l.is_empty(),
        Value::Object(_) => false,
    }
}

mod network;

#[cfg(test)]
mod tests;
