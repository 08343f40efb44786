//! `topoc lsp`: the language server (Language Server Protocol over
//! standard input and output), for VS Code, Neovim, Helix and any other
//! LSP client (issue 19). docs/editors.md tells how each is set up.
//!
//! The server works on the whole project: every `.topo` file below the
//! workspace folders, open buffers taking precedence over the disk
//! ([`project`]). The whole project is checked (parse, lower, every
//! check, golden tests, routing analysis) on a thread of its own, never on
//! the thread that answers the editor, so requests are answered at once
//! from the last check while the next one runs:
//!
//! - on open and on save at once, and 200 ms after the last keystroke;
//! - at most one check runs; edits made meanwhile start one more when it
//!   ends;
//! - a file being edited is parsed on its own at every change (a few
//!   milliseconds), so syntax errors show at once even when the whole
//!   check of a large project takes seconds.
//!
//! Positions are UTF-16 columns unless the client offers UTF-8 ([`text`]).
//! Answers to requests are computed from the last checked text; formatting
//! and completion read the buffer as it is now.

mod actions;
mod complete;
mod diagnostics;
mod hover;
mod navigate;
mod project;
mod text;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, select};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, Formatting, GotoDefinition, HoverRequest, PrepareRenameRequest,
    References, Rename, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, InitializeParams,
    OneOf, PositionEncodingKind, PublishDiagnosticsParams, RenameOptions, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Uri,
};
use serde_json::Value;

use self::project::Project;
use self::text::{Encoding, path_of, uri_of};
use super::{CliError, ExitStatus, Failure};

/// How long the server waits after a change before checking the project.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// Runs `topoc lsp` until the client says `exit` or closes the input.
pub fn run() -> Result<ExitStatus, Failure> {
    let (connection, io) = Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    // Once the session has ended, the reader or writer thread failing to
    // hand on a message the client sent or was sent as it went away
    // changes nothing.
    let ended = io.join();
    served?;
    if let Err(e) = ended
        && e.kind() != std::io::ErrorKind::Other
    {
        return Err(protocol(e));
    }
    Ok(ExitStatus::Success)
}

fn protocol(e: impl std::fmt::Display) -> Failure {
    Failure::Cli(CliError(format!("language server: {e}")))
}

fn serve(connection: &Connection) -> Result<(), Failure> {
    let (id, params) = connection.initialize_start().map_err(protocol)?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let utf8 = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
    let encoding = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let capabilities = ServerCapabilities {
        position_encoding: Some(if utf8 {
            PositionEncodingKind::UTF8
        } else {
            PositionEncodingKind::UTF16
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), "[".into()]),
            ..CompletionOptions::default()
        }),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "topoc", "version": crate::VERSION},
    });
    connection.initialize_finish(id, result).map_err(protocol)?;
    let mut server = Server::new(connection.sender.clone(), roots(&params), encoding);
    server.schedule(Duration::ZERO);
    server.main_loop(connection)
}

/// The workspace folders, else the root the client gave.
fn roots(params: &InitializeParams) -> Vec<PathBuf> {
    let mut roots: Vec<PathBuf> = params
        .workspace_folders
        .iter()
        .flatten()
        .filter_map(|f| path_of(&f.uri))
        .collect();
    #[allow(deprecated)]
    if roots.is_empty()
        && let Some(root) = params.root_uri.as_ref().and_then(path_of)
    {
        roots.push(root);
    }
    roots.iter().map(|r| project::canonical(r)).collect()
}

/// What a check run on its own thread sends back.
type Done = std::thread::Result<Project>;

/// The server's state.
struct Server {
    sender: Sender<Message>,
    roots: Vec<PathBuf>,
    encoding: Encoding,
    /// Open buffers by path.
    open: HashMap<PathBuf, String>,
    /// The last project checked.
    project: Option<Arc<Project>>,
    /// When to start the next check.
    due: Option<Instant>,
    /// A check is running.
    running: bool,
    done: (Sender<Done>, Receiver<Done>),
    /// Files with diagnostics shown, to clear when they have none.
    shown: HashSet<PathBuf>,
}

impl Server {
    fn new(sender: Sender<Message>, roots: Vec<PathBuf>, encoding: Encoding) -> Server {
        Server {
            sender,
            roots,
            encoding,
            open: HashMap::new(),
            project: None,
            due: None,
            running: false,
            done: crossbeam_channel::unbounded(),
            shown: HashSet::new(),
        }
    }

