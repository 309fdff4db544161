import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadConfig } from '../../../src/core/config';
import { evalPrompt } from '../../../src/core/eval/engine';
import { ProviderRegistry } from '../../../src/core/providers/registry';
import { labelPrompt } from '../../../src/core/registry/promote';
import {
  inputsAsCases,
  readShadowReport,
  runShadow,
  shapeOf,
  shadowProblems,
  ShadowError,
} from '../../../src/core/shadow/shadow';
import { caseResult } from '../../support/case-result';
import { lastUserText, startFakeOpenAI } from '../../support/openai-server';
import { gitRepo, runCli, workspace } from '../helpers';

const HEAD =
  '---\nmodel: local/tiny\ninput:\n  schema:\n    ticket: string\noutput:\n  format: json\n  schema:\n    category(enum): [billing, bug, other]\n    summary: string\npromptops.guard:\n  schema: strict\n---\n';
const BASELINE = `${HEAD}Classify this ticket: {{ticket}}\n`;
const CANDIDATE = `${HEAD}Sort this ticket: {{ticket}}\n`;
const TICKETS = ['refund please', 'double charge', 'app crash', 'login fails'];
const FIXTURES = `defaults:\n  assert:\n    - type: is-json\ncases:\n${TICKETS.map((t, i) => `  - id: t${i}\n    input: { ticket: ${t} }\n`).join('')}`;

/** The baseline answers JSON for every ticket; the candidate rewords one summary and answers one in prose. */
function answer(prompt: string): string {
  const ticket = prompt.replace(/^.*ticket: /, '').trim();
  const category = /charge|refund/.test(ticket)
    ? 'billing'
    : ticket.includes('crash')
      ? 'bug'
      : 'other';
  if (prompt.startsWith('Classify')) return JSON.stringify({ category, summary: ticket });
  if (ticket === 'app crash') return 'This looks like a bug in the app.';
  if (ticket === 'double charge')
    return JSON.stringify({ category, summary: 'customer charged twice' });
  return JSON.stringify({ category, summary: ticket });
}

