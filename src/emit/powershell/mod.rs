//! `deploy.ps1`: the Lync Server Management Shell script for everything
//! that is not topology, in the dependency order of LYNC-TRUNKS 7.2 and the
//! emission order of 7.3.
//!
//! | section | cmdlets | how it stays idempotent |
//! |---|---|---|
//! | preflight | `Get-CsService`, `Get-CsSite`, `Get-CsTrunk` | read-only: stops before any change when a Registrar pool, site or trunk the script names does not exist |
//! | PSTN usages | `Set-CsPstnUsage` | adds a usage only when the global list lacks it |
//! | trunk configurations | `New-`/`Set-CsTrunkConfiguration` | declared collections only (an undeclared global one is left as it is, A14); scopes other than global created when missing, then every parameter set |
//! | translation rules | `New-CsOutbound(CallingNumber)TranslationRule -InMemory` | the collection's rule lists are replaced whole |
//! | voice routes, voice policies | `New-`/`Set-CsVoiceRoute`, `New-`/`Set-CsVoicePolicy` | created when missing, then every parameter set |
//! | dial plans | `New-`/`Set-CsDialPlan`, `New-CsVoiceNormalizationRule -InMemory` | the rule list is replaced whole, which also removes the placeholder rule a new plan gets |
//! | network | `Get-`/`New-`/`Set-CsNetwork*` per object | each declared object created when missing, then set; bypass IDs kept (only when the sources have a `network` block; nothing undeclared is touched) |
//! | media, bypass | `Set-CsMediaConfiguration`; `Get-CsNetworkConfiguration` then `Set-CsNetworkConfiguration -MediaBypassSettings` | the encryption level only when declared; the live bypass settings changed in what the sources say and set whole (E45), keeping their bypass ID |
//! | gateways, then trunk bypass | `Set-CsPstnGateway -RepresentativeMediaIP`, `Set-CsTrunkConfiguration -EnableBypass` | set |
//!
//! This file holds quoting, the command writer, the header and the order
//! of the sections; each section is written by the file named after it.
//! `verify.ps1`, the golden tests as read-only checks on the live system,
//! is written with the same writer and quoting ([`emit_verify`]).
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

mod dial_plans;
mod gateways;
mod live;
mod media;
mod media_bypass;
mod network;
mod preflight;
mod routes;
mod translation_rules;
mod trunk_bypass;
mod trunk_configurations;
mod unassigned_numbers;
mod usages;
mod verify;
mod voice_policies;

use dial_plans::dial_plans;
use gateways::gateways;
use media::media;
use media_bypass::bypass;
use network::network;
use preflight::preflight;
pub use routes::deployed_priorities;
use routes::routes;
use translation_rules::{rule_objects, translation_rules};
use trunk_bypass::trunk_bypass;
use trunk_configurations::{Collection, collections, location_routing, trunk_configurations};
use unassigned_numbers::unassigned_numbers;
pub(crate) use usages::usage_names;
use usages::usages;
pub use verify::{emit_verify, verify_with_commands};
use voice_policies::voice_policies;

use std::fmt::Write;

use super::Input;
use crate::assume;
use crate::model::identity;
use crate::model::{
    BypassMode, CallForwarding, ConfigScope, DialPlanScope, Effective, EncryptionLevel, IdVec,
    Model, NumberRule, PolicyFlag, PolicyScope, Product, RouteId, Setting, SrtpMode, Treatment,
    UsageId,
};
use crate::snapshot::{self as snap, Arg, Call};

/// `text` as a PowerShell string expression that nothing can escape and
/// whose bytes are printable ASCII: `'it''s'` when the text is printable
/// ASCII; otherwise its printable ASCII runs as such literals and every
/// other UTF-16 code unit as `[char]0xHHHH`, joined with `+` in parentheses
/// after a leading literal (so `+` concatenates strings, never adds
/// characters as numbers): `('Z' + [char]0x00FC + 'rich')`.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    quote_into(&mut out, text);
    out
}

