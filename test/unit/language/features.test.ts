import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { analyzePrompt } from '../../../src/core/language/analysis';
import { complete } from '../../../src/core/language/completion';
import { definitionAt, hoverAt } from '../../../src/core/language/navigation';
import { findPartialFile } from '../../../src/core/language/partials';
import { documentSymbols, foldingRegions } from '../../../src/core/language/symbols';
import { EXAMPLES, withCursor } from '../helpers';

const HEADER = `---
model: openai/gpt-4o-mini
input:
  schema:
    user(object, who is asking):
      name: string, the user's display name
      tier?: string
    docs(array):
      title: string, document title
      text: string
    question: string
---
`;

async function at(body: string) {
  const { text, position } = withCursor(HEADER + body);
  return { analysis: await analyzePrompt(text), position };
}

test('hover on a variable shows its type and description from the schema', async () => {
  const { analysis, position } = await at('Hello {{user.na‸me}}');
  const hover = hoverAt(analysis, position);
  assert.ok(hover);
  assert.match(hover.markdown, /\*\*user\.name\*\*: `string`/);
  assert.match(hover.markdown, /the user's display name/);
  assert.match(hover.markdown, /Picoschema/);
});

test('hover on a block parameter path resolves through the each', async () => {
  const { analysis, position } = await at('{{#each docs as |d|}}{{d.ti‸tle}}{{/each}}');
  assert.match(
    hoverAt(analysis, position)?.markdown ?? '',
    /\*\*docs\.title\*\*: `string`[\s\S]*document title/,
  );
});

test('hover on an undeclared variable says so', async () => {
  const { analysis, position } = await at('{{nick‸name}}');
  assert.match(
    hoverAt(analysis, position)?.markdown ?? '',
    /`nickname` is not declared in `input.schema`/,
  );
});

test('hover on a helper and on a frontmatter key documents them', async () => {
  const helper = await at('{{ro‸le "system"}}');
  assert.match(hoverAt(helper.analysis, helper.position)?.markdown ?? '', /Starts a new message/);
  const { text, position } = withCursor(HEADER.replace('model:', 'mo‸del:') + 'x');
  assert.match(
    hoverAt(await analyzePrompt(text), position)?.markdown ?? '',
    /\*\*model\*\* — Model to call/,
  );
});

test('completion inside {{ }} offers declared variables and helpers', async () => {
  const { analysis, position } = await at('Hi {{‸}}');
  const labels = complete(analysis, position).map((i) => i.label);
  for (const expected of ['user', 'docs', 'question', 'role', 'history', 'json'])
    assert.ok(labels.includes(expected), `missing ${expected}`);
  assert.ok(!labels.includes('each'), 'block helpers only after #');
});

test('completion after a dot offers nested fields, replacing only the member', async () => {
  const { analysis, position } = await at('Hi {{user.n‸}}');
  const items = complete(analysis, position);
  assert.deepEqual(items.map((i) => i.label).sort(), ['name', 'tier']);
  assert.deepEqual(items[0]?.range, {
    start: { line: position.line, character: position.character - 1 },
    end: position,
  });
});

test('completion inside each offers the element fields and the block parameter, even mid-edit', async () => {
  const { analysis, position } = await at('{{#each docs as |doc|}}\n{{‸\n{{/each}}');
  assert.equal(analysis.document.ast, undefined, 'the template does not parse while typing');
  const labels = complete(analysis, position).map((i) => i.label);
  assert.ok(labels.includes('doc'), 'block parameter');
  assert.ok(labels.includes('title') && labels.includes('text'), 'element fields');
  assert.ok(labels.includes('@index'));
  const member = await at('{{#each docs as |doc|}}{{doc.‸}}{{/each}}');
  assert.deepEqual(
    complete(member.analysis, member.position)
      .map((i) => i.label)
      .sort(),
    ['text', 'title'],
  );
});

test('completion after # offers block helpers, after > partials, inside role "" the roles', async () => {
  const block = await at('{{#‸}}');
  assert.deepEqual(
    complete(block.analysis, block.position)
      .map((i) => i.label)
      .sort(),
    ['each', 'if', 'ifEquals', 'unless', 'unlessEquals', 'with'],
  );
  const partial = await at('{{> ‸}}');
  assert.deepEqual(
    complete(partial.analysis, partial.position, { partials: ['house-style'] }).map((i) => i.label),
    ['house-style'],
  );
  const role = await at('{{role "‸"}}');
  assert.deepEqual(
    complete(role.analysis, role.position).map((i) => i.label),
    ['system', 'user', 'model', 'tool'],
  );
});

test('no completion outside mustaches or inside comments', async () => {
  const plain = await at('plain te‸xt {{user.name}}');
  assert.deepEqual(complete(plain.analysis, plain.position), []);
  const comment = await at('{{! a comm‸ent }}');
  assert.deepEqual(complete(comment.analysis, comment.position), []);
});

test('completion in the frontmatter offers missing top-level keys and config parameters', async () => {
  const top = withCursor('---\nmodel: a\nconf‸\n---\nx');
  const labels = complete(await analyzePrompt(top.text), top.position).map((i) => i.label);
  assert.ok(labels.includes('config') && labels.includes('promptops.fixtures'));
  assert.ok(!labels.includes('model'), 'already present');
  const config = withCursor('---\nconfig:\n  temp‸\n---\nx');
  assert.ok(
    complete(await analyzePrompt(config.text), config.position).some(
      (i) => i.label === 'temperature',
    ),
  );
});

test('go to definition jumps from a variable to its schema key and from a partial to its file', async () => {
  const variable = await at('{{#each docs as |d|}}{{d.te‸xt}}{{/each}}');
  assert.deepEqual(definitionAt(variable.analysis, variable.position)?.range.start, {
    line: 9,
    character: 6,
  });
  const file = path.join(EXAMPLES, 'triage.prompt');
  const { text, position } = withCursor(
    fs.readFileSync(file, 'utf8').replace('{{> house-style}}', '{{> house-‸style}}'),
  );
  const target = definitionAt(await analyzePrompt(text), position, (name) =>
    findPartialFile(file, name, EXAMPLES),
  );
  assert.equal(target?.file, path.join(EXAMPLES, '_house-style.prompt'));
});

test('outline lists the frontmatter with its keys and inputs, then each message', async () => {
  const { analysis } = await at(
    '{{role "system"}}\nBe brief.\n{{> house-style}}\n{{history}}\n{{role "user"}}\n{{question}}\n‸',
  );
  const symbols = documentSymbols(analysis);
  assert.deepEqual(
    symbols.map((s) => s.name),
    ['frontmatter', 'system', 'history', 'user'],
  );
  assert.deepEqual(
    symbols[0]?.children.map((c) => c.name),
    ['model', 'input'],
  );
  assert.deepEqual(
    symbols[0]?.children[1]?.children.map((c) => c.name),
    ['user', 'docs', 'question'],
  );
  assert.deepEqual(
    symbols[1]?.children.map((c) => c.name),
    ['> house-style'],
  );
  assert.equal(symbols[1]?.range.start.line, 12);
  assert.equal(symbols[3]?.range.start.line, 16);
});

test('text before the first role marker is an implicit user message', async () => {
  const { analysis } = await at('Tell me about {{question}}‸');
  assert.deepEqual(
    documentSymbols(analysis).map((s) => s.name),
    ['frontmatter', 'user'],
  );
});

test('folding covers the frontmatter, each message and multi-line blocks', async () => {
  const { analysis } = await at(
    '{{role "system"}}\na\nb\n{{role "user"}}\n{{#each docs}}\n{{title}}\n{{/each}}\n‸',
  );
  const regions = foldingRegions(analysis).map((r) => [r.startLine, r.endLine]);
  assert.deepEqual(regions, [
    [0, 11],
    [12, 14],
    [15, 19],
    [16, 17],
  ]);
});

test('the outline marks optional inputs', async () => {
  const analysis = await analyzePrompt(
    '---\ninput:\n  schema:\n    name: string\n    tone?: string\n---\nHi {{name}} {{tone}}\n',
  );
  const input = documentSymbols(analysis)[0]?.children.find((c) => c.name === 'input');
  assert.deepEqual(
    input?.children.map((c) => [c.name, c.detail]),
    [
      ['name', 'string'],
      ['tone', 'string (optional)'],
    ],
  );
});
