import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { GenkitScanner, scanSource, workspaceGenkitRegistry } from '../../../src/core/genkit/scan';
import { Severity } from '../../../src/core/types';
import { startFakeOpenAI } from '../../support/openai-server';
import { codes, promptProblems } from './helpers';
import { runCli, workspace } from '../helpers';

test('scanSource finds JS/TS, Python and Go registrations with their line, and literal partial text', () => {
  const found = scanSource(
    [
      "ai.defineHelper('list', (xs) => xs.join(', '));",
      'ai.definePartial("header", "Hello {{name}}\\n");',
      "const Recipe = ai.defineSchema('Recipe', z.object({}));",
      "ai.defineFormat({ name: 'csv' }, …); ai.defineFormat('csv2', {})",
      'ai.define_helper("shout", shout)',
      'ai.define_schema(name="Menu", schema=Menu)',
      'genkit.DefineHelper(g, "upper", strings.ToUpper)',
      'genkit.DefinePartial(g, "footer", "Bye")',
    ].join('\n'),
    'src/app.ts',
  );
  const names = found.map((r) => `${r.kind}:${r.name}@${r.where}`);
  assert.deepEqual(names, [
    'helper:list@src/app.ts:1',
    'partial:header@src/app.ts:2',
    'schema:Recipe@src/app.ts:3',
    'format:csv2@src/app.ts:4',
    'helper:shout@src/app.ts:5',
    'schema:Menu@src/app.ts:6',
    'helper:upper@src/app.ts:7',
    'partial:footer@src/app.ts:8',
  ]);
  assert.equal(found[1]?.text, 'Hello {{name}}\n');
});

const RECIPE = [
  '---',
  'model: googleai/gemini-2.5-flash',
  'input:',
  '  schema:',
  '    items(array): string',
  'output:',
  '  format: array',
  '  schema: Recipe',
  '---',
  'Ingredients: {{list items}} {{> header}}',
].join('\n');

test("a helper, partial and schema the app registers in code are known; Genkit's formats are valid", async (t) => {
  const ws = workspace({
    'src/index.ts':
      "ai.defineHelper('list', (x) => x);\nai.definePartial('header', 'Hi');\nai.defineSchema('Recipe', RecipeSchema);\n",
    'prompts/recipe.prompt': RECIPE,
  });
  t.after(ws.cleanup);
  const genkit = workspaceGenkitRegistry(ws.dir, {});
  const problems = await promptProblems(
    RECIPE,
    { genkit, root: ws.dir },
    ws.file('prompts/recipe.prompt'),
  );
  assert.deepEqual(codes(problems), []);
});

test('without the scan, the unknown helper is a warning that says where it looked; format and schema names are checked', async (t) => {
  const ws = workspace({
    'src/other.py': 'print(1)\n',
    'prompts/recipe.prompt': RECIPE.replace('format: array', 'format: yaml'),
  });
  t.after(ws.cleanup);
  const genkit = workspaceGenkitRegistry(ws.dir, {});
  const problems = await promptProblems(
    RECIPE.replace('format: array', 'format: yaml'),
    { genkit, root: ws.dir },
    ws.file('prompts/recipe.prompt'),
  );
  const helper = problems.find((p) => p.code === 'PO203');
  assert.equal(helper?.severity, Severity.Warning);
  assert.match(
    helper?.message ?? '',
    /Unknown helper 'list': not built in, not in lint\.helpers, and no defineHelper\('list'\) in 1 source files under /,
  );
  assert.match(
    problems.find((p) => p.code === 'PO112')?.message ?? '',
    /Unknown output format 'yaml'/,
  );
  assert.match(
    problems.find((p) => p.code === 'PO111')?.message ?? '',
    /Schema 'Recipe' is not defined/,
  );
  assert.ok(
    problems.some((p) => p.code === 'PO204'),
    'partial header missing',
  );
});

test('lint.helpers, lint.partials, lint.schemas and lint.formats in promptops.config.yaml declare them; promptops lint agrees', async (t) => {
  const text = RECIPE.replace('format: array', 'format: csv');
  const ws = workspace({
    'promptops.config.yaml':
      'lint:\n  helpers: [list]\n  partials:\n    header: "Hello"\n  schemas: [Recipe]\n  formats: [csv]\n',
    'prompts/recipe.prompt': text,
  });
  t.after(ws.cleanup);
  const clean = await runCli(ws.dir, ['lint', '--format', 'json']);
  assert.equal(clean.code, 0, clean.stdout);
  assert.deepEqual(JSON.parse(clean.stdout), []);
  fs.writeFileSync(ws.file('promptops.config.yaml'), 'lint:\n  helpers: []\n');
  const dirty = await runCli(ws.dir, ['lint', '--format', 'json']);
  const found = (JSON.parse(dirty.stdout) as { code: string }[]).map((p) => p.code).sort();
  assert.deepEqual(found, ['PO111', 'PO112', 'PO203', 'PO204']);
  assert.equal(dirty.code, 1, 'the missing partial is still an error');
});

test('the scanner caches per file and sees an edit after invalidate()', async (t) => {
  const ws = workspace({ 'app.js': "ai.defineHelper('one', f);\n" });
  t.after(ws.cleanup);
  const scanner = new GenkitScanner(ws.dir);
  assert.deepEqual(workspaceGenkitRegistry(ws.dir, {}, scanner).helpers.has('one'), true);
  fs.writeFileSync(ws.file('app.js'), "ai.defineHelper('two', f);\n// longer now\n");
  assert.equal(
    workspaceGenkitRegistry(ws.dir, {}, scanner).helpers.has('two'),
    false,
    'cached until invalidated',
  );
  scanner.invalidate();
  const registry = workspaceGenkitRegistry(ws.dir, {}, scanner);
  assert.equal(registry.helpers.has('two'), true);
  assert.equal(registry.helpers.has('one'), false);
});

test('eval: a declared partial renders; a code-registered helper is a clear per-case error, not a crash', async (t) => {
  const server = await startFakeOpenAI((r) => ({ text: JSON.stringify(r.body.messages) }));
  t.after(() => server.close());
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\nlint:\n  partials:\n    header: "HEADER-TEXT"\n`,
    'prompts/p.prompt':
      '---\nmodel: local/m\ninput:\n  schema:\n    x: string\n---\n{{> header}} {{x}}',
    'prompts/p.fixtures.yaml':
      'cases:\n  - id: a\n    input: { x: one }\n    assert:\n      - type: contains\n        value: HEADER-TEXT\n',
    'prompts/h.prompt': '---\nmodel: local/m\ninput:\n  schema:\n    x: string\n---\n{{list x}}',
    'prompts/h.fixtures.yaml':
      'cases:\n  - id: a\n    input: { x: one }\n  - id: b\n    input: { x: two }\n',
  });
  t.after(ws.cleanup);
  const result = await runCli(ws.dir, ['eval', '--json']);
  assert.notEqual(result.stdout, '');
  assert.ok(!/internal error/.test(result.stderr), result.stderr);
  const artifact = JSON.parse(
    fs.readFileSync(ws.file('.promptops/results/prompts/p.json'), 'utf8'),
  ) as { summary: { passed: number } };
  assert.equal(artifact.summary.passed, 1);
  const failed = JSON.parse(
    fs.readFileSync(ws.file('.promptops/results/prompts/h.json'), 'utf8'),
  ) as { cases: { error?: string }[] };
  assert.equal(failed.cases.length, 2);
  for (const c of failed.cases)
    assert.match(c.error ?? '', /Unknown helper 'list'.*runs only inside the app/);
});