async function setup(t: { after: (fn: () => unknown) => void }, gate = '') {
  const server = await startFakeOpenAI((request) => ({ text: answer(lastUserText(request.body)) }));
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n${gate}`,
    'triage.prompt': BASELINE,
    'triage.fixtures.yaml': FIXTURES,
  });
  t.after(async () => {
    await server.close();
    ws.cleanup();
  });
  const { commit } = gitRepo(ws.dir, { name: 'T', email: 't@example.com' });
  const configFile = ws.file('promptops.config.yaml');
  const config = loadConfig(configFile);
  const registry = new ProviderRegistry(config.providers ?? [], { env: {} });
  const prompt = ws.file('triage.prompt');
  await evalPrompt(prompt, {
    root: ws.dir,
    registry,
    version: '0.0.0-test',
  });
  commit('baseline');
  await labelPrompt(prompt, 'production', { root: ws.dir, config });
  fs.writeFileSync(prompt, CANDIDATE); // the candidate: the working copy
  return { server, ws, prompt, options: { root: ws.dir, registry, version: '0.0.0-test' } };
}

test('a shadow run of the working copy against production reports the divergence it should', async (t) => {
  const env = await setup(t);
  const report = await runShadow(env.prompt, env.options);
  assert.equal(report.baseline.ref, 'production');
  assert.match(report.baseline.rev ?? '', /^[0-9a-f]{40}$/);
  assert.equal(report.candidate.ref, 'working');
  assert.deepEqual(report.inputs, { source: 'fixtures', count: 4 });
  const s = report.summary;
  assert.deepEqual([s.cases, s.compared, s.errors], [4, 4, { baseline: 0, candidate: 0 }]);
  assert.equal(s.changedRate, 0.5, 'double charge reworded, app crash in prose');
  assert.equal(s.shapeChangedRate, 0.25, 'only the prose answer changed shape');
  assert.deepEqual(s.assertionFlips, { passToFail: 1, failToPass: 0 });
  assert.deepEqual(s.guardFlips, { toFallback: 1, fromFallback: 0 });
  assert.equal(s.flipRate, 0.25);
  assert.deepEqual(s.schemaValidRate, { baseline: 1, candidate: 0.75 });
  assert.equal(report.comparison.cases.length, 4);
  assert.deepEqual(
    report.comparison.cases.filter((c) => c.outputChanged).map((c) => c.id),
    ['t1', 't2'],
  );
  // 4 requests for the eval before labelling, 4 for the candidate: the baseline side came from the cache.
  assert.equal(env.server.requests.length, 4 + 4);
  assert.deepEqual(
    shadowProblems(report, {
      maxShapeChangedRate: 0.1,
      maxChangedRate: 0.5,
      minSchemaValidRate: 0.9,
    }).map((p) => p.message),
    [
      'shadow working vs production: outputs changed shape 25% > 10%',
      'shadow working: schema-valid outputs 75% < 90%',
    ],
  );
});

test('a shadow run on sampled production inputs (JSONL) has no assertions to flip, only outputs and the guard', async (t) => {
  const env = await setup(t);
  fs.writeFileSync(
    env.ws.file('sample.jsonl'),
    '{"ticket":"app crash"}\n\n{"id":"r1","input":{"ticket":"refund please"}}\n',
  );
  const report = await runShadow(env.prompt, {
    ...env.options,
    inputsFile: env.ws.file('sample.jsonl'),
  });
  assert.deepEqual(report.inputs, { source: 'sample.jsonl', count: 2 });
  assert.deepEqual(
    report.comparison.cases.map((c) => c.id),
    ['line-1', 'r1'],
  );
  assert.equal(report.summary.assertionFlips, null);
  assert.deepEqual(report.summary.guardFlips, { toFallback: 1, fromFallback: 0 });
  assert.equal(report.summary.changedRate, 0.5);
  assert.throws(
    () => inputsAsCases('{"ticket":"a"}\nnot json\n', 'sample.jsonl'),
    (error: unknown) =>
      error instanceof ShadowError && /^sample\.jsonl:2: not valid JSON/.test(error.message),
  );
  assert.throws(
    () => inputsAsCases('[1,2]\n', 'sample.jsonl'),
    /sample\.jsonl:1: expected a JSON object/,
  );
  assert.throws(() => inputsAsCases('\n\n', 'sample.jsonl'), /sample\.jsonl has no inputs/);
});

test('shapeOf sees keys and types, not values', () => {
  const result = (text: string, json?: unknown) =>
    caseResult({ id: 'x', output: json === undefined ? { text } : { text, json } });
  assert.equal(
    shapeOf(result('', { a: 1, b: ['x'] })),
    shapeOf(result('', { b: ['y', 'z'], a: 2 })),
  );
  assert.notEqual(shapeOf(result('', { a: 1 })), shapeOf(result('', { a: '1' })));
  assert.notEqual(shapeOf(result('', { a: 1 })), shapeOf(result('', { a: 1, b: null })));
  assert.equal(shapeOf(result('hello')), 'text');
});

test('promptops shadow writes a report, holds it to gate.shadow, and promptops check does too', async (t) => {
  const env = await setup(t, 'gate:\n  shadow:\n    maxShapeChangedRate: 0.1\n');
  const run = await runCli(env.ws.dir, ['shadow', 'triage.prompt']);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /outputs changed: +50%/);
  assert.match(run.stdout, /outputs changed shape: +25%/);
  assert.match(run.stdout, /schema-valid outputs: +100% → 75%/);
  assert.match(run.stdout, /report: \.promptops\/shadow\/triage\.json/);
  assert.match(run.stderr, /✗ shadow working vs production: outputs changed shape 25% > 10%/);
  const report = readShadowReport(env.ws.file('.promptops/shadow/triage.json'));
  assert.equal(report.summary.shapeChangedRate, 0.25);

  const check = await runCli(env.ws.dir, ['check', '--no-lint']);
  assert.equal(check.code, 1);
  assert.match(check.stdout + check.stderr, /outputs changed shape 25% > 10%/);
  const loose = await runCli(env.ws.dir, ['check', '--no-lint', '--json']);
  assert.ok(
    JSON.parse(loose.stdout).prompts[0].problems.some((p: { kind: string }) => p.kind === 'shadow'),
  );

  // The prompt changes after the shadow run: the report no longer speaks for it.
  fs.writeFileSync(env.prompt, CANDIDATE + '\nBe brief.\n');
  const stale = await runCli(env.ws.dir, ['check', '--no-lint']);
  assert.match(
    stale.stdout + stale.stderr,
    /\.promptops\/shadow\/triage\.json is stale: the prompt changed since the shadow run/,
  );
});

test('shadow errors: no production label, a bad baseline, a missing inputs file', async (t) => {
  const env = await setup(t);
  fs.writeFileSync(env.ws.file('promptops.registry.yaml'), 'version: 1\nprompts: {}\n');
  const noLabel = await runCli(env.ws.dir, ['shadow', 'triage.prompt']);
  assert.deepEqual(
    [noLabel.code, noLabel.stderr],
    [
      2,
      "promptops shadow: triage.prompt has no 'production' label: promote a version with promptops label, or pass --baseline <label|rev>",
    ],
  );
  const byRev = await runCli(env.ws.dir, [
    'shadow',
    'triage.prompt',
    '--baseline',
    'HEAD',
    '--json',
  ]);
  assert.equal(byRev.code, 0, byRev.stderr);
  assert.equal(JSON.parse(byRev.stdout).summary.changedRate, 0.5);
  const badRev = await runCli(env.ws.dir, ['shadow', 'triage.prompt', '--baseline', 'nope']);
  assert.equal(badRev.code, 2);
  assert.match(
    badRev.stderr,
    /'nope' is not a git revision here, nor a saved run of triage\.prompt; nor a label of triage\.prompt \(labels: none\)/,
  );
  const noInputs = await runCli(env.ws.dir, [
    'shadow',
    'triage.prompt',
    '--baseline',
    'HEAD',
    '--inputs',
    'missing.jsonl',
  ]);
  assert.deepEqual(
    [noInputs.code, noInputs.stderr],
    [2, 'promptops shadow: cannot read missing.jsonl: ENOENT'],
  );
});