/// [`quote`], appended to `out`.
fn quote_into(out: &mut String, text: &str) {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        out.push('\'');
        for piece in text.split_inclusive('\'') {
            out.push_str(piece);
            if piece.ends_with('\'') {
                out.push('\'');
            }
        }
        out.push('\'');
        return;
    }
    let printable = |u: u16| (0x20..0x7f).contains(&u);
    // Opens the parenthesis before the first part, joins the others.
    fn part(out: &mut String, parts: &mut usize) {
        out.push_str(if *parts == 0 { "(" } else { " + " });
        *parts += 1;
    }
    let mut parts = 0;
    let mut run = String::new();
    for unit in text.encode_utf16() {
        if printable(unit) {
            if unit == u16::from(b'\'') {
                run.push('\'');
            }
            run.push(char::from(unit as u8));
        } else {
            if !run.is_empty() || parts == 0 {
                part(out, &mut parts);
                let _ = write!(out, "'{run}'");
                run.clear();
            }
            part(out, &mut parts);
            let _ = write!(out, "[char]0x{unit:04X}");
        }
    }
    if !run.is_empty() {
        part(out, &mut parts);
        let _ = write!(out, "'{run}'");
    }
    out.push(')');
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
pub(crate) enum Value {
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
    /// `-Param:$name`: a switch given the value of a variable.
    SwitchVar(&'static str),
}

impl Value {
    /// The argument's text, appended to `out`.
    fn write(&self, out: &mut String) {
        match self {
            Value::Str(s) => quote_into(out, s),
            Value::Bool(b) => out.push_str(if *b { "$true" } else { "$false" }),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Switch => {}
            // No documented form empties a list; `$null` is what the
            // cmdlet reference uses for list parameters.
            Value::Replace(items) if items.is_empty() => out.push_str("$null"),
            Value::Replace(items) => {
                out.push_str("@{Replace = ");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    quote_into(out, item);
                }
                out.push('}');
            }
            Value::Add(item) => {
                out.push_str("@{Add = ");
                quote_into(out, item);
                out.push('}');
            }
            Value::ReplaceWith(var) => {
                let _ = write!(out, "@{{Replace = ${var}}}");
            }
            Value::Var(var) | Value::SwitchVar(var) => {
                out.push('$');
                out.push_str(var);
            }
            Value::Null => out.push_str("$null"),
        }
    }
}

/// One cmdlet call.
#[derive(Clone, Debug)]
pub(crate) struct Command {
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

    /// `-Description`, empty when none is written: for rules, whose lists
    /// are replaced whole.
    fn description(self, d: &Option<Setting<String>>) -> Command {
        self.str("Description", d.as_ref().map_or("", |d| d.value.as_str()))
    }

    /// `-Description` when one is written; else the live one is left alone.
    fn declared_description(self, d: &Option<Setting<String>>) -> Command {
        match d {
            Some(d) => self.str("Description", &d.value),
            None => self,
        }
    }

    /// A declared `-BypassID`, with `-Force` (supplying one prompts otherwise).
    fn bypass_id(self, id: &Option<Setting<String>>) -> Command {
        match id {
            Some(id) => self.str("BypassID", &id.value).arg("Force", Value::Switch),
            None => self,
        }
    }

    /// `-Param value`, appended to `out`.
    fn write_param(out: &mut String, param: &str, value: &Value) {
        out.push('-');
        out.push_str(param);
        match value {
            Value::Switch => {}
            Value::SwitchVar(_) => {
                out.push(':');
                value.write(out);
            }
            _ => {
                out.push(' ');
                value.write(out);
            }
        }
    }

