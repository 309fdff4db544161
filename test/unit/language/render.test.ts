import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { filePartialSource, listPartials } from '../../../src/core/language/partials';
import { compilePrompt, formatMessages, renderPrompt } from '../../../src/core/language/render';
import { parsePromptDocument } from '../../../src/core/language/document';
import { sampleInputFor } from '../../../src/core/language/sample';
import { EXAMPLES } from '../helpers';

test('renders roles into messages with the dotprompt library, merging input.default', async () => {
  const source = `---
model: openai/gpt-4o-mini
config: { temperature: 0 }
input:
  schema: { name: string, mood?: string }
  default: { mood: cheerful }
---
{{role "system"}}Be {{mood}}.
{{role "user"}}Hi, I am {{name}}.`;
  const result = await renderPrompt(source, { input: { name: 'Ada' } });
  assert.ok(result.ok, JSON.stringify(!result.ok && result.error));
  assert.equal(result.prompt.model, 'openai/gpt-4o-mini');
  assert.deepEqual(result.prompt.config, { temperature: 0 });
  assert.deepEqual(
    result.prompt.messages.map((m) => [
      m.role,
      m.content
        .map((p) => ('text' in p ? p.text : ''))
        .join('')
        .trim(),
    ]),
    [
      ['system', 'Be cheerful.'],
      ['user', 'Hi, I am Ada.'],
    ],
  );
});

test('history, media and section markers become Dotprompt parts', async () => {
  const result = await renderPrompt(
    '{{role "system"}}S{{history}}{{role "user"}}Look {{media url=img}}{{section "output"}}',
    {
      input: { img: 'https://example.com/cat.png' },
      messages: [{ role: 'user', content: [{ text: 'earlier' }] }],
    },
  );
  assert.ok(result.ok);
  const text = formatMessages(result.prompt.messages);
  assert.match(text, /━━ user \(history\) ━━\nearlier/);
  assert.match(text, /\[media: https:\/\/example\.com\/cat\.png\]/);
  assert.match(text, /\[section: output\]/);
});

test('a missing partial fails at the partial, with the file it looked for', async () => {
  const result = await renderPrompt('line\n  {{> nowhere}}', { partials: () => undefined });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.match(
    result.error.message,
    /Partial 'nowhere' not found: expected a file _nowhere\.prompt/,
  );
  assert.deepEqual(result.error.range?.start, { line: 1, character: 6 });
});

test('an unknown helper fails at the helper', async () => {
  const result = await renderPrompt('---\nmodel: a\n---\n\nfirst\n{{shout name}}');
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.match(result.error.message, /Unknown helper 'shout'/);
  assert.deepEqual(result.error.range?.start, { line: 5, character: 2 });
});

test("a helper misused at render time fails with the helper's message", async () => {
  const result = await renderPrompt('---\nmodel: a\n---\n\n\nok\n{{#each}}x{{/each}}');
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.error.message, 'Must pass iterator to #each');
});

test('syntax problems stop rendering before dotprompt sees the file', async () => {
  const result = await renderPrompt('---\nmodel: [\n---\nhi');
  assert.equal(result.ok, false);
});

test('every bundled example renders with its first fixture case', async () => {
  const prompts = fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.prompt') && !f.startsWith('_'));
  assert.ok(prompts.length >= 3);
  let withPartial = 0;
  for (const name of prompts) {
    const file = path.join(EXAMPLES, name);
    const source = fs.readFileSync(file, 'utf8');
    const document = parsePromptDocument(source);
    const sample = sampleInputFor(file, document);
    assert.match(sample.source, /^fixture case "/, name);
    const result = await renderPrompt(
      source,
      { input: sample.input, partials: filePartialSource(file, EXAMPLES) },
      document,
    );
    assert.ok(result.ok, `${name}: ${!result.ok ? result.error.message : ''}`);
    const text = formatMessages(result.prompt.messages);
    assert.match(text, /━━ system ━━/, name);
    // weather and support do not take the house style (support offers refunds, which it forbids).
    if (source.includes('{{> house-style}}')) {
      withPartial++;
      assert.match(text, /Write in plain, friendly English/, `${name} includes the shared partial`);
    }
  }
  assert.ok(withPartial >= 3, 'the shared partial is rendered into the examples that use it');
});

test('sample input falls back to input.default and reports a broken fixture file', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-sample-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'a.prompt');
  const source = '---\ninput:\n  default: { name: Grace }\n---\nHi {{name}}';
  fs.writeFileSync(file, source);
  assert.deepEqual(sampleInputFor(file, parsePromptDocument(source)), {
    input: { name: 'Grace' },
    source: 'input.default',
  });
  fs.writeFileSync(path.join(dir, 'a.fixtures.yaml'), 'cases:\n  - input: { name: x }\n');
  const sample = sampleInputFor(file, parsePromptDocument(source));
  assert.equal(sample.source, 'input.default');
  assert.match(sample.warning ?? '', /a\.fixtures\.yaml: cases\.0\.id/);
});

test('partials are found beside the prompt and in parent folders', () => {
  const names = listPartials(path.join(EXAMPLES, 'triage.prompt'), EXAMPLES).map((p) => p.name);
  assert.deepEqual(names, ['house-style']);
});

