// VS Code client for the topoc language server.
//
// Highlighting comes from the TextMate grammar alone; everything that needs the
// compiler (diagnostics and whatever else the server offers) comes from
// `topoc lsp`, which this file starts over stdio for `.topo` documents. Plain
// JavaScript on purpose: packaging needs `npm ci` and `vsce`, no build step.
'use strict';

const { execFile } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** The running client, or undefined while stopped. */
let client;

/** Start and stop calls, chained so that two restarts never overlap. */
let queue = Promise.resolve();

/** One output channel for every client, so a restart keeps the log. */
let output;

/** Watches `.topo` files for the server: it checks whole projects, open or not. */
let watcher;

/**
 * The executable from `topoc.path`, with a leading `~` expanded; a bare name is
 * left for the operating system to find on PATH.
 */
function topocPath() {
    const configured = vscode.workspace.getConfiguration('topoc').get('path', 'topoc').trim() || 'topoc';
    if (configured === '~' || configured.startsWith('~/') || configured.startsWith('~\\')) {
        return path.join(os.homedir(), configured.slice(1));
    }
    return configured;
}

/**
 * Where `command` would be run from: itself when it names a path (relative to
 * the first workspace folder, the server's working directory), else the first
 * match on PATH; undefined when there is none, so the user gets one clear
 * message instead of a spawn error.
 */
function findExecutable(command) {
    const isFile = (file) => {
        try {
            return fs.statSync(file).isFile();
        } catch {
            return false;
        }
    };
    if (command.includes('/') || command.includes('\\')) {
        const folder = vscode.workspace.workspaceFolders?.[0];
        const base = folder && folder.uri.scheme === 'file' ? folder.uri.fsPath : process.cwd();
        const file = path.resolve(base, command);
        return isFile(file) ? file : undefined;
    }
    // On Windows only an .exe can be spawned without a shell.
    const extensions = process.platform === 'win32' && !/\.exe$/i.test(command) ? ['.exe'] : [''];
    for (const dir of (process.env.PATH || '').split(path.delimiter)) {
        for (const ext of extensions) {
            const file = path.join(dir, command + ext);
            if (dir && isFile(file)) {
                return file;
            }
        }
    }
    return undefined;
}

/**
 * Whether `command` has the `lsp` subcommand: `topoc lsp --help` succeeds only
 * then. An older topoc would otherwise exit at once and the client would
 * report a broken connection several times over. Resolves to undefined when
 * it does, else to what the executable said.
 */
function probeLsp(command) {
    return new Promise((resolve) => {
        const child = execFile(command, ['lsp', '--help'], { timeout: 10000 }, (err, _stdout, stderr) => {
            if (!err) {
                resolve(undefined);
                return;
            }
            const said = String(stderr).trim() || err.message;
            resolve(said.split(/\r?\n/)[0]);
        });
        // End of input, so that a server which ignores `--help` exits too.
        child.stdin.end();
    });
}

/**
 * Shows an error with a button to the `topoc.path` setting. Not awaited by
 * callers: the notification stays until dismissed, and restarts must not wait.
 */
function showSetupError(message) {
    output.appendLine(message);
    vscode.window.showErrorMessage(message, 'Open Settings').then((choice) => {
        if (choice === 'Open Settings') {
            vscode.commands.executeCommand('workbench.action.openSettings', 'topoc.path');
        }
    });
}

/** Creates and starts a client for the current settings. */
async function start() {
    const configured = topocPath();
    const command = findExecutable(configured);
    if (command === undefined) {
        showSetupError(
            `The topoc executable \`${configured}\` was not found, so .topo files get highlighting only. ` +
                'Install topoc on PATH or set `topoc.path`.',
        );
        return;
    }
    const refused = await probeLsp(command);
    if (refused !== undefined) {
        showSetupError(
            `\`${command} lsp\` does not run (${refused}), so .topo files get highlighting only. ` +
                'Install a topoc with the language server or set `topoc.path`.',
        );
        return;
    }
    // No `transport` on purpose: with TransportKind.stdio the library would
    // append `--stdio` to the arguments, and the server is plain `topoc lsp`.
    const serverOptions = { command, args: ['lsp'] };
    const clientOptions = {
        documentSelector: [
            { scheme: 'file', language: 'topo' },
            { scheme: 'untitled', language: 'topo' },
        ],
        synchronize: { fileEvents: watcher },
        outputChannel: output,
    };
    // The id `topoc` makes the library read `topoc.trace.server` by itself.
    const next = new LanguageClient('topoc', 'topoc', serverOptions, clientOptions);
    client = next;
    try {
        await next.start();
    } catch {
        // The library has already reported the failure, with the server's
        // standard error in the output channel.
        client = undefined;
        await next.dispose().catch(() => {});
    }
}

/** Stops the running client, if any, and waits for the server to exit. */
async function stop() {
    const current = client;
    client = undefined;
    if (current !== undefined) {
        // A client whose server never started or gave up cannot be stopped;
        // disposing it still releases what it holds.
        await current.dispose().catch((err) => output.appendLine(`stopping the server: ${err}`));
    }
}

/** Runs `step` after every earlier start or stop; a failure is logged, never left in the queue. */
function enqueue(step) {
    queue = queue.then(step).catch((err) => output.appendLine(`topoc: ${err && err.stack ? err.stack : err}`));
    return queue;
}

/** Stops the server and starts it again with the current settings. */
function restart() {
    return enqueue(async () => {
        await stop();
        await start();
    });
}

/** Entry point: called on the first `.topo` document or workspace. */
function activate(context) {
    output = vscode.window.createOutputChannel('topoc');
    watcher = vscode.workspace.createFileSystemWatcher('**/*.topo');
    context.subscriptions.push(
        output,
        watcher,
        vscode.commands.registerCommand('topoc.restartServer', restart),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration('topoc.path')) {
                restart();
            }
        }),
    );
    // Not returned: activation does not wait for the server to initialize.
    enqueue(start);
}

/** Called on shutdown or when the extension is disabled: stops the server. */
function deactivate() {
    return enqueue(stop);
}

module.exports = { activate, deactivate };