    fn main_loop(&mut self, connection: &Connection) -> Result<(), Failure> {
        loop {
            let wait = self.due.map_or(Duration::from_secs(3600), |due| {
                due.saturating_duration_since(Instant::now())
            });
            select! {
                recv(connection.receiver) -> message => {
                    let Ok(message) = message else { return Ok(()) };
                    match message {
                        Message::Request(req) => {
                            match connection.handle_shutdown(&req) {
                                Ok(true) => return Ok(()),
                                Ok(false) => self.request(req),
                                // The input closed after `shutdown` without
                                // `exit`: the client is gone, as it asked.
                                Err(_) if req.method == "shutdown" => return Ok(()),
                                Err(e) => return Err(protocol(e)),
                            }
                        }
                        Message::Notification(n) => self.notification(n),
                        Message::Response(_) => {}
                    }
                }
                recv(self.done.1) -> done => {
                    if let Ok(done) = done {
                        self.checked(done);
                    }
                }
                default(wait) => {}
            }
            if !self.running && self.due.is_some_and(|due| due <= Instant::now()) {
                self.start();
            }
        }
    }

    /// Checks the project `after` from now (or when the running check ends).
    fn schedule(&mut self, after: Duration) {
        let at = Instant::now() + after;
        self.due = Some(match self.due {
            Some(due) if after.is_zero() => due.min(at),
            _ => at,
        });
    }

    fn start(&mut self) {
        self.due = None;
        self.running = true;
        let (roots, open, tx) = (self.roots.clone(), self.open.clone(), self.done.0.clone());
        let started = std::thread::Builder::new()
            .name("topoc-check".into())
            .spawn(move || {
                let result = std::panic::catch_unwind(|| Project::load(&roots, &open));
                let _ = tx.send(result);
            });
        if started.is_err() {
            // No thread to spare: check here, the editor waiting meanwhile.
            let result = std::panic::catch_unwind(|| Project::load(&self.roots, &self.open));
            let _ = self.done.0.send(result);
        }
    }

    fn checked(&mut self, done: Done) {
        self.running = false;
        match done {
            Ok(project) => {
                for problem in &project.problems {
                    self.log(problem);
                }
                let project = Arc::new(project);
                self.publish(&project);
                self.project = Some(project);
            }
            Err(_) => self.log("topoc failed while checking the project (a bug: please report it)"),
        }
    }

    /// Sends every file's diagnostics, and clears those of files that have
    /// none now.
    fn publish(&mut self, project: &Project) {
        let mut now = HashSet::new();
        for (file, list) in diagnostics::by_file(project, self.encoding) {
            let path = project.path(file).to_path_buf();
            self.send_diagnostics(uri_of(&path), list);
            now.insert(path);
        }
        for gone in self.shown.difference(&now) {
            self.send_diagnostics(uri_of(gone), Vec::new());
        }
        self.shown = now;
    }

    fn send_diagnostics(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.notify(PublishDiagnostics::METHOD, params);
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        let params = serde_json::to_value(params).unwrap_or(Value::Null);
        let _ = self.sender.send(Message::Notification(Notification::new(
            method.into(),
            params,
        )));
    }

    fn log(&self, message: &str) {
        self.notify(
            "window/logMessage",
            serde_json::json!({"type": 2, "message": format!("topoc: {message}")}),
        );
    }