    /// The call on one line, appended to `out`.
    fn write_line(&self, out: &mut String, indent: &str) {
        out.push_str(indent);
        out.push_str(self.name);
        out.push(' ');
        for (i, (p, v)) in self.params.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            Command::write_param(out, p, v);
        }
    }

    /// The call on one line.
    fn render_line(&self, indent: &str) -> String {
        let mut out = String::new();
        self.write_line(&mut out, indent);
        out
    }

    /// The call, at `indent`, appended to `out`: on one line when short,
    /// else one parameter per continued line.
    fn write(&self, out: &mut String, indent: &str) {
        let start = out.len();
        if self.params.len() <= 3 {
            self.write_line(out, indent);
            if out.len() - start <= 100 && !out[start..].contains('\n') {
                let kept = out[start..].trim_end().len();
                out.truncate(start + kept);
                return;
            }
            out.truncate(start);
        }
        out.push_str(indent);
        out.push_str(self.name);
        for (i, (p, v)) in self.params.iter().enumerate() {
            if i == 0 {
                out.push(' ');
            } else {
                out.push_str(" `\n");
                out.push_str(indent);
                out.push_str("    ");
            }
            Command::write_param(out, p, v);
        }
    }

    /// [`Command::write`] into a string of its own.
    fn render(&self, indent: &str) -> String {
        let mut out = String::new();
        self.write(&mut out, indent);
        out
    }
}

/// A command that changes the live system, as written and as a call on a
/// snapshot, with the in-memory objects and variables its arguments name.
#[derive(Clone, Debug)]
pub(crate) struct Recorded {
    pub command: Command,
    pub call: Call,
    /// `$var = @(...)` lists its `@{Replace = $var}` arguments name.
    pub objects: Vec<(&'static str, Vec<Command>)>,
    /// A `$var` read from the live system and changed in some fields.
    pub merge: Option<Merge>,
    /// Written after the gateways' settings (trunk bypass): it must not
    /// run before them.
    pub after_gateways: bool,
}

/// `$var = (<get>).<property>`, then `$var.<field> = <value>` for each field.
#[derive(Clone, Debug)]
pub(crate) struct Merge {
    pub var: &'static str,
    pub get: Command,
    pub property: &'static str,
    pub fields: Vec<(&'static str, Value)>,
}

/// The script being written, and the name of every command in it, in
/// order (the command list a reader of the script must find, no more).
struct Script {
    out: String,
    commands: Vec<&'static str>,
    /// What is kept of each change.
    keep: Keep,
    /// Every changing command, in order ([`Keep::Commands`]).
    recorded: Vec<Recorded>,
    /// Every change as a call on a snapshot, in order ([`Keep::Calls`]).
    calls: Vec<Call>,
    /// The object each change makes or changes, in order
    /// ([`Keep::Targets`]).
    targets: Vec<snap::apply::Effect>,
    /// The in-memory objects last put in each `$var`.
    vars: Vec<(&'static str, Vec<Command>)>,
    /// The live objects last read into each `$var` and changed.
    merges: Vec<Merge>,
    /// The gateways' settings have been written.
    after_gateways: bool,
    /// In-memory objects are made with `-WhatIf:$false`: the live script
    /// takes `-WhatIf`, and a rule made only in memory changes nothing.
    in_memory_what_if_off: bool,
    /// The text is written; without it only the commands and their
    /// effects are recorded (`calls`: `topoc diff` and `plan` need no
    /// text, and rendering is most of the work).
    text: bool,
}

impl Script {
    fn new(keep: Keep) -> Script {
        Script {
            out: BOM.to_string(),
            commands: Vec::new(),
            keep,
            recorded: Vec::new(),
            calls: Vec::new(),
            targets: Vec::new(),
            vars: Vec::new(),
            merges: Vec::new(),
            after_gateways: false,
            in_memory_what_if_off: false,
            text: true,
        }
    }

    /// A command's text, recorded in the command list (and, when it
    /// changes the live system, with its effect).
    fn call(&mut self, c: &Command, indent: &str) -> String {
        self.commands.push(c.name);
        let text = if self.text {
            c.render(indent)
        } else {
            String::new()
        };
        if self.records(c) {
            self.record(c.clone());
        }
        text
    }

    /// A command on lines of its own at `indent`, recorded as
    /// [`Script::call`] records it.
    fn call_lines(&mut self, c: Command, indent: &str) {
        self.commands.push(c.name);
        if self.text {
            c.write(&mut self.out, indent);
            self.out.push('\n');
        }
        self.record(c);
    }

