//! `deploy.ps1`: the Lync Server Management Shell script for everything
//! that is not topology, in the dependency order of LYNC-TRUNKS 7.2 and the
//! emission order of 7.3.
//!
//! | section | cmdlets | how it stays idempotent |
//! |---|---|---|
//! | PSTN usages | `Set-CsPstnUsage` | adds a usage only when the global list lacks it |
//! | trunk configurations | `New-`/`Set-CsTrunkConfiguration` | global by `Set-`; other scopes created when missing, then every parameter set |
//! | translation rules | `New-CsOutbound(CallingNumber)TranslationRule -InMemory` | the collection's rule lists are replaced whole |
//! | voice routes, voice policies | `New-`/`Set-CsVoiceRoute`, `New-`/`Set-CsVoicePolicy` | created when missing, then every parameter set |
//! | dial plans | `New-`/`Set-CsDialPlan`, `New-CsVoiceNormalizationRule -InMemory` | the rule list is replaced whole, which also removes the placeholder rule a new plan gets |
//! | network | `New-CsNetwork* -InMemory`, `Set-CsNetworkConfiguration` | the whole network configuration is replaced (only when the sources have a `network` block) |
//! | media, bypass | `Set-CsMediaConfiguration`, `New-CsNetworkMediaBypassConfiguration` | one complete object (E45) |
//! | trunk bypass, gateways | `Set-CsTrunkConfiguration -EnableBypass`, `Set-CsPstnGateway` | set |
//!
//! Trunks and gateways are topology and never created here (E17). Only
//! parameters the target has are written: `EnableLocationRestriction` and
//! `NetworkSiteID` came with the Lync Server 2013 update of February 2013,
//! so for Lync 2013 they are written only when the project uses them (the
//! header then says the update is needed; T0301). Identities
//! come from [`crate::model::identity`], the one place that builds them.
//!
//! **The script is inert in every reading of its bytes.** The Lync Server
//! 2013 Management Shell is Windows PowerShell, which reads a script
//! without a byte-order mark in the ANSI code page: there the UTF-8 bytes of
//! `đ` (C4 91) read as `Ä‘`, and `‘` is a quote to PowerShell. So the script
//! starts with a UTF-8 byte-order mark *and* every byte after it is
//! printable ASCII (or a line feed): a value is a single-quoted literal of
//! its printable ASCII runs with `'` doubled, and every other UTF-16 code
//! unit is written as `[char]0xHHHH` and joined at run time ([`quote`]);
//! comments say `<U+HHHH>` for such characters ([`comment_text`]). Nothing
//! from the sources is ever interpolated or written raw; no reading of the
//! bytes (UTF-8, cp1252, any ASCII-compatible code page) can see a quote,
//! dash or line break that is not topoc's own. tests/security.rs parses
//! both readings and compares their command lists.

use std::fmt::Write;

use super::Input;
use crate::assume;
use crate::model::identity;
use crate::model::{
    BypassMode, CallForwarding, ConfigScope, DialPlanScope, Effective, EncryptionLevel, Model,
    NumberRule, PolicyFlag, PolicyScope, Product, RouteId, Setting, SrtpMode, Treatment, UsageId,
};

/// `text` as a PowerShell string expression that nothing can escape and
/// whose bytes are printable ASCII: `'it''s'` when the text is printable
/// ASCII; otherwise its printable ASCII runs as such literals and every
/// other UTF-16 code unit as `[char]0xHHHH`, joined with `+` in parentheses
/// after a leading literal (so `+` concatenates strings, never adds
/// characters as numbers): `('Z' + [char]0x00FC + 'rich')`.
pub fn quote(text: &str) -> String {
    let printable = |u: u16| (0x20..0x7f).contains(&u);
    if text.encode_utf16().all(printable) {
        return format!("'{}'", text.replace('\'', "''"));
    }
    let mut parts: Vec<String> = Vec::new();
    let mut run = String::new();
    for unit in text.encode_utf16() {
        if printable(unit) {
            if unit == u16::from(b'\'') {
                run.push('\'');
            }
            run.push(char::from(unit as u8));
        } else {
            if !run.is_empty() || parts.is_empty() {
                parts.push(format!("'{run}'"));
                run.clear();
            }
            parts.push(format!("[char]0x{unit:04X}"));
        }
    }
    if !run.is_empty() {
        parts.push(format!("'{run}'"));
    }
    format!("({})", parts.join(" + "))
}

/// Text safe inside a `#` comment, in printable ASCII: every other
/// character (a line break above all, which would end the comment) is
/// written `<U+HHHH>`.
pub fn comment_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if (' '..='~').contains(&c) {
            out.push(c);
        } else {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        }
    }
    out
}