    fn notification(&mut self, n: Notification) {
        let path = |params: &Value| {
            params
                .pointer("/textDocument/uri")
                .and_then(|u| serde_json::from_value::<Uri>(u.clone()).ok())
                .as_ref()
                .and_then(path_of)
                .map(|p| project::canonical(&p))
        };
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let (Some(p), Some(text)) = (
                    path(&n.params),
                    n.params
                        .pointer("/textDocument/text")
                        .and_then(Value::as_str),
                ) {
                    self.open.insert(p, text.to_string());
                    self.schedule(Duration::ZERO);
                }
            }
            DidChangeTextDocument::METHOD => {
                // Full synchronisation: the last change holds the whole text.
                let text = n
                    .params
                    .pointer("/contentChanges")
                    .and_then(Value::as_array)
                    .and_then(|c| c.last())
                    .and_then(|c| c.get("text"))
                    .and_then(Value::as_str);
                if let (Some(p), Some(text)) = (path(&n.params), text) {
                    self.syntax_now(&p, text);
                    self.open.insert(p, text.to_string());
                    self.schedule(DEBOUNCE);
                }
            }
            DidSaveTextDocument::METHOD => self.schedule(Duration::ZERO),
            DidCloseTextDocument::METHOD => {
                if let Some(p) = path(&n.params) {
                    self.open.remove(&p);
                    self.schedule(Duration::ZERO);
                }
            }
            DidChangeWatchedFiles::METHOD => self.schedule(DEBOUNCE),
            _ => {}
        }
    }

    /// Shows the syntax errors of a buffer at once, before the whole
    /// project is checked again.
    fn syntax_now(&mut self, path: &std::path::Path, text: &str) {
        let list = diagnostics::syntax(text, self.encoding);
        if !list.is_empty() {
            self.shown.insert(path.to_path_buf());
            self.send_diagnostics(uri_of(path), list);
        }
    }

    fn request(&mut self, req: Request) {
        let Request { id, method, params } = req;
        let project = self.project.clone();
        let at = |params: &Value| -> Option<(Arc<Project>, crate::source::FileId, usize)> {
            let p = project.clone()?;
            let path = path_of(
                &serde_json::from_value::<Uri>(params.pointer("/textDocument/uri")?.clone())
                    .ok()?,
            )?;
            let file = p.file(&project::canonical(&path))?;
            let pos: lsp_types::Position =
                serde_json::from_value(params.get("position")?.clone()).ok()?;
            let offset = text::Lines::new(p.sources.get(file).text(), self.encoding).offset(pos);
            Some((p, file, offset))
        };
        let result: Result<Value, (ErrorCode, String)> = match method.as_str() {
            GotoDefinition::METHOD => Ok(at(&params)
                .and_then(|(p, f, o)| navigate::definition(&p, f, o, self.encoding))
                .map_or(Value::Null, json)),
            References::METHOD => {
                let with_declaration = params
                    .pointer("/context/includeDeclaration")
                    .and_then(Value::as_bool)
                    .unwrap_or(true);
                Ok(at(&params)
                    .map(|(p, f, o)| {
                        json(navigate::references(
                            &p,
                            f,
                            o,
                            with_declaration,
                            self.encoding,
                        ))
                    })
                    .unwrap_or(Value::Null))
            }
            PrepareRenameRequest::METHOD => Ok(at(&params)
                .and_then(|(p, f, o)| navigate::prepare_rename(&p, f, o, self.encoding))
                .map_or(Value::Null, json)),
            Rename::METHOD => {
                let new_name = params.get("newName").and_then(Value::as_str).unwrap_or("");
                match at(&params) {
                    Some((p, f, o)) => navigate::rename(&p, f, o, new_name, self.encoding)
                        .map(json)
                        .map_err(|e| (ErrorCode::InvalidParams, e)),
                    None => Ok(Value::Null),
                }
            }
            HoverRequest::METHOD => Ok(at(&params)
                .and_then(|(p, f, o)| hover::hover(&p, f, o, self.encoding))
                .map_or(Value::Null, json)),
            Completion::METHOD => Ok(self
                .buffer_at(&params)
                .map_or(Value::Null, |(text, offset)| {
                    json(complete::complete(self.project.as_deref(), &text, offset))
                })),
            Formatting::METHOD => Ok(self.buffer(&params).map_or(Value::Null, |(_, text)| {
                json(actions::format(&text, self.encoding))
            })),
            CodeActionRequest::METHOD => {
                Ok(self.buffer(&params).map_or(Value::Null, |(uri, text)| {
                    json(actions::code_actions(&uri, &text, &params, self.encoding))
                }))
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("topoc does not answer `{method}`"),
            )),
        };
        let response = match result {
            Ok(v) => Response::new_ok(id, v),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        let _ = self.sender.send(Message::Response(response));
    }

    /// The URI and current text of the request's document (the open
    /// buffer, else the file of the last check).
    fn buffer(&self, params: &Value) -> Option<(Uri, String)> {
        let uri: Uri = serde_json::from_value(params.pointer("/textDocument/uri")?.clone()).ok()?;
        let path = project::canonical(&path_of(&uri)?);
        if let Some(text) = self.open.get(&path) {
            return Some((uri, text.clone()));
        }
        let p = self.project.as_ref()?;
        let file = p.file(&path)?;
        Some((uri, p.sources.get(file).text().to_string()))
    }

    /// The current text of the request's document and the byte offset of
    /// its position.
    fn buffer_at(&self, params: &Value) -> Option<(String, usize)> {
        let (_, text) = self.buffer(params)?;
        let pos: lsp_types::Position =
            serde_json::from_value(params.get("position")?.clone()).ok()?;
        let offset = text::Lines::new(&text, self.encoding).offset(pos);
        Some((text, offset))
    }
}

fn json(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}
