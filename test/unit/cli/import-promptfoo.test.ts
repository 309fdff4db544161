import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { readArtifact } from '../../../src/core/eval/artifact';
import { parseFixtures } from '../../../src/core/eval/fixtures';
import { lastUserText, startFakeOpenAI } from '../../support/openai-server';
import { runCli, workspace } from '../helpers';

// promptfoo's own getting-started example (examples/getting-started/promptfooconfig.yaml).
const GETTING_STARTED = `# yaml-language-server: $schema=https://promptfoo.dev/config-schema.json
description: 'Getting started'
prompts:
  - 'Convert this English to {{language}}: {{input}}'
  - 'Translate to {{language}}: {{input}}'

providers:
  - openai:gpt-4.1
  - openai:o4-mini

tests:
  - vars:
      language: French
      input: Hello world
    assert:
      - type: contains
        value: 'Bonjour le monde'
  - vars:
      language: Spanish
      input: Where is the library?
    assert:
      - type: icontains
        value: 'Dónde está la biblioteca'
`;

test('import promptfoo: the getting-started example becomes prompts and fixtures that promptops eval runs', async (t) => {
  const server = await startFakeOpenAI((request) => ({
    text: lastUserText(request.body).includes('French')
      ? 'Bonjour le monde'
      : '¿Dónde está la biblioteca?',
  }));
  const ws = workspace({ 'promptfooconfig.yaml': GETTING_STARTED });
  t.after(async () => {
    await server.close();
    ws.cleanup();
  });
  const imported = await runCli(ws.dir, [
    'import',
    'promptfoo',
    'promptfooconfig.yaml',
    '--out',
    'prompts',
  ]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /wrote prompts\/prompt-1\.prompt/);
  assert.match(imported.stdout, /compare the others with .*--model-b openai\/o4-mini/);
  assert.equal(imported.stderr, '', 'everything in the example carries over');
  const prompt = fs.readFileSync(ws.file('prompts/prompt-1.prompt'), 'utf8');
  assert.match(prompt, /^model: openai\/gpt-4\.1$/m);
  assert.match(prompt, /^promptops\.fixtures: promptfooconfig\.fixtures\.yaml$/m);
  assert.match(prompt, /Convert this English to \{\{language\}\}: \{\{input\}\}/);

  const env = { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'test-key-not-real' };
  const evaluated = await runCli(ws.dir, ['eval'], env);
  assert.equal(evaluated.code, 0, evaluated.stdout + evaluated.stderr);
  for (const name of ['prompt-1', 'prompt-2']) {
    const artifact = readArtifact(ws.file(`.promptops/results/prompts/${name}.json`));
    assert.deepEqual(
      artifact.cases.map((c) => [c.id, c.status]),
      [
        ['case-1', 'pass'],
        ['case-2', 'pass'],
      ],
    );
    assert.equal(artifact.model.id, 'openai/gpt-4.1');
  }
  assert.deepEqual(server.requests.map((r) => lastUserText(r.body)).sort(), [
    'Convert this English to French: Hello world',
    'Convert this English to Spanish: Where is the library?',
    'Translate to French: Hello world',
    'Translate to Spanish: Where is the library?',
  ]);
});

test('import promptfoo: defaultTest, file:// prompts, CSV tests, renamed assertions; prints what does not carry over', async (t) => {
  const ws = workspace({
    'promptfooconfig.yaml': `prompts:
  - file://prompts/greet.txt
providers:
  - id: openai:chat:gpt-4o-mini
    config: { temperature: 0 }
  - anthropic:messages:claude-x
defaultTest:
  vars: { tone: warm }
  assert:
    - type: latency
      threshold: 3000
  options: { provider: openai:gpt-4o }
tests:
  - description: Ada
    vars: { name: Ada }
    assert:
      - type: cost
        threshold: 0.01
      - type: python
        value: file://check.py
      - type: is-json
        value: { type: object }
  - file://tests.csv
evaluateOptions: { maxConcurrency: 2 }
`,
    'prompts/greet.txt': 'Greet {{name}} in a {{tone}} way.',
    'tests.csv': 'name,__expected,__tags\nBob,icontains: bob,smoke\n',
  });
  t.after(ws.cleanup);
  const r = await runCli(ws.dir, ['import', 'promptfoo', 'promptfooconfig.yaml']);
  assert.equal(r.code, 0, r.stderr);
  const prompt = fs.readFileSync(ws.file('greet.prompt'), 'utf8');
  assert.match(prompt, /^model: openai\/gpt-4o-mini$/m);
  assert.match(prompt, /^ {4}name: string$/m);
  assert.match(prompt, /^ {4}tone: string$/m);
  const fixtures = parseFixtures(
    fs.readFileSync(ws.file('promptfooconfig.fixtures.yaml'), 'utf8'),
    'promptfooconfig.fixtures.yaml',
  );
  assert.deepEqual(fixtures.defaults?.assert, [{ type: 'max-latency-ms', value: 3000 }]);
  assert.deepEqual(fixtures.cases, [
    {
      id: 'case-1',
      description: 'Ada',
      input: { tone: 'warm', name: 'Ada' },
      assert: [
        { type: 'max-cost-usd', value: 0.01 },
        { type: 'python', value: 'file://check.py' },
        { type: 'json-schema', value: { type: 'object' } },
      ],
    },
    {
      id: 'case-2',
      tags: ['smoke'],
      input: { tone: 'warm', name: 'Bob' },
      assert: [{ type: 'icontains', value: 'bob' }],
    },
  ]);
  const problems = r.stderr.split('\n');
  for (const expected of [
    /'evaluateOptions' is not carried over/,
    /defaultTest\.options is not carried over/,
    /provider 'anthropic': declare it/,
    /provider 'openai:chat:gpt-4o-mini': its config is not carried over/,
    /case-1: assertion type 'python' has no PromptOps equivalent/,
  ])
    assert.ok(
      problems.some((line) => expected.test(line)),
      `${expected} in:\n${r.stderr}`,
    );

  const again = await runCli(ws.dir, ['import', 'promptfoo', 'promptfooconfig.yaml']);
  assert.equal(again.code, 2);
  assert.match(
    again.stderr,
    /would overwrite greet\.prompt, promptfooconfig\.fixtures\.yaml \(use --force\)/,
  );
  assert.equal(
    (await runCli(ws.dir, ['import', 'promptfoo', 'promptfooconfig.yaml', '--force'])).code,
    0,
  );
});

test('import: usage errors exit 2 with one line', async (t) => {
  const ws = workspace({ 'bad.yaml': 'prompts: [\n', 'empty.yaml': 'tests: []\n' });
  t.after(ws.cleanup);
  const cases: [string[], RegExp][] = [
    [
      ['import', 'langsmith', 'x'],
      /import takes a source: promptops import promptfoo <promptfooconfig\.yaml>, or promptops import prompty <file\.prompty> \(not 'langsmith'\)/,
    ],
    [['import', 'promptfoo', 'missing.yaml'], /no such file: missing\.yaml/],
    [['import', 'promptfoo', 'bad.yaml'], /bad\.yaml: /],
    [['import', 'promptfoo', 'empty.yaml'], /is not a promptfoo config: it has no prompts/],
  ];
  for (const [argv, message] of cases) {
    const r = await runCli(ws.dir, argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.split('\n').length, 1);
  }
});