    /// A command's text on one line, for use inside an expression,
    /// recorded as [`Script::call`] records it.
    fn call_line(&mut self, c: &Command) -> String {
        self.commands.push(c.name);
        let text = if self.text {
            c.render_line("")
        } else {
            String::new()
        };
        if self.records(c) {
            self.record(c.clone());
        }
        text
    }

    /// Whether a command is a change this script keeps something of.
    fn records(&self, c: &Command) -> bool {
        self.keep != Keep::Nothing && changes(c)
    }

    /// Records a `New-`, `Set-` or `Remove-` command that is not made
    /// `-InMemory`: every `New-` this script writes is guarded by a `Get-`.
    fn record(&mut self, c: Command) {
        if !self.records(&c) {
            return;
        }
        let mut call = Call::new(c.name);
        call.if_missing = c.name.starts_with("New-");
        if self.keep == Keep::Targets {
            for (p, v) in c.params {
                if let (true, Value::Str(t)) = (snap::apply::TARGET_PARAMS.contains(&p), v) {
                    call.args.push((p, Arg::Value(snap::Value::Text(t))));
                }
            }
            if let Ok(target) = snap::apply::target(&call) {
                self.targets.push(target);
            }
            return;
        }
        let command = (self.keep == Keep::Commands).then(|| c.clone());
        call.args.reserve_exact(c.params.len());
        let mut objects = Vec::new();
        let mut merge = None;
        for (p, v) in c.params {
            let arg = match v {
                Value::Switch | Value::SwitchVar(_) => continue,
                _ if matches!(p, "ErrorAction" | "Force" | "WhatIf") => continue,
                Value::ReplaceWith(var) => {
                    let list = self.var(var);
                    let arg = Arg::Value(snap::Value::List(
                        list.iter()
                            .map(|o| snap::Value::Object(in_memory(o)))
                            .collect(),
                    ));
                    if command.is_some() {
                        objects.push((var, list.to_vec()));
                    }
                    arg
                }
                Value::Var(var) => {
                    let m = self
                        .merges
                        .iter()
                        .rev()
                        .find(|m| m.var == var)
                        .expect("a variable is written before it is passed")
                        .clone();
                    let fields = m
                        .fields
                        .iter()
                        .map(|(f, v)| (f.to_string(), snap_value(v.clone())))
                        .collect();
                    merge = Some(m);
                    Arg::Merge(fields)
                }
                Value::Add(item) => Arg::Add(vec![snap::Value::Text(item)]),
                other => Arg::Value(snap_value(other)),
            };
            call.args.push((p, arg));
        }
        if let Some(command) = command {
            self.recorded.push(Recorded {
                command,
                call,
                objects,
                merge,
                after_gateways: self.after_gateways,
            });
        } else {
            self.calls.push(call);
        }
    }

    /// The in-memory objects last put in `$var`.
    fn var(&self, var: &str) -> &[Command] {
        self.vars
            .iter()
            .find(|(v, _)| *v == var)
            .map_or(&[], |(_, list)| list.as_slice())
    }

    /// `$var = (<get>).<property>` and its fields changed: the live object
    /// a later `Set-` passes back whole.
    fn merge(&mut self, m: Merge) {
        let get = self.call(&m.get, "");
        if self.text {
            self.line(&format!("${} = ({get}).{}", m.var, m.property));
            for (field, value) in &m.fields {
                let _ = write!(self.out, "${}.{field} = ", m.var);
                value.write(&mut self.out);
                self.out.push('\n');
            }
        }
        self.merges.push(m);
    }

    fn line(&mut self, text: &str) {
        if self.text {
            self.out.push_str(text);
            self.out.push('\n');
        }
    }

    fn comment(&mut self, text: &str) {
        if self.text {
            self.line(&format!("# {}", comment_text(text)));
        }
    }

    fn section(&mut self, title: &str) {
        if self.text {
            self.out.push('\n');
            self.line(&format!("# {} {}", "-".repeat(4), title));
        }
    }

