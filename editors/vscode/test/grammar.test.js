// Tests of syntaxes/topo.tmLanguage.json, run with `npm test` (node --test).
//
// The grammar is loaded the way VS Code loads it (vscode-textmate with the
// Oniguruma regex engine) and checked three ways: against the keyword rules of
// grammar/topo.pest, so a keyword added to the language cannot be forgotten
// here; against every example project and every `topo` block of the docs,
// with a small independent scanner deciding where comments and quoted text
// are; and token by token on lines taken from the examples.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { test } = require('node:test');
const oniguruma = require('vscode-oniguruma');
const textmate = require('vscode-textmate');

const extensionDir = path.join(__dirname, '..');
const repoDir = path.join(extensionDir, '..', '..');

/** Top-level declarations: the `declaration` rule of grammar/topo.pest. */
const DECLARATIONS = [
    'deployment', 'site', 'branch-site', 'pstn-usage', 'lync-numbers', 'unassigned-numbers',
    'trunk-config', 'route', 'voice-policy', 'dial-plan', 'network', 'test',
];

/** Scopes a keyword may get: declarations and connectives, settings, outcomes. */
const KEYWORD_SCOPE = /^(keyword\.|support\.type\.property-name\.|constant\.language\.outcome\.)/;

let grammarPromise;

/** The grammar, loaded once. */
function grammar() {
    grammarPromise ??= (async () => {
        const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
        await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
        const registry = new textmate.Registry({
            onigLib: Promise.resolve({
                createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
                createOnigString: (text) => new oniguruma.OnigString(text),
            }),
            loadGrammar: async (scopeName) => {
                if (scopeName !== 'source.topo') {
                    return null;
                }
                const file = path.join(extensionDir, 'syntaxes', 'topo.tmLanguage.json');
                return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
            },
        });
        const loaded = await registry.loadGrammar('source.topo');
        assert.ok(loaded, 'the grammar source.topo loads');
        return loaded;
    })();
    return grammarPromise;
}

/**
 * Tokenizes `text` line by line, carrying the rule stack across lines as the
 * editor does. Each line: { text, tokens: [{ start, end, text, scopes }] }.
 */
async function tokenize(text) {
    const g = await grammar();
    let stack = textmate.INITIAL;
    return text.split(/\r?\n/).map((line, index) => {
        const result = g.tokenizeLine(line, stack, 5000);
        assert.equal(result.stoppedEarly, false, `line ${index + 1} stopped early: ${line}`);
        stack = result.ruleStack;
        const tokens = result.tokens.map((t, i) => {
            const end = i + 1 < result.tokens.length ? result.tokens[i + 1].startIndex : line.length;
            return { start: t.startIndex, end, text: line.slice(t.startIndex, end), scopes: t.scopes };
        });
        return { text: line, tokens };
    });
}

/** The scopes of the character at `column`. */
function scopesAt(line, column) {
    const token = line.tokens.find((t) => t.start <= column && column < t.end);
    assert.ok(token, `no token at column ${column} of: ${line.text}`);
    return token.scopes;
}

const has = (scopes, prefix) => scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
const hasMatch = (scopes, pattern) => scopes.some((s) => pattern.test(s));

/**
 * An independent reading of one line by the lexical rules of the language:
 * where the comment starts (-1 for none), the quoted spans [start, end), and
 * the words that start a statement (first of the line, after `{` or `;`).
 */
function scan(text) {
    const quoted = [];
    const starts = [];
    let comment = -1;
    let atStart = true;
    for (let i = 0; i < text.length; ) {
        const c = text[i];
        if (c === '#') {
            comment = i;
            break;
        }
        if (c === '"' || c === "'") {
            let j = i + 1;
            while (j < text.length) {
                if (c === '"' && text[j] === '\\') {
                    j += 2;
                } else if (c === "'" && text[j] === "'" && text[j + 1] === "'") {
                    j += 2;
                } else if (text[j] === c) {
                    j += 1;
                    break;
                } else {
                    j += 1;
                }
            }
            quoted.push([i, Math.min(j, text.length)]);
            i = j;
            atStart = false;
            continue;
        }
        const word = /^[A-Za-z0-9_][A-Za-z0-9_.-]*/.exec(text.slice(i));
        if (word) {
            if (atStart) {
                starts.push({ word: word[0], column: i });
            }
            atStart = false;
            i += word[0].length;
            continue;
        }
        if (c === '{' || c === ';') {
            atStart = true;
        } else if (c !== ' ' && c !== '\t') {
            atStart = false;
        }
        i += 1;
    }
    return { comment, quoted, starts };
}