test('an edited partial renders as edited: each compile has its own Handlebars environment (dotprompt shares one)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-partial-'));
  try {
    const prompt = path.join(dir, 'p.prompt');
    fs.writeFileSync(prompt, '{{> tone}}Hello {{json who}}');
    fs.writeFileSync(path.join(dir, '_tone.prompt'), 'Kindly. ');
    const text = async () => {
      const result = await renderPrompt(fs.readFileSync(prompt, 'utf8'), {
        input: { who: ['Ada'] },
        partials: filePartialSource(prompt, dir),
      });
      assert.ok(result.ok);
      return formatMessages(result.prompt.messages);
    };
    assert.match(await text(), /Kindly\. Hello \["Ada"\]/);
    // The editor's process lives on: the next render after an edit of the partial shows the edit.
    fs.writeFileSync(path.join(dir, '_tone.prompt'), 'Briskly. ');
    assert.match(await text(), /Briskly\. Hello \["Ada"\]/);
    // Two versions side by side (a comparison) each keep their own text.
    const [a, b] = await Promise.all(
      ['A. ', 'B. '].map((tone) => renderPrompt('{{> tone}}x', { partials: () => tone })),
    );
    assert.deepEqual(
      [a, b].map((r) => (r?.ok ? formatMessages(r.prompt.messages) : '')),
      ['━━ user ━━\nA. x', '━━ user ━━\nB. x'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the preview marks missing values and empty messages; a run's rendering is dotprompt's own", async () => {
  const source = `---
input:
  schema: { name: string, tone?: string, friends?(array): { name: string } }
---
{{role "system"}}
{{#if tone}}Use a {{tone}} voice.{{/if}}
{{role "user"}}
Write to {{name}} in a {{tone}} tone{{#each friends as |friend|}}, and {{friend.name}}{{/each}}.
{{> sign}} {{@root.name}}
{{role "model"}}
`;
  const options = {
    input: { name: 'Ada', friends: [{ name: 'Grace' }, {}] },
    partials: (name: string) => (name === 'sign' ? 'From {{sender}}, {{name}}' : undefined),
  };
  const preview = await renderPrompt(source, options, undefined, { markMissing: true });
  assert.ok(preview.ok, JSON.stringify(!preview.ok && preview.error));
  assert.equal(
    formatMessages(preview.prompt.messages),
    [
      '━━ system ━━\n⟨empty message⟩',
      '━━ user ━━\nWrite to Ada in a ⟨tone: missing⟩ tone, and Grace, and ⟨friend.name: missing⟩.\nFrom ⟨sender: missing⟩, Ada Ada',
      '━━ model ━━\n⟨empty message⟩',
    ].join('\n\n'),
  );
  assert.deepEqual(preview.marks, {
    missing: ['tone', 'friend.name', 'sender'],
    emptyMessages: ['system', 'model'],
  });
  // Without the marks (every run): blanks, and the empty messages dropped.
  const sent = await renderPrompt(source, options);
  assert.ok(sent.ok);
  assert.equal(sent.marks, undefined);
  assert.deepEqual(
    sent.prompt.messages.map((m) => [
      m.role,
      m.content.map((p) => ('text' in p ? p.text : '')).join(''),
    ]),
    [['user', '\nWrite to Ada in a  tone, and Grace, and .\nFrom , Ada Ada\n']],
  );
  // A value that is there renders as dotprompt renders it, marks or not.
  const full = { ...options, input: { ...options.input, tone: 'warm', sender: 'Bo', friends: [] } };
  const marked = await renderPrompt(source, full, undefined, { markMissing: true });
  const plain = await renderPrompt(source, full);
  assert.ok(marked.ok && plain.ok);
  assert.deepEqual(marked.marks, { missing: [], emptyMessages: ['model'] });
  assert.deepEqual(
    marked.prompt.messages.filter((m) => m.role !== 'model'),
    plain.prompt.messages,
  );
});

test("a compiled prompt resolves its metadata once: every case's render shares it and differs only in messages", async () => {
  const source = `---
model: openai/gpt-4o-mini
config: { temperature: 0.2 }
input:
  schema: { name: string }
output:
  schema: { greeting: string, length?: integer }
---
Greet {{name}}.`;
  const render = compilePrompt(source);
  const first = await render({ input: { name: 'Ada' } });
  const second = await render({ input: { name: 'Grace' } });
  assert.ok(first.ok && second.ok);
  // dotprompt alone converts the Picoschema again for each render (a new object every time).
  assert.equal(first.prompt.output?.schema, second.prompt.output?.schema);
  assert.deepEqual(first.prompt.output?.schema, {
    type: 'object',
    properties: { greeting: { type: 'string' }, length: { type: ['integer', 'null'] } },
    required: ['greeting'],
    additionalProperties: false,
  });
  assert.deepEqual(first.prompt.config, { temperature: 0.2 });
  assert.notEqual(first.prompt, second.prompt);
  assert.equal(formatMessages(first.prompt.messages).includes('Greet Ada.'), true);
  assert.equal(formatMessages(second.prompt.messages).includes('Greet Grace.'), true);
});

test('a named schema dotprompt cannot resolve fails every render, not only the first', async () => {
  const render = compilePrompt('---\noutput:\n  schema: NoSuchSchema\n---\nHi.');
  const first = await render({});
  const second = await render({});
  assert.equal(first.ok, false);
  assert.equal(second.ok, false);
});