    fn command(&mut self, c: Command) {
        self.call_lines(c, "");
    }

    /// `New-` the object when `Get-` does not find it.
    fn create_if_missing(&mut self, get: Command, new: Command) {
        let get = get.arg("ErrorAction", Value::Str("SilentlyContinue".into()));
        self.commands.push(get.name);
        if self.text {
            self.out.push_str("if (-not (");
            get.write_line(&mut self.out, "");
            self.out.push_str(")) {\n");
        }
        self.call_lines(new, "    ");
        self.line("}");
    }

    /// `New-` the object when `Get-` does not find it, then `Set-` it.
    fn upsert(&mut self, get: Command, new: Command, set: Command) {
        self.create_if_missing(get, new);
        self.command(set);
    }

    /// `$var = @( ...objects... )`, each made `-InMemory`, and the list
    /// argument that puts exactly them in place: `@{Replace = $var}`, or
    /// `$null` for none.
    fn objects(&mut self, var: &'static str, commands: Vec<Command>) -> Value {
        if commands.is_empty() {
            return Value::Null;
        }
        self.line(&format!("${var} = @("));
        for c in &commands {
            // Made `-InMemory`, it changes nothing: only its name and,
            // when the text is written, its text are kept.
            self.commands.push(c.name);
            if self.text {
                let mut c = c.clone().arg("InMemory", Value::Switch);
                if self.in_memory_what_if_off {
                    c = c.arg("WhatIf", Value::SwitchVar("false"));
                }
                c.write(&mut self.out, "    ");
                self.out.push('\n');
            }
        }
        self.line(")");
        // Only the list last put in a `$var` is read.
        match self.vars.iter_mut().find(|(v, _)| *v == var) {
            Some(slot) => slot.1 = commands,
            None => self.vars.push((var, commands)),
        }
        Value::ReplaceWith(var)
    }
}

/// Whether a command changes the live system: a `New-`, `Set-` or
/// `Remove-` not made `-InMemory`.
fn changes(c: &Command) -> bool {
    ["New-", "Set-", "Remove-"]
        .iter()
        .any(|v| c.name.starts_with(v))
        && !c.params.iter().any(|(p, _)| *p == "InMemory")
}

/// What a script keeps of each change it makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Keep {
    /// Nothing: only its text is wanted (`verify.ps1`, a live plan's
    /// script, whose changes were planned before).
    Nothing,
    /// The call on a snapshot (`topoc diff`).
    Calls,
    /// The command and its call (a plan against a live deployment).
    Commands,
    /// The object it changes (`owned.json`).
    Targets,
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
    let s = script(input, hash);
    (s.out, s.commands)
}

/// `deploy.ps1` for a live deployment: exactly `plan`, made against
/// `snapshot`, after a preflight that stops when the live system differs
/// from it.
pub fn emit_live(
    input: &Input<'_>,
    hash: &str,
    snapshot: &crate::snapshot::Snapshot,
    plan: &crate::emit::plan::Plan,
) -> String {
    live::live(input, hash, snapshot, plan).out
}

/// [`emit`], with the object each change the script makes changes, in
/// order (`owned.json` lists them).
pub fn emit_with_targets(input: &Input<'_>, hash: &str) -> (String, Vec<snap::apply::Effect>) {
    let s = script_as(input, hash, true, Keep::Targets);
    (s.out, s.targets)
}

/// The objects `deploy.ps1` changes, in order of its changes.
pub fn targets(input: &Input<'_>) -> Vec<snap::apply::Effect> {
    script_as(input, "", false, Keep::Targets).targets
}

/// Every change `deploy.ps1` makes, in order, as calls on a snapshot.
pub fn calls(input: &Input<'_>) -> Vec<Call> {
    script_as(input, "", false, Keep::Calls).calls
}

/// Every changing command of `deploy.ps1`, in order (no text written).
pub(crate) fn recorded(input: &Input<'_>) -> Vec<Recorded> {
    script_as(input, "", false, Keep::Commands).recorded
}

/// The whole script (keeping of its changes the least there is to keep).
fn script(input: &Input<'_>, hash: &str) -> Script {
    script_as(input, hash, true, Keep::Targets)
}

/// The script, its text only when `text`, keeping `keep` of each change.
fn script_as(input: &Input<'_>, hash: &str, text: bool, keep: Keep) -> Script {
    let m = input.model;
    let mut s = Script::new(keep);
    s.text = text;
    header(&mut s, input, hash, ABOUT);
    s.line(&format!(
        "if ($WhatIfPreference) {{ throw {} }}",
        quote("Nothing was changed: this script creates objects that later commands change, which -WhatIf cannot show. Build with --live against a snapshot (docs/snapshot.md) and run that script with -WhatIf.")
    ));
    preflight(&mut s, m);
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
    // A gateway's representative media IP is where bypassed media goes:
    // it is set before bypass is turned on for its trunks.
    gateways(&mut s, m);
    s.after_gateways = true;
    trunk_bypass(&mut s, &collections);
    debug_assert!(
        s.out[BOM.len_utf8()..]
            .bytes()
            .all(|b| b == b'\n' || (0x20..0x7f).contains(&b))
    );
    s
}

/// A command's argument as a snapshot value: a switch or number as Lync
/// prints it.
fn snap_value(v: Value) -> snap::Value {
    match v {
        Value::Str(t) => snap::Value::Text(t),
        Value::Bool(b) => snap::Value::bool(b),
        Value::Int(i) => snap::Value::text(i.to_string()),
        Value::Replace(items) if items.is_empty() => snap::Value::Null,
        Value::Replace(items) => {
            snap::Value::List(items.into_iter().map(snap::Value::Text).collect())
        }
        Value::Add(item) => snap::Value::List(vec![snap::Value::Text(item)]),
        Value::Null
        | Value::Switch
        | Value::SwitchVar(_)
        | Value::ReplaceWith(_)
        | Value::Var(_) => snap::Value::Null,
    }
}

/// An in-memory rule as the list holds it: its name (the last part of its
/// identity) and properties; its priority is its place in the list.
fn in_memory(c: &Command) -> snap::Props {
    let mut call = Call::new(c.name);
    for (p, v) in &c.params {
        if !matches!(*p, "Priority" | "InMemory") {
            call.args.push((p, Arg::Value(snap_value(v.clone()))));
        }
    }
    call.object()
}

fn product_name(p: Product) -> &'static str {
    match p {
        Product::Lync2013 => "Lync Server 2013",
        Product::Sfb2015 => "Skype for Business Server 2015",
    }
}

fn header(s: &mut Script, input: &Input<'_>, hash: &str, about: &[&str]) {
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
    for line in about {
        s.comment(line);
    }
    s.line("#");
    s.comment("Where the cmdlet reference is silent (docs/assumptions.md):");
    let mut assumed = vec![&assume::EMPTY_LIST_IS_NULL, &assume::ROUTE_TRUNK_IDENTITY];
    if input.model.network.span.is_some() {
        assumed.push(&assume::DERIVED_BYPASS_IDS);
    }
    for a in assumed {
        s.comment(&format!("assumed ({}): {}", a.id, a.text));
    }
    s.out.push('\n');
    // `-WhatIf` sets $WhatIfPreference, which every changing command is given.
    s.line("[CmdletBinding(SupportsShouldProcess = $true)]");
    s.line("param()");
    s.line("$ErrorActionPreference = 'Stop'");
}

/// What the whole script does, for its header.
const ABOUT: &[&str] = &[
    "Run in the Lync Server Management Shell as a member of RTCUniversalServerAdmins (or",
    "CsVoiceAdministrator), after publishing topology.xml and doing every step of",
    "topology-steps.md: routes and trunk configurations name trunks that must exist.",
    "Safe to run again: each object is created when missing, then set to exactly what",
    "the sources say. It never removes an object the sources do not mention, and it",
    "leaves users, topology and the network configuration (without a `network` block) alone.",
];

/// A set written in a fixed order (names compare without case).
pub fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
    names
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