/// An argument of a cmdlet.
#[derive(Clone, Debug)]
enum Value {
    /// A single-quoted string.
    Str(String),
    /// `$true` / `$false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A bare switch.
    Switch,
    /// `@{Add = 'a'}`: the string is added to the list.
    Add(String),
    /// `@{Replace = 'a', 'b'}`: the list becomes exactly these strings.
    Replace(Vec<String>),
    /// `@{Replace = $name}`: the list becomes exactly the objects in `$name`.
    ReplaceWith(&'static str),
    /// `$name`.
    Var(&'static str),
    /// `$null`: the setting is cleared.
    Null,
}

impl Value {
    fn render(&self) -> String {
        match self {
            Value::Str(s) => quote(s),
            Value::Bool(b) => if *b { "$true" } else { "$false" }.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Switch => String::new(),
            // No documented form empties a list; `$null` is what the
            // cmdlet reference uses for list parameters.
            Value::Replace(items) if items.is_empty() => "$null".to_string(),
            Value::Replace(items) => format!(
                "@{{Replace = {}}}",
                items
                    .iter()
                    .map(|s| quote(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Value::Add(item) => format!("@{{Add = {}}}", quote(item)),
            Value::ReplaceWith(var) => format!("@{{Replace = ${var}}}"),
            Value::Var(var) => format!("${var}"),
            Value::Null => "$null".to_string(),
        }
    }
}

/// One cmdlet call.
struct Command {
    name: &'static str,
    params: Vec<(&'static str, Value)>,
}

impl Command {
    fn new(name: &'static str) -> Command {
        Command {
            name,
            params: Vec::new(),
        }
    }

    fn arg(mut self, param: &'static str, value: Value) -> Command {
        self.params.push((param, value));
        self
    }

    fn str(self, param: &'static str, value: &str) -> Command {
        self.arg(param, Value::Str(value.to_string()))
    }

    fn bool(self, param: &'static str, value: bool) -> Command {
        self.arg(param, Value::Bool(value))
    }

    /// `param` when the value is given.
    fn opt_str(self, param: &'static str, value: Option<&str>) -> Command {
        match value {
            Some(v) => self.str(param, v),
            None => self,
        }
    }

    /// `-Description`, empty when none is written.
    fn description(self, d: &Option<Setting<String>>) -> Command {
        self.str("Description", d.as_ref().map_or("", |d| d.value.as_str()))
    }

    /// A declared `-BypassID`, with `-Force` (supplying one prompts otherwise).
    fn bypass_id(self, id: &Option<Setting<String>>) -> Command {
        match id {
            Some(id) => self.str("BypassID", &id.value).arg("Force", Value::Switch),
            None => self,
        }
    }

    fn parts(&self) -> Vec<String> {
        self.params
            .iter()
            .map(|(p, v)| match v {
                Value::Switch => format!("-{p}"),
                _ => format!("-{p} {}", v.render()),
            })
            .collect()
    }

    /// The call on one line.
    fn render_line(&self, indent: &str) -> String {
        format!("{indent}{} {}", self.name, self.parts().join(" "))
    }

    /// The call, at `indent`: on one line when short, else one parameter
    /// per continued line.
    fn render(&self, indent: &str) -> String {
        let parts = self.parts();
        let one_line = self.render_line(indent);
        if parts.len() <= 3 && one_line.len() <= 100 && !one_line.contains('\n') {
            return one_line.trim_end().to_string();
        }
        let mut out = format!("{indent}{} {}", self.name, parts[0]);
        for p in &parts[1..] {
            let _ = write!(out, " `\n{indent}    {p}");
        }
        out
    }
}

/// The script being written, and the name of every command in it, in
/// order (the command list a reader of the script must find, no more).
struct Script {
    out: String,
    commands: Vec<&'static str>,
}

impl Script {
    /// A command's text, recorded in the command list.
    fn call(&mut self, c: &Command, indent: &str) -> String {
        self.commands.push(c.name);
        c.render(indent)
    }

    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn comment(&mut self, text: &str) {
        self.line(&format!("# {}", comment_text(text)));
    }

    fn section(&mut self, title: &str) {
        self.out.push('\n');
        self.line(&format!("# {} {}", "-".repeat(4), title));
    }

    fn command(&mut self, c: Command) {
        let text = self.call(&c, "");
        self.line(&text);
    }

    /// `New-` the object when `Get-` does not find it.
    fn create_if_missing(&mut self, get: Command, new: Command) {
        let get = get.arg("ErrorAction", Value::Str("SilentlyContinue".into()));
        self.commands.push(get.name);
        self.line(&format!("if (-not ({})) {{", get.render_line("")));
        let new = self.call(&new, "    ");
        self.line(&new);
        self.line("}");
    }

    /// `$var = @( ...objects... )`, each made `-InMemory`, and the list
    /// argument that puts exactly them in place: `@{Replace = $var}`, or
    /// `$null` for none.
    fn objects(&mut self, var: &'static str, commands: Vec<Command>) -> Value {
        if commands.is_empty() {
            return Value::Null;
        }
        self.line(&format!("${var} = @("));
        for c in commands {
            let text = self.call(&c.arg("InMemory", Value::Switch), "    ");
            self.line(&text);
        }
        self.line(")");
        Value::ReplaceWith(var)
    }
}

/// The UTF-8 byte-order mark every emitted script starts with: without it
/// Windows PowerShell reads the script in the ANSI code page.
pub const BOM: char = '\u{feff}';

/// Writes `deploy.ps1`.
pub fn emit(input: &Input<'_>, hash: &str) -> String {
    emit_with_commands(input, hash).0
}

/// [`emit`], with the name of every command the script holds, in order:
/// a parser of the script must find exactly these (tests and fuzzing).
pub fn emit_with_commands(input: &Input<'_>, hash: &str) -> (String, Vec<&'static str>) {
    let m = input.model;
    let mut s = Script {
        out: BOM.to_string(),
        commands: Vec::new(),
    };
    header(&mut s, input, hash);
    usages(&mut s, m);
    let collections = collections(m);
    trunk_configurations(&mut s, m, &collections);
    translation_rules(&mut s, &collections);
    routes(&mut s, m);
    unassigned_numbers(&mut s, m);
    voice_policies(&mut s, m);
    dial_plans(&mut s, m);
    network(&mut s, m);
    media(&mut s, m);
    bypass(&mut s, m);
    trunk_bypass(&mut s, &collections);
    gateways(&mut s, m);
    debug_assert!(
        s.out[BOM.len_utf8()..]
            .bytes()
            .all(|b| b == b'\n' || (0x20..0x7f).contains(&b))
    );
    (s.out, s.commands)
}

fn product_name(p: Product) -> &'static str {
    match p {
        Product::Lync2013 => "Lync Server 2013",
        Product::Sfb2015 => "Skype for Business Server 2015",
    }
}

fn header(s: &mut Script, input: &Input<'_>, hash: &str) {
    s.comment(&format!(
        "deploy.ps1: generated by topoc {}, configuration {hash}",
        crate::VERSION
    ));
    s.comment(&format!(
        "Target: {}. Do not edit: change the .topo sources and rebuild.",
        product_name(input.model.deployment.product)
    ));
    if input.model.deployment.product == Product::Lync2013 && location_routing(input.model) {
        s.comment(
            "Needs the Lync Server 2013 cumulative update of February 2013 or later on every server (location-based routing: EnableLocationRestriction, NetworkSiteID).",
        );
    }
    s.line("#");
    for line in [
        "Run in the Lync Server Management Shell as a member of RTCUniversalServerAdmins (or",
        "CsVoiceAdministrator), after publishing topology.xml and doing every step of",
        "topology-steps.md: routes and trunk configurations name trunks that must exist.",
        "Safe to run again: each object is created when missing, then set to exactly what",
        "the sources say. It never removes an object the sources do not mention, and it",
        "leaves users, topology and the network configuration (without a `network` block) alone.",
    ] {
        s.comment(line);
    }
    s.line("#");
    s.comment("Where the cmdlet reference is silent (docs/assumptions.md):");
    for a in [&assume::EMPTY_LIST_IS_NULL, &assume::ROUTE_TRUNK_IDENTITY] {
        s.comment(&format!("assumed ({}): {}", a.id, a.text));
    }
    s.out.push('\n');
    s.line("$ErrorActionPreference = 'Stop'");
}

/// The usages, by name (the global list is a set; declaration order
/// would make the script depend on file order).
pub(super) fn usage_names(m: &Model, ids: impl IntoIterator<Item = UsageId>) -> Vec<String> {
    ids.into_iter()
        .map(|u| m.usages.get(u).name.text.clone())
        .collect()
}

fn usages(s: &mut Script, m: &Model) {
    s.section("PSTN usages (LYNC-TRUNKS 2.6): one global list, added to");
    let mut names = usage_names(m, m.usages.ids());
    names.sort_by_key(|n| n.to_lowercase());
    if names.is_empty() {
        s.comment("none declared");
        return;
    }
    let get = Command::new("Get-CsPstnUsage").str("Identity", "global");
    let get = s.call(&get, "");
    s.line(&format!("$usages = ({get}).Usage"));
    for n in names {
        // `@{Add = 'X'}` keeps the other usages; `-notcontains` compares
        // without case, as Lync does.
        let add = Command::new("Set-CsPstnUsage")
            .str("Identity", "global")
            .arg("Usage", Value::Add(n.clone()));
        let add = s.call(&add, "");
        s.line(&format!(
            "if ($usages -notcontains {}) {{ {add} }}",
            quote(&n)
        ));
    }
}

fn srtp(mode: SrtpMode) -> &'static str {
    match mode {
        SrtpMode::Required => "Required",
        SrtpMode::Optional => "Optional",
        SrtpMode::NotSupported => "NotSupported",
    }
}

/// Whether deploy.ps1 writes the location-based routing parameters of
/// trunk configurations: always for Skype for Business Server 2015; for
/// Lync Server 2013 only when the project writes them, since servers
/// without the February 2013 update refuse them (T0301).
fn location_routing(m: &Model) -> bool {
    m.deployment.product == Product::Sfb2015
        || m.trunk_configs.iter().any(|(_, c)| {
            c.written.location_restriction.is_some() || c.written.network_site.is_some()
        })
}

/// Every setting of a collection except media bypass and the rule lists,
/// as `Set-CsTrunkConfiguration` parameters.
fn config_parameters(c: Command, m: &Model, e: &Effective) -> Command {
    let mut c = c
        .bool("ConcentratedTopology", e.centralized_media)
        .bool("EnableReferSupport", e.refer)
        .bool("Enable3pccRefer", e.refer_3pcc)
        .bool("EnableSessionTimer", e.session_timer)
        .bool("EnableSignalBoost", e.signal_boost)
        .arg(
            "MaxEarlyDialogs",
            Value::Int(i64::from(e.max_early_dialogs)),
        )
        .bool("RemovePlusFromUri", e.remove_plus)
        .bool("RTCPActiveCalls", e.rtcp_active_calls)
        .bool("RTCPCallsOnHold", e.rtcp_calls_on_hold)
        .str("SRTPMode", srtp(e.srtp))
        .bool("EnablePIDFLOSupport", e.pidf_lo)
        .bool("EnableMobileTrunkSupport", e.mobile_trunk)
        .bool("EnableRTPLatching", e.rtp_latching)
        .bool("ForwardCallHistory", e.forward_call_history)
        .bool("ForwardPAI", e.forward_pai)
        .bool("EnableFastFailoverTimer", e.fast_failover)
        .bool("EnableOnlineVoice", e.online_voice);
    if location_routing(m) {
        c = c
            .bool("EnableLocationRestriction", e.location_restriction)
            .arg(
                "NetworkSiteID",
                e.network_site.map_or(Value::Null, |id| {
                    Value::Str(m.network.sites.get(id).name.text.clone())
                }),
            );
    }
    c.str("Description", &e.description)
        .arg(
            "PstnUsages",
            Value::Replace(usage_names(m, e.usages.iter().copied())),
        )
        // Not modelled: cleared, so the collection holds only what topoc says.
        .arg("SipResponseCodeTranslationRulesList", Value::Null)
}

/// A trunk configuration collection to deploy.
struct Collection {
    /// Its identity.
    identity: String,
    /// How the sources name it (`global (not declared)` for the implicit one).
    label: String,
    scope: ConfigScope,
    settings: Effective,
}

/// Every collection to deploy: those declared, and the global one at
/// Lync's defaults when it is not declared (LANGUAGE.md section 4: a trunk
/// without a collection has Lync's defaults, so the global collection
/// must hold them whatever it held before).
fn collections(m: &Model) -> Vec<Collection> {
    let mut out: Vec<Collection> = m
        .trunk_configs
        .iter()
        .map(|(id, c)| Collection {
            identity: identity::trunk_config(m, c.scope),
            label: format!("trunk-config {}", m.config_scope_text(id)),
            scope: c.scope,
            settings: Effective::of_config(id, &c.settings),
        })
        .collect();
    if !out.iter().any(|c| c.scope == ConfigScope::Global) {
        out.insert(
            0,
            Collection {
                identity: "global".into(),
                label: "global collection (not declared: Lync's defaults)".into(),
                scope: ConfigScope::Global,
                settings: Effective::defaults(),
            },
        );
    }
    out
}

fn trunk_configurations(s: &mut Script, m: &Model, collections: &[Collection]) {
    s.section("Trunk configurations (LYNC-TRUNKS 2.5, 3): every parameter written");
    for c in collections {
        s.out.push('\n');
        s.comment(&c.label);
        if c.scope != ConfigScope::Global {
            s.create_if_missing(
                Command::new("Get-CsTrunkConfiguration").str("Identity", &c.identity),
                Command::new("New-CsTrunkConfiguration").str("Identity", &c.identity),
            );
        }
        let mut set = Command::new("Set-CsTrunkConfiguration").str("Identity", &c.identity);
        // Bypass is turned on last (7.1 step 8), but turned off first: a
        // collection that had it on would otherwise refuse settings that
        // exclude it (centralized media or REFER off, I1/I2).
        if !c.settings.media_bypass {
            set = set.bool("EnableBypass", false);
        }
        s.command(config_parameters(set, m, &c.settings));
    }
}

/// In-memory rule objects of a list.
fn rule_objects(
    cmdlet: &'static str,
    parent: &str,
    rules: &[NumberRule],
    internal_extension: bool,
) -> Vec<Command> {
    rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut c = Command::new(cmdlet)
                .str("Identity", &identity::rule(parent, &r.name.text))
                .arg("Priority", Value::Int(i as i64))
                .str("Pattern", &r.pattern.text)
                .str("Translation", &r.translation.text);
            if internal_extension {
                c = c.bool(
                    "IsInternalExtension",
                    r.internal_extension.as_ref().is_some_and(|s| s.value),
                );
            }
            c.description(&r.description)
        })
        .collect()
}

fn translation_rules(s: &mut Script, collections: &[Collection]) {
    s.section("Translation rules (LYNC-TRUNKS 2.9): each collection's lists replaced whole");
    for c in collections {
        let e = &c.settings;
        s.out.push('\n');
        s.comment(&format!(
            "{}: {} called-number, {} calling-number rule(s)",
            c.label,
            e.called_number.len(),
            e.calling_number.len()
        ));
        let called = s.objects(
            "called",
            rule_objects(
                "New-CsOutboundTranslationRule",
                &c.identity,
                &e.called_number,
                false,
            ),
        );
        let calling = s.objects(
            "calling",
            rule_objects(
                "New-CsOutboundCallingNumberTranslationRule",
                &c.identity,
                &e.calling_number,
                false,
            ),
        );
        s.command(
            Command::new("Set-CsTrunkConfiguration")
                .str("Identity", &c.identity)
                .arg("OutboundTranslationRulesList", called)
                .arg("OutboundCallingNumberTranslationRulesList", calling),
        );
    }
}

/// The `Priority` each route is deployed with, by route id: its rank in
/// topoc's order (routes with a `priority` first, lowest first; then the
/// others by name; LANGUAGE.md section 5). Routes are written in that
/// order with consecutive priorities from 0, so Lync's order is topoc's
/// whether it keeps priorities as numbers or as list positions.
pub fn deployed_priorities(m: &Model) -> Vec<i32> {
    let mut order: Vec<(Option<i32>, RouteId)> = m
        .routes
        .iter()
        .map(|(id, r)| (r.priority.as_ref().map(|p| p.value), id))
        .collect();
    // `None` after every `Some`, then by id (name order).
    order.sort_by_key(|(p, id)| (p.is_none(), *p, *id));
    let mut out = vec![0; m.routes.len()];
    for (rank, (_, id)) in order.into_iter().enumerate() {
        out[id.0 as usize] = rank as i32;
    }
    out
}

fn routes(s: &mut Script, m: &Model) {
    s.section("Voice routes (LYNC-TRUNKS 2.7)");
    if m.routes.is_empty() {
        s.comment("none declared");
        return;
    }
    let priorities = deployed_priorities(m);
    let mut order: Vec<RouteId> = m.routes.ids().collect();
    order.sort_by_key(|id| priority_of(&priorities, *id));
    for id in order {
        let r = m.routes.get(id);
        s.out.push('\n');
        let name = &r.name.text;
        s.create_if_missing(
            Command::new("Get-CsVoiceRoute").str("Identity", name),
            Command::new("New-CsVoiceRoute").str("Identity", name),
        );
        let mut c = Command::new("Set-CsVoiceRoute")
            .str("Identity", name)
            .str("NumberPattern", &r.pattern.text)
            .arg(
                "PstnUsages",
                Value::Replace(sorted(usage_names(m, r.usages.iter().map(|u| u.id)))),
            )
            .arg(
                "PstnGatewayList",
                Value::Replace(sorted(
                    r.trunks.iter().map(|t| identity::trunk(m, t.id)).collect(),
                )),
            )
            .arg(
                "Priority",
                Value::Int(i64::from(priority_of(&priorities, id))),
            )
            .bool("SuppressCallerId", r.caller_id.is_some());
        if let Some(alt) = &r.caller_id {
            c = c.str("AlternateCallerId", &alt.text);
        }
        s.command(c.description(&r.description));
    }
}

/// The unassigned number table: each range created when missing, then set
/// whole, with every range's `-Priority` stated (its rank in
/// [`Model::unassigned_in_order`]), so Lync applies them in the simulated
/// order. Announcements and Auto Attendant contacts are not created here.
fn unassigned_numbers(s: &mut Script, m: &Model) {
    s.section("Unassigned number table");
    if m.unassigned.is_empty() {
        s.comment("none declared");
        return;
    }
    s.comment("The announcements and Exchange UM Auto Attendants named here must exist already.");
    for (rank, id) in m.unassigned_in_order().into_iter().enumerate() {
        let u = m.unassigned.get(id);
        let name = identity::unassigned(u);
        let whole = |c: Command| {
            let c = c
                .str("NumberRangeStart", &u.range.value.first)
                .str("NumberRangeEnd", &u.range.value.last);
            match &u.treatment {
                Treatment::Announcement { pool, name } => c
                    .str(
                        "AnnouncementService",
                        &identity::announcement_service(m, pool.id),
                    )
                    .str("AnnouncementName", &name.value),
                Treatment::ExchangeUm(n) => c.str("ExUmAutoAttendantPhoneNumber", &n.text),
            }
        };
        s.out.push('\n');
        s.create_if_missing(
            Command::new("Get-CsUnassignedNumber").str("Identity", &name),
            whole(Command::new("New-CsUnassignedNumber").str("Identity", &name)),
        );
        s.command(
            whole(Command::new("Set-CsUnassignedNumber").str("Identity", &name))
                .arg("Priority", Value::Int(rank as i64)),
        );
    }
}

/// A set written in a fixed order (names compare without case).
pub fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
    names
}

fn priority_of(priorities: &[i32], id: RouteId) -> i32 {
    priorities[id.0 as usize]
}

fn voice_policies(s: &mut Script, m: &Model) {
    s.section("Voice policies (LYNC-TRUNKS 2.8)");
    if m.voice_policies.is_empty() {
        s.comment("none declared");
        return;
    }
    for (_, p) in m.voice_policies.iter() {
        s.out.push('\n');
        let (get, set) = identity::voice_policy(m, p);
        if p.scope != PolicyScope::Global {
            s.create_if_missing(
                Command::new("Get-CsVoicePolicy").str("Identity", &get),
                Command::new("New-CsVoicePolicy").str("Identity", &set),
            );
        }
        let mut c = Command::new("Set-CsVoicePolicy").str("Identity", &set).arg(
            "PstnUsages",
            Value::Replace(usage_names(m, p.usages.iter().map(|u| u.id))),
        );
        for flag in PolicyFlag::ALL {
            c = c.bool(flag.parameter(), p.flag(flag));
        }
        let (kind, custom) = match p.call_forwarding.as_ref().map(|s| &s.value) {
            None | Some(CallForwarding::VoicePolicy) => ("VoicePolicyUsage", Vec::new()),
            Some(CallForwarding::InternalOnly) => ("InternalOnly", Vec::new()),
            Some(CallForwarding::Custom(list)) => {
                ("CustomUsage", usage_names(m, list.iter().map(|u| u.id)))
            }
        };
        c = c.str("CallForwardingSimulRingUsageType", kind).arg(
            "CustomCallForwardingSimulRingUsages",
            Value::Replace(custom),
        );
        s.command(c.description(&p.description));
    }
}

fn dial_plans(s: &mut Script, m: &Model) {
    s.section("Dial plans and normalization rules (LYNC-TRUNKS 2.10)");
    if m.dial_plans.is_empty() {
        s.comment("none declared");
        return;
    }
    for (_, p) in m.dial_plans.iter() {
        s.out.push('\n');
        let id = identity::dial_plan(m, p);
        if p.scope != DialPlanScope::Global {
            s.create_if_missing(
                Command::new("Get-CsDialPlan").str("Identity", &id),
                Command::new("New-CsDialPlan").str("Identity", &id),
            );
        }
        // Replacing the list removes the placeholder rule a new plan gets.
        let rules = s.objects(
            "rules",
            rule_objects("New-CsVoiceNormalizationRule", &id, &p.rules, true),
        );
        let mut c = Command::new("Set-CsDialPlan")
            .str("Identity", &id)
            .description(&p.description)
            .arg(
                "ExternalAccessPrefix",
                p.external_access_prefix
                    .as_ref()
                    .map_or(Value::Null, |x| Value::Str(x.text.clone())),
            )
            .bool(
                "OptimizeDeviceDialing",
                p.optimize_device_dialing.as_ref().is_some_and(|s| s.value),
            );
        if let Some(name) = &p.simple_name {
            c = c.str("SimpleName", &name.value);
        }
        s.command(c.arg("NormalizationRules", rules));
    }
}

fn network(s: &mut Script, m: &Model) {
    s.section("Network regions, sites, subnets and bandwidth (LYNC-TRUNKS 2.11)");
    let n = &m.network;
    if n.span.is_none() {
        s.comment("no `network` block: the network configuration is left as it is");
        return;
    }
    s.comment("The whole configuration is replaced: what the sources declare is all there is.");
    let kbps = |v: &Option<Setting<u32>>| v.as_ref().map(|s| s.value.to_string());
    let region = |id: crate::model::RegionId| n.regions.get(id).name.text.as_str();
    let profile = |id: crate::model::BandwidthProfileId| n.profiles.get(id).name.text.as_str();
    let profiles = n.profiles.iter().map(|(_, p)| {
        Command::new("New-CsNetworkBandwidthPolicyProfile")
            .str("Identity", &p.name.text)
            .opt_str("AudioBWLimit", kbps(&p.audio).as_deref())
            .opt_str("AudioBWSessionLimit", kbps(&p.audio_session).as_deref())
            .opt_str("VideoBWLimit", kbps(&p.video).as_deref())
            .opt_str("VideoBWSessionLimit", kbps(&p.video_session).as_deref())
            .description(&p.description)
    });
    let profiles = s.objects("profiles", profiles.collect());
    let regions = n.regions.iter().map(|(_, r)| {
        Command::new("New-CsNetworkRegion")
            .str("Identity", &r.name.text)
            .str("CentralSite", &m.sites.get(r.central_site.id).name.text)
            .description(&r.description)
            .bypass_id(&r.bypass_id)
    });
    let regions = s.objects("regions", regions.collect());
    let links = n.region_links.iter().map(|(_, l)| {
        Command::new("New-CsNetworkRegionLink")
            .str("Identity", &l.name.text)
            .str("NetworkRegionID1", region(l.a.id))
            .str("NetworkRegionID2", region(l.b.id))
            .str("BWPolicyProfileID", profile(l.bandwidth.id))
    });
    let links = s.objects("links", links.collect());
    let region_routes = n.region_routes.iter().map(|r| {
        let (a, b) = (region(r.a.id), region(r.b.id));
        let ids: Vec<&str> = r
            .links
            .iter()
            .map(|l| n.region_links.get(l.id).name.text.as_str())
            .collect();
        Command::new("New-CsNetworkInterRegionRoute")
            .str("Identity", &identity::pair(a, b))
            .str("NetworkRegionID1", a)
            .str("NetworkRegionID2", b)
            .str("NetworkRegionLinkIDs", &ids.join(","))
    });
    let region_routes = s.objects("regionRoutes", region_routes.collect());
    let sites = n.sites.iter().map(|(_, site)| {
        Command::new("New-CsNetworkSite")
            .str("Identity", &site.name.text)
            .str("NetworkRegionID", region(site.region))
            .opt_str("BWPolicyProfileID", site.bandwidth.map(|p| profile(p.id)))
            .description(&site.description)
            .bypass_id(&site.bypass_id)
    });
    let sites = s.objects("sites", sites.collect());
    let inter_site = n.inter_sites.iter().map(|(_, p)| {
        let (a, b) = (
            &n.sites.get(p.a.id).name.text,
            &n.sites.get(p.b.id).name.text,
        );
        Command::new("New-CsNetworkInterSitePolicy")
            .str("Identity", &identity::pair(a, b))
            .str("NetworkSiteID1", a)
            .str("NetworkSiteID2", b)
            .str("BWPolicyProfileID", profile(p.bandwidth.id))
    });
    let inter_site = s.objects("interSite", inter_site.collect());
    let mut subnets = Vec::new();
    for (_, site) in n.sites.iter() {
        let mut list: Vec<crate::model::Subnet> = site.subnets.iter().map(|s| s.value).collect();
        list.sort();
        subnets.extend(list.into_iter().map(|subnet| {
            Command::new("New-CsNetworkSubnet")
                .str("Identity", &subnet.network().to_string())
                .arg("MaskBits", Value::Int(i64::from(subnet.bits)))
                .str("NetworkSiteID", &site.name.text)
        }));
    }
    let subnets = s.objects("subnets", subnets);
    s.command(
        Command::new("Set-CsNetworkConfiguration")
            .str("Identity", "global")
            .arg("BWPolicyProfiles", profiles)
            .arg("NetworkRegions", regions)
            .arg("NetworkRegionLinks", links)
            .arg("InterNetworkRegionRoutes", region_routes)
            .arg("NetworkSites", sites)
            .arg("InterNetworkSitePolicies", inter_site)
            .arg("Subnets", subnets)
            .bool(
                "EnableBandwidthPolicyCheck",
                n.call_admission_control.as_ref().is_some_and(|s| s.value),
            ),
    );
}

fn media(s: &mut Script, m: &Model) {
    s.section("Media configuration (LYNC-TRUNKS 2.12)");
    let level = match m.deployment.media_encryption {
        EncryptionLevel::Required => "RequireEncryption",
        EncryptionLevel::Supported => "SupportEncryption",
        EncryptionLevel::NotSupported => "DoNotSupportEncryption",
    };
    s.command(
        Command::new("Set-CsMediaConfiguration")
            .str("Identity", "global")
            .str("EncryptionLevel", level),
    );
}

fn bypass(s: &mut Script, m: &Model) {
    s.section("Global media bypass settings (LYNC-TRUNKS 2.11, E45): one complete object");
    if m.network.span.is_none() {
        s.comment("no `network` block: the bypass settings are left as they are");
        return;
    }
    let mode = m.network.bypass_mode();
    let enabled = mode != BypassMode::Off;
    let settings = Command::new("New-CsNetworkMediaBypassConfiguration")
        .bool("Enabled", enabled)
        .bool("AlwaysBypass", mode == BypassMode::Always)
        .bool(
            "EnableDefaultBypassID",
            m.network
                .default_bypass_for_unmapped
                .as_ref()
                .is_some_and(|s| s.value),
        )
        .str("InternalBypassMode", if enabled { "Any" } else { "Off" })
        .str("ExternalBypassMode", "Off")
        .bool("EnabledForAudioVideoConferences", false);
    let settings = s.call(&settings, "");
    s.line(&format!("$bypass = {settings}"));
    s.command(
        Command::new("Set-CsNetworkConfiguration")
            .str("Identity", "global")
            .arg("MediaBypassSettings", Value::Var("bypass")),
    );
}

fn trunk_bypass(s: &mut Script, collections: &[Collection]) {
    s.section("Media bypass on trunks (LYNC-TRUNKS 7.1 step 8: after the rest is in place)");
    let on: Vec<&Collection> = collections
        .iter()
        .filter(|c| c.settings.media_bypass)
        .collect();
    if on.is_empty() {
        s.comment("no collection turns media bypass on");
    }
    for c in on {
        s.command(
            Command::new("Set-CsTrunkConfiguration")
                .str("Identity", &c.identity)
                .bool("EnableBypass", true),
        );
    }
}

fn gateways(s: &mut Script, m: &Model) {
    s.section("Gateway settings kept outside the topology document (LYNC-TRUNKS 7.3)");
    let mut any = false;
    for (id, t) in m.trunks.iter() {
        let g = m.gateways.get(t.gateway.id);
        if let Some(ip) = &g.media_ip {
            any = true;
            s.command(
                Command::new("Set-CsPstnGateway")
                    .str("Identity", &identity::trunk(m, id))
                    .str("RepresentativeMediaIP", &ip.value.to_string()),
            );
        }
    }
    if !any {
        s.comment("no gateway declares a media-ip");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_printable_ascii_that_rebuilds_the_text() {
        assert_eq!(quote("plain"), "'plain'");
        assert_eq!(quote("O'Brien"), "'O''Brien'");
        assert_eq!(quote("$(x) `n \"y\""), "'$(x) `n \"y\"'");
        assert_eq!(quote("a\u{2019}b"), "('a' + [char]0x2019 + 'b')");
        assert_eq!(quote("\u{111}; x'"), "('' + [char]0x0111 + '; x''')");
        assert_eq!(quote("\n"), "('' + [char]0x000A)");
        assert_eq!(quote("\u{1F4DE}"), "('' + [char]0xD83D + [char]0xDCDE)");
        assert_eq!(quote(""), "''");
    }

    #[test]
    fn comments_cannot_be_ended_early() {
        assert_eq!(
            comment_text("a\nb\r\u{2028}c\u{85}\u{e9}"),
            "a<U+000A>b<U+000D><U+2028>c<U+0085><U+00E9>"
        );
    }

    #[test]
    fn long_calls_continue_one_parameter_a_line() {
        let c = Command::new("Set-CsVoiceRoute")
            .str("Identity", "R")
            .bool("SuppressCallerId", false)
            .arg("Priority", Value::Int(3))
            .str("Description", "d");
        assert_eq!(
            c.render(""),
            "Set-CsVoiceRoute -Identity 'R' `\n    -SuppressCallerId $false `\n    -Priority 3 `\n    -Description 'd'"
        );
        let short = Command::new("New-CsVoiceRoute").str("Identity", "R");
        assert_eq!(short.render("  "), "  New-CsVoiceRoute -Identity 'R'");
    }
}
