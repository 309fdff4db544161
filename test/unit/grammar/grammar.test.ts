import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { REPO } from '../helpers';

const YAML_STANDIN = {
  scopeName: 'source.yaml',
  patterns: [{ match: '^\\s*[\\w.-]+(?=:)', name: 'entity.name.tag.yaml' }],
};

// The grammar tokenised by the same engine VS Code uses, to check scopes without an editor.
async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => {
      // VS Code brings source.yaml; a stand-in here, since a rule whose only include is missing is dropped.
      if (scope === 'source.yaml')
        return textmate.parseRawGrammar(JSON.stringify(YAML_STANDIN), 'yaml.json');
      if (scope !== 'source.dotprompt') return null;
      const file = path.join(REPO, 'syntaxes', 'dotprompt.tmLanguage.json');
      return textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
  const grammar = await registry.loadGrammar('source.dotprompt');
  assert.ok(grammar);
  return grammar;
}

const grammarPromise = loadGrammar();

/** Scopes of each token, as `text => scope scope …` (the root scope left out). */
async function tokens(text: string): Promise<string[][]> {
  const grammar = await grammarPromise;
  let state = textmate.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map(
      (t) => `${line.slice(t.startIndex, t.endIndex)} => ${t.scopes.slice(1).join(' ')}`,
    );
  });
}

function scopeOf(lines: string[][], text: string): string {
  const token = lines.flat().find((t) => t.startsWith(`${text} =>`));
  assert.ok(token, `no token "${text}" in ${JSON.stringify(lines)}`);
  return token.slice(text.length + 4);
}

test('frontmatter is embedded YAML between the fences', async () => {
  const lines = await tokens('---\nmodel: openai/gpt-4o\n---\nHello');
  assert.match(scopeOf(lines, '---'), /punctuation\.definition\.frontmatter\.begin/);
  assert.match(
    scopeOf(lines, 'model'),
    /meta\.embedded\.block\.frontmatter\.yaml entity\.name\.tag\.yaml/,
  );
  assert.match(lines[2]?.[0] ?? '', /punctuation\.definition\.frontmatter\.end/);
  assert.doesNotMatch(lines[3]?.[0] ?? '', /frontmatter/);
});

test('a --- later in the body is not frontmatter', async () => {
  const lines = await tokens('Hello\n---\nworld');
  assert.doesNotMatch(lines.flat().join('\n'), /frontmatter/);
});

test('role switches have a scope of their own', async () => {
  const lines = await tokens('{{role "system"}}\nYou are {{persona}}.');
  assert.match(
    scopeOf(lines, 'role'),
    /meta\.role-switch\.dotprompt keyword\.control\.role\.dotprompt/,
  );
  assert.match(
    scopeOf(lines, '"system"'),
    /meta\.role-switch\.dotprompt entity\.name\.tag\.role\.dotprompt/,
  );
  assert.match(scopeOf(lines, '{{'), /punctuation\.definition\.tag\.begin/);
  assert.equal(scopeOf(lines, 'You are '), '');
  assert.match(scopeOf(lines, 'persona'), /variable\.other\.readwrite\.dotprompt/);
  const history = await tokens('{{history}}');
  assert.match(
    scopeOf(history, 'history'),
    /meta\.role-switch\.history\.dotprompt keyword\.control\.history/,
  );
});

test('variables, dotted paths, @data and this', async () => {
  const lines = await tokens(
    '{{user.profile.name}} {{@root.question}} {{@index}} {{this.title}} {{../topic}}',
  );
  assert.match(scopeOf(lines, 'user.profile.name'), /variable\.other\.readwrite/);
  assert.match(scopeOf(lines, '@root'), /variable\.language\.data/);
  assert.match(scopeOf(lines, '.question'), /variable\.other\.property/);
  assert.match(scopeOf(lines, '@index'), /variable\.language\.data/);
  assert.match(scopeOf(lines, 'this'), /variable\.language\.this/);
  assert.match(scopeOf(lines, '../'), /punctuation\.separator\.path/);
  assert.match(scopeOf(lines, 'topic'), /variable\.other\.readwrite/);
});

test('block helpers, block params, else and close', async () => {
  const lines = await tokens(
    '{{#each docs as |doc i|}}{{doc.title}}{{else}}none{{/each}}{{#ifEquals a "b"}}x{{/ifEquals}}',
  );
  assert.match(scopeOf(lines, 'each'), /keyword\.control\.block/);
  assert.match(scopeOf(lines, 'as'), /keyword\.control\.as/);
  assert.match(scopeOf(lines, 'doc i'), /variable\.parameter\.block/);
  assert.match(scopeOf(lines, 'else'), /keyword\.control\.else/);
  assert.match(scopeOf(lines, 'ifEquals'), /support\.function\.helper/);
  assert.match(scopeOf(lines, 'b'), /string\.quoted\.double/);
});

test('Dotprompt helpers, hash arguments and literals', async () => {
  const lines = await tokens(
    '{{json data indent=2}} {{media url=img contentType="image/png"}} {{section "output"}} {{lookup list true}}',
  );
  assert.match(scopeOf(lines, 'json'), /support\.function\.helper/);
  assert.match(scopeOf(lines, 'indent'), /variable\.parameter\.hash/);
  assert.match(scopeOf(lines, '='), /keyword\.operator\.assignment/);
  assert.match(scopeOf(lines, '2'), /constant\.numeric/);
  assert.match(scopeOf(lines, 'media'), /support\.function\.helper/);
  assert.match(scopeOf(lines, 'section'), /support\.function\.helper/);
  assert.match(scopeOf(lines, 'true'), /constant\.language/);
});

test('partials, comments, triple-stash and suppression comments', async () => {
  const lines = await tokens(
    '{{> house-style tone="warm"}}{{! note }}{{!-- long {{x}} --}}{{{raw}}}\n{{! promptops-disable-next-line PO201 }}',
  );
  assert.match(scopeOf(lines, 'house-style'), /entity\.name\.type\.partial/);
  assert.match(scopeOf(lines, '>'), /keyword\.operator\.partial/);
  assert.match(scopeOf(lines, ' note '), /comment\.block/);
  assert.match(scopeOf(lines, ' long {{x}} '), /comment\.block/);
  assert.match(scopeOf(lines, 'raw'), /meta\.tag\.unescaped\.dotprompt variable\.other/);
  assert.match(scopeOf(lines, 'promptops-disable-next-line PO201 '), /keyword\.other\.suppression/);
});
