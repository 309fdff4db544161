import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { convertPrompty } from '../../../src/core/import/prompty';
import { runCli, workspace } from '../helpers';

const PROMPTY = `---
name: Contoso Chat
description: Answers customer questions with product context
authors: [Seth]
model:
  api: chat
  configuration:
    type: openai
    name: gpt-4o-mini
  parameters:
    max_tokens: 300
    temperature: 0.2
    logit_bias: {}
inputs:
  firstName:
    type: string
    description: the customer's first name
  products:
    type: array
  vip:
    type: boolean
    default: false
sample:
  firstName: Jane
  products: [{ name: Tent, price: 120 }, { name: Stove, price: 40 }]
  vip: true
---
system:
You help {{ firstName }} find products. {# internal note #}
{% if vip %}Greet them as a VIP.{% else %}Be friendly.{% endif %}
{% for p in products %}
- {{ p.name }}: {{ p.price }}
{% endfor %}

user:
{{ firstName | upper }} asks about item {{ loop.index }}.
`;

test('convertPrompty maps the frontmatter, roles and the Jinja2 subset, and lists what it left', () => {
  const { prompt, fixtures, notes } = convertPrompty(PROMPTY);
  assert.match(
    prompt,
    /^---\nname: Contoso Chat\ndescription: Answers customer questions with product context\nmodel: openai\/gpt-4o-mini\nconfig:\n {2}maxOutputTokens: 300\n {2}temperature: 0.2\n/,
  );
  assert.match(
    prompt,
    / {4}firstName: string, the customer's first name\n {4}products\(array\): any\n {4}vip\?: boolean\n {2}default:\n {4}vip: false\n/,
  );
  assert.match(
    prompt,
    /\{\{role "system"\}\}\nYou help \{\{firstName\}\} find products\. \{\{!-- internal note --\}\}/,
  );
  assert.match(prompt, /\{\{#if vip\}\}Greet them as a VIP\.\{\{else\}\}Be friendly\.\{\{\/if\}\}/);
  assert.match(
    prompt,
    /\{\{#each products as \|p\|\}\}\n- \{\{p\.name\}\}: \{\{p\.price\}\}\n\{\{\/each\}\}/,
  );
  assert.match(prompt, /\{\{role "user"\}\}/);
  assert.match(fixtures ?? '', /id: sample/);
  assert.deepEqual(
    notes.map((n) => n.replace(/^line \d+: /, '')),
    [
      'model.parameters.logit_bias: no Dotprompt config equivalent, left out',
      "filter 'upper' in '{{ firstName | upper }}' not converted",
      "'{{ loop.index }}' not converted (Handlebars has @index from 0, @first, @last)",
    ],
  );
  assert.match(notes[1] ?? '', /^line 36: /, 'lines are those of the .prompty file');
});

test('promptops import prompty writes a .prompt that lints and renders its sample, and prints what it left', async (t) => {
  const ws = workspace({
    'chat.prompty': PROMPTY.replace('{{ firstName | upper }}', '{{ firstName }}').replace(
      '{{ loop.index }}',
      'one',
    ),
  });
  t.after(ws.cleanup);
  const imported = await runCli(ws.dir, ['import', 'prompty', 'chat.prompty']);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /wrote chat\.prompt\nwrote chat\.fixtures\.yaml/);
  assert.match(imported.stderr, /not converted: model\.parameters\.logit_bias/);
  const lint = await runCli(ws.dir, ['lint', '--format', 'json']);
  assert.deepEqual(JSON.parse(lint.stdout), []);
  const rendered = await runCli(ws.dir, ['render', 'chat.prompt', '--case', 'sample']);
  assert.equal(rendered.code, 0, rendered.stderr);
  const text = rendered.stdout;
  assert.match(text, /You help Jane find products/);
  assert.match(text, /Greet them as a VIP/);
  assert.match(text, /- Stove: 40/);
  const again = await runCli(ws.dir, ['import', 'prompty', 'chat.prompty']);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /chat\.prompt exists; use --force/);
  fs.writeFileSync(ws.file('bad.prompty'), 'no frontmatter');
  const bad = await runCli(ws.dir, ['import', 'prompty', 'bad.prompty']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^promptops import: bad\.prompty: not a Prompty file/);
});