/** Every literal of every `k_*` keyword rule of grammar/topo.pest. */
function pestKeywords() {
    const pest = fs.readFileSync(path.join(repoDir, 'grammar', 'topo.pest'), 'utf8');
    const words = new Set();
    for (const rule of pest.matchAll(/^k_\w+\s*=\s*@\{([^}]*)\}/gm)) {
        for (const literal of rule[1].matchAll(/"([^"]+)"/g)) {
            words.add(literal[1]);
        }
    }
    return [...words].sort();
}

/** Every .topo file below `dir`, recursively, sorted. */
function topoFiles(dir) {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => {
            const file = path.join(dir, e.name);
            return e.isDirectory() ? topoFiles(file) : e.name.endsWith('.topo') ? [file] : [];
        })
        .sort();
}

/** The ```topo blocks of the repository's Markdown docs, as { name, text }. */
function docBlocks() {
    const docs = fs
        .readdirSync(path.join(repoDir, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => path.join(repoDir, 'docs', f))
        .concat(path.join(repoDir, 'README.md'));
    return docs.flatMap((file) => {
        const blocks = [...fs.readFileSync(file, 'utf8').matchAll(/^```topo\n([\s\S]*?)^```/gm)];
        return blocks.map((m, i) => ({ name: `${path.relative(repoDir, file)} block ${i + 1}`, text: m[1] }));
    });
}

/**
 * The lexical invariants every text must meet, whether it checks clean or not:
 * comments and quoted text get their scopes exactly where the scanner puts
 * them, nothing is marked invalid, and what is left without a scope is only
 * whitespace and names, never a keyword, a number or punctuation. With
 * `invalidSyntax` (the docs show mistakes on purpose: a pattern without its
 * quotes, an unknown escape) stray punctuation may stay unscoped and invalid
 * scopes are expected.
 */
function assertLexicalScopes(lines, where, keywords, { invalidSyntax = false } = {}) {
    lines.forEach((line, index) => {
        const at = `${where}:${index + 1}: ${line.text}`;
        const { comment, quoted } = scan(line.text);
        for (const token of invalidSyntax ? [] : line.tokens) {
            assert.ok(!hasMatch(token.scopes, /^invalid\./), `${at}: \`${token.text}\` is marked invalid`);
        }
        if (comment >= 0) {
            for (let col = comment; col < line.text.length; col++) {
                assert.ok(has(scopesAt(line, col), 'comment.line.number-sign'), `${at}: column ${col + 1} is not comment`);
            }
        }
        for (const [start, end] of quoted) {
            for (let col = start; col < end; col++) {
                assert.ok(hasMatch(scopesAt(line, col), /^string\./), `${at}: column ${col + 1} is not string`);
            }
        }
        for (const token of line.tokens) {
            if (token.scopes.length > 1 || token.text.trim() === '') {
                continue;
            }
            for (const word of token.text.trim().split(/[ \t]+/)) {
                if (!invalidSyntax) {
                    assert.match(word, /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, `${at}: \`${word}\` has no scope`);
                }
                assert.ok(!/^-?[0-9]+$/.test(word), `${at}: the number \`${word}\` has no scope`);
                assert.ok(!keywords.includes(word), `${at}: the keyword \`${word}\` has no scope`);
            }
        }
    });
}

const keywords = pestKeywords();
const examples = topoFiles(path.join(repoDir, 'examples'));

test('grammar/topo.pest yields the keyword list', () => {
    // A guard for the reader of the pest file: if it changes shape, every
    // keyword test below would pass vacuously.
    assert.ok(keywords.length > 100, `only ${keywords.length} keywords found`);
    for (const k of ['site', 'trunk-config', 'media-bypass', 'rule', 'expect', 'allow', 'lync-user']) {
        assert.ok(keywords.includes(k), `${k} is among the pest keywords`);
    }
});

test('every keyword of grammar/topo.pest is highlighted as a whole word', async () => {
    for (const word of keywords) {
        const [alone] = await tokenize(`  ${word}`);
        const scopes = scopesAt(alone, 2);
        assert.ok(hasMatch(scopes, KEYWORD_SCOPE), `\`${word}\` at a statement start: ${scopes.join(' ')}`);
        assert.equal(alone.tokens.find((t) => t.start === 2).text, word, `\`${word}\` is one token`);

        // `name_char` ends a keyword only where it is absent: `trunks` is not `trunk`.
        const [inName] = await tokenize(`trunks [${word}.example, x-${word}]`);
        for (const name of [`${word}.example`, `x-${word}`]) {
            const col = inName.text.indexOf(name);
            for (let c = col; c < col + name.length; c++) {
                const s = scopesAt(inName, c);
                assert.ok(!hasMatch(s, KEYWORD_SCOPE), `\`${word}\` inside the name \`${name}\`: ${s.join(' ')}`);
            }
        }
    }
});

test('the examples exist', () => {
    assert.ok(examples.length >= 10, `found ${examples.length} example files`);
});

for (const file of examples) {
    const name = path.relative(repoDir, file);

    test(`${name}: comments, strings and keywords`, async () => {
        const lines = await tokenize(fs.readFileSync(file, 'utf8'));
        assertLexicalScopes(lines, name, keywords);

        let statements = 0;
        lines.forEach((line, index) => {
            const at = `${name}:${index + 1}: ${line.text}`;
            for (const { word, column } of scan(line.text).starts) {
                statements += 1;
                // The examples check clean, so every statement starts with a keyword.
                assert.ok(keywords.includes(word), `${at}: \`${word}\` starts a statement but is no keyword`);
                const scopes = scopesAt(line, column);
                assert.ok(hasMatch(scopes, KEYWORD_SCOPE), `${at}: \`${word}\`: ${scopes.join(' ')}`);
                if (column === 0) {
                    assert.ok(DECLARATIONS.includes(word), `${at}: \`${word}\` at column 1 is a declaration`);
                    assert.ok(scopes.includes('keyword.other.declaration.topo'), `${at}: ${scopes.join(' ')}`);
                }
            }
            // The name a top-level declaration gives is an entity.
            const decl = /^(site|branch-site|pstn-usage|unassigned-numbers|route|test)[ \t]+(\S)/.exec(line.text);
            if (decl) {
                const scopes = scopesAt(line, decl.index + decl[0].length - 1);
                assert.ok(hasMatch(scopes, /^entity\.name\./), `${at}: the name after \`${decl[1]}\`: ${scopes.join(' ')}`);
            }
        });
        assert.ok(statements > 0, `${name} has statements`);
    });
}

test('the topo blocks of the docs keep comments, strings and keywords apart', async () => {
    const blocks = docBlocks();
    assert.ok(blocks.length >= 20, `found ${blocks.length} topo blocks`);
    for (const block of blocks) {
        assertLexicalScopes(await tokenize(block.text), block.name, keywords, { invalidSyntax: true });
    }
});

/**
 * Finds the line of an example containing `lineText`, then the token whose
 * text is exactly `tokenText` (the `nth` one, from 0), and returns its scopes.
 */
async function scopesOf(example, lineText, tokenText, nth = 0) {
    const lines = await tokenize(fs.readFileSync(path.join(repoDir, 'examples', example), 'utf8'));
    const line = lines.find((l) => l.text.includes(lineText));
    assert.ok(line, `examples/${example} has a line with ${lineText}`);
    const found = line.tokens.filter((t) => t.text.trim() === tokenText);
    assert.ok(found.length > nth, `\`${tokenText}\` is a token of: ${line.text} (tokens: ${line.tokens.map((t) => t.text).join(' | ')})`);
    return found[nth].scopes;
}

/** Asserts that `scopes` holds every scope of `expected`. */
function assertScopes(scopes, ...expected) {
    for (const e of expected) {
        assert.ok(scopes.includes(e), `expected ${e} in: ${scopes.join(' ')}`);
    }
}

test('a dial plan rule: name, pattern, translation and block', async () => {
    const line = "rule Ext   '^(\\d{3})$'    -> '+14255550$1' { internal-extension on }";
    const f = 'contoso/voice-routing.topo';
    assertScopes(await scopesOf(f, line, 'rule'), 'keyword.other.declaration.topo');
    assertScopes(await scopesOf(f, line, 'Ext'), 'entity.name.type.rule.topo');
    assertScopes(await scopesOf(f, line, '^'), 'string.regexp.quoted.single.topo', 'keyword.control.anchor.regexp.topo');
    assertScopes(await scopesOf(f, line, '\\d'), 'string.regexp.quoted.single.topo', 'constant.character.character-class.regexp.topo');
    assertScopes(await scopesOf(f, line, '{3}'), 'keyword.operator.quantifier.regexp.topo');
    assertScopes(await scopesOf(f, line, '->'), 'keyword.operator.arrow.topo');
    assertScopes(await scopesOf(f, line, '+14255550'), 'string.quoted.single.translation.topo');
    assertScopes(await scopesOf(f, line, '$1'), 'string.quoted.single.translation.topo', 'variable.other.group-reference.topo');
    assertScopes(await scopesOf(f, line, 'internal-extension'), 'support.type.property-name.topo');
    assertScopes(await scopesOf(f, line, 'on'), 'constant.language.boolean.topo');
    assertScopes(await scopesOf(f, line, '{'), 'punctuation.section.block.begin.topo');
});

test('trunk configurations: scopes and from', async () => {
    const f = 'contoso/voice-routing.topo';
    const line = 'trunk-config trunk:pbx-2 from trunk:pbx.redmond.contoso.com';
    assertScopes(await scopesOf(f, line, 'trunk-config'), 'keyword.other.declaration.topo');
    assertScopes(await scopesOf(f, line, 'trunk', 0), 'support.type.scope.topo');
    assertScopes(await scopesOf(f, line, ':', 0), 'punctuation.separator.scope.topo');
    assertScopes(await scopesOf(f, line, 'pbx-2'), 'entity.name.scope.topo');
    assertScopes(await scopesOf(f, line, 'from'), 'keyword.other.topo');
    assertScopes(await scopesOf(f, line, 'pbx.redmond.contoso.com'), 'entity.name.scope.topo');
    assertScopes(await scopesOf(f, 'trunk-config global {', 'global'), 'constant.language.scope.global.topo');
    assertScopes(await scopesOf(f, 'srtp optional', 'optional'), 'constant.language.enum.topo');
});

test('names: quoted, FQDNs and addresses', async () => {
    assertScopes(await scopesOf('contoso/global.topo', 'pstn-usage "Long Distance"', 'Long Distance'),
        'entity.name.type.usage.topo', 'string.quoted.double.topo');
    assertScopes(await scopesOf('contoso/redmond.topo', 'gateway gw1.redmond.contoso.com {', 'gw1.redmond.contoso.com'),
        'entity.name.type.gateway.topo');
    assertScopes(await scopesOf('contoso/redmond.topo', 'media-ip 10.1.20.5', '10.1.20.5'), 'constant.numeric.ip-address.topo');
    assertScopes(await scopesOf('contoso/network.topo', 'subnets [10.1.0.0/16]', '10.1.0.0/16'), 'constant.numeric.ip-address.topo');
    assertScopes(await scopesOf('enterprise/tests.topo', 'ip 10.20.10.57/24', '10.20.10.57/24'), 'constant.numeric.ip-address.topo');
    // A reference is a plain name: only the root scope.
    assert.deepEqual(await scopesOf('contoso/redmond.topo', 'next-hop fe01.redmond.contoso.com', 'fe01.redmond.contoso.com'), ['source.topo']);
});

test('numbers, ranges, ports and transports', async () => {
    const f = 'contoso/redmond.topo';
    assertScopes(await scopesOf(f, 'tcp-ports 5068..5069', '5068'), 'constant.numeric.integer.topo');
    assertScopes(await scopesOf(f, 'tcp-ports 5068..5069', '..'), 'keyword.operator.range.topo');
    assertScopes(await scopesOf(f, 'tcp-ports 5068..5069', '#'), 'comment.line.number-sign.topo', 'punctuation.definition.comment.topo');
    assertScopes(await scopesOf(f, 'tcp-ports 5068..5069', 'the TCP listener is off unless tcp-ports is given'),
        'comment.line.number-sign.topo');
    assertScopes(await scopesOf(f, 'port 5068 tcp', 'tcp'), 'constant.language.enum.topo');
    assertScopes(await scopesOf(f, 'mediation med.redmond.contoso.com port 5069', 'mediation'), 'support.type.property-name.topo');
    assertScopes(await scopesOf(f, 'mediation collocated', 'mediation'), 'keyword.other.declaration.topo');
    assertScopes(await scopesOf(f, 'mediation collocated', 'collocated'), 'keyword.other.topo');
    assertScopes(await scopesOf('enterprise/seattle.topo', 'priority 0', '0'), 'constant.numeric.integer.topo');
});

test('allow names a diagnostic and gives a reason', async () => {
    const line = 'allow tcp-transport "the legacy PBX has no TLS; it leaves with the migration"';
    assertScopes(await scopesOf('contoso/redmond.topo', line, 'allow'), 'keyword.other.allow.topo');
    assertScopes(await scopesOf('contoso/redmond.topo', line, 'tcp-transport'), 'constant.other.diagnostic.topo');
    assertScopes(await scopesOf('contoso/redmond.topo', line, '"'), 'string.quoted.double.topo', 'punctuation.definition.string.begin.topo');
    assertScopes(await scopesOf('contoso/voice-routing.topo', 'allow-simul-ring on', 'allow-simul-ring'), 'support.type.property-name.topo');
});

test('golden call tests', async () => {
    const f = 'enterprise/tests.topo';
    assertScopes(await scopesOf(f, 'test "Seattle 911" {', 'Seattle 911'), 'entity.name.section.test.topo', 'string.quoted.double.topo');
    const from = "from trunk pbx.sea.fabrikam.com { calling '+12065556123' }";
    assertScopes(await scopesOf(f, from, 'from'), 'keyword.other.test.topo');
    assertScopes(await scopesOf(f, from, 'trunk'), 'keyword.other.test.topo');
    assertScopes(await scopesOf(f, from, 'calling'), 'support.type.property-name.topo');
    assertScopes(await scopesOf(f, from, '+12065556123'), 'string.quoted.single.topo');
    assertScopes(await scopesOf(f, '    dial-plan tag:Tacoma', 'dial-plan'), 'support.type.property-name.topo');
    assertScopes(await scopesOf(f, '    route To-Legacy-PBX', 'route'), 'support.type.property-name.topo');
    assert.deepEqual(await scopesOf(f, '    route To-Legacy-PBX', 'To-Legacy-PBX'), ['source.topo']);
    assertScopes(await scopesOf(f, "expect { normalized '+12065557123'; lync-user }", 'lync-user'), 'constant.language.outcome.topo');
    assertScopes(await scopesOf('small-business/tests.topo', "expect { normalized '+15095550185'; unassigned }", 'unassigned'),
        'constant.language.outcome.topo');
});

test('forms of the language contract that the examples do not use', async () => {
    const lines = await tokenize([
        'voice-policy site:"New York" { call-forwarding-usages voice-policy }',
        '  edge-pool edge.contoso.com { av-public-ip [2001:db8::5] }',
        '  description "say \\"hi\\"\\tthen \\q"',
        "  rule Quote '^it''s$' -> 'it''s' { description \"unterminated",
        '  sent \'12\' via pbx-2; bypass on via gw1 # after an unterminated string',
    ].join('\n'));
    const token = (row, text) => {
        const t = lines[row].tokens.find((x) => x.text === text);
        assert.ok(t, `\`${text}\` is a token of: ${lines[row].text}`);
        return t.scopes;
    };
    assertScopes(token(0, 'New York'), 'entity.name.scope.topo', 'string.quoted.double.topo');
    assertScopes(token(0, 'voice-policy'), 'keyword.other.declaration.topo');
    assertScopes(lines[0].tokens.filter((t) => t.text === 'voice-policy')[1].scopes, 'constant.language.enum.topo');
    assertScopes(token(1, 'edge.contoso.com'), 'entity.name.type.pool.topo');
    assertScopes(token(1, '[2001:db8::5]'), 'constant.numeric.ip-address.topo');
    assertScopes(token(2, '\\"'), 'constant.character.escape.topo');
    assertScopes(token(2, '\\t'), 'constant.character.escape.topo');
    assertScopes(token(2, '\\q'), 'invalid.illegal.unknown-escape.topo');
    assertScopes(lines[3].tokens.filter((t) => t.text === "''")[0].scopes, 'string.regexp.quoted.single.topo', 'constant.character.escape.quote.topo');
    assertScopes(lines[3].tokens.filter((t) => t.text === "''")[1].scopes, 'string.quoted.single.translation.topo', 'constant.character.escape.quote.topo');
    // A string never spans lines: the next line starts afresh.
    assertScopes(token(4, 'sent'), 'support.type.property-name.topo');
    assertScopes(token(4, 'via'), 'keyword.other.topo');
    assertScopes(token(4, 'on'), 'constant.language.boolean.topo');
    assertScopes(token(4, ' after an unterminated string'), 'comment.line.number-sign.topo');
});
