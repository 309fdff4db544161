import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { readArtifact } from '../../../src/core/eval/artifact';
import { lastUserText, startFakeOpenAI, type Handler } from '../../support/openai-server';
import { REPO, runCli, waitUntil, workspace } from '../helpers';

const CLI = path.join(REPO, 'dist', 'cli.js');

const run = runCli;

const answerByName: Handler = (request) => ({
  text: `Hello ${lastUserText(request.body).trim().slice(12)}`,
});

async function project(handler: Handler) {
  const server = await startFakeOpenAI(handler);
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n    prices:\n      tiny: { input: 1, output: 2 }\n`,
    'prompts/greet.prompt':
      '---\nmodel: local/tiny\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}',
    'prompts/greet.fixtures.yaml':
      'cases:\n  - id: ada\n    input: { name: Ada }\n    assert:\n      - type: contains\n        value: Ada\n  - id: grace\n    input: { name: Grace }\n    assert:\n      - type: contains\n        value: Grace\n',
  });
  return {
    server,
    ws,
    cleanup: async () => {
      await server.close();
      ws.cleanup();
    },
  };
}

test('eval runs prompts, prints a summary table, writes artifacts and JUnit, exits 0 when all pass', async (t) => {
  const p = await project(answerByName);
  t.after(p.cleanup);
  const { code, stdout, stderr } = await run(p.ws.dir, ['eval', '--junit', 'reports/junit.xml']);
  assert.equal(code, 0, stderr + stdout);
  assert.match(stdout, /prompts\/greet\.prompt +local\/tiny +2 +0 +0 +100%/);
  assert.match(stdout, /2\/2 cases passed; results in \.promptops\/results\//);
  assert.match(stderr, /Preflight: 2 requests, at most \$0\.00\d+/);
  const artifact = readArtifact(p.ws.file('.promptops/results/prompts/greet.json'));
  assert.equal(artifact.summary.passed, 2);
  assert.ok(artifact.summary.costUsd > 0, 'cost from the configured price');
  const junit = fs.readFileSync(p.ws.file('reports/junit.xml'), 'utf8');
  assert.match(junit, /<testsuites name="promptops" tests="2" failures="0" errors="0"/);
  assert.match(junit, /<testcase classname="greet" name="ada"/);
});

test('eval exits 1 when a case fails, lists why, and --json prints summaries', async (t) => {
  const p = await project((request) => ({
    text: lastUserText(request.body).includes('Grace') ? 'Hi there' : 'Hello Ada',
  }));
  t.after(p.cleanup);
  const table = await run(p.ws.dir, ['eval', 'prompts']);
  assert.equal(table.code, 1);
  assert.match(
    table.stdout,
    /✗ prompts\/greet\.prompt › grace: contains: output does not contain "Grace"/,
  );
  const json = await run(p.ws.dir, ['eval', '--json', '--case', 'grace']);
  const parsed = JSON.parse(json.stdout) as {
    ok: boolean;
    runs: { prompt: string; summary: { failed: number; total: number } }[];
  };
  assert.equal(parsed.ok, false);
  assert.deepEqual(
    parsed.runs.map((r) => [r.prompt, r.summary.total, r.summary.failed]),
    [['prompts/greet.prompt', 1, 1]],
  );
});

test('a large failing run: the summary lists the first 50 failures of a prompt, the artifact and JUnit all of them, in case order', async (t) => {
  const p = await project((request, index) => ({ text: 'Hi there', delayMs: (index * 13) % 30 }));
  t.after(p.cleanup);
  const ids = Array.from({ length: 120 }, (_, i) => `c${String(i).padStart(3, '0')}`);
  fs.writeFileSync(
    p.ws.file('prompts/greet.fixtures.jsonl'),
    ids
      .map((id) =>
        JSON.stringify({ id, input: { name: id }, assert: [{ type: 'contains', value: id }] }),
      )
      .join('\n'),
  );
  fs.rmSync(p.ws.file('prompts/greet.fixtures.yaml'));
  const { code, stdout } = await run(p.ws.dir, [
    'eval',
    '--concurrency',
    '16',
    '--junit',
    'junit.xml',
  ]);
  assert.equal(code, 1);
  const listed = stdout.split('\n').filter((line) => line.startsWith('  ✗ '));
  assert.deepEqual(
    listed.map((line) => /› (c\d+):/.exec(line)?.[1]),
    ids.slice(0, 50),
  );
  assert.match(stdout, /… and 70 more in prompts\/greet\.prompt: see its results file/);
  assert.deepEqual(
    readArtifact(p.ws.file('.promptops/results/prompts/greet.json')).cases.map((c) => c.id),
    ids,
  );
  const junit = fs.readFileSync(p.ws.file('junit.xml'), 'utf8');
  assert.deepEqual(
    [...junit.matchAll(/<testcase classname="greet" name="(c\d+)"/g)].map((m) => m[1]),
    ids,
  );
  assert.equal(junit.match(/<failure /g)?.length, 120);
});

test('usage and configuration errors exit 2 with one line', async (t) => {
  const p = await project(answerByName);
  t.after(p.cleanup);
  fs.writeFileSync(p.ws.file('prompts/lonely.prompt'), 'no fixtures');
  const cases: [string[], RegExp][] = [
    [['eval', 'prompts/lonely.prompt'], /lonely\.prompt has no fixture file/],
    [['eval', '--replay', '--record'], /either --replay or --record/],
    [['eval', '--concurrency', '0'], /--concurrency takes a whole number ≥ 1/],
    [['eval', '--model', 'openai/gpt-4o-mini'], /no API key for 'openai': set OPENAI_API_KEY/],
    [['eval', '--case', 'zed'], /no case 'zed'/],
    [['eval', 'missing'], /no such file or folder: missing/],
  ];
  for (const [argv, expected] of cases) {
    const { code, stderr } = await run(p.ws.dir, argv, { OPENAI_API_KEY: '' });
    assert.equal(code, 2, `${argv.join(' ')}: ${stderr}`);
    assert.match(stderr, expected);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  }
});

function spawnCli(cwd: string, argv: string[]) {
  const child = spawn(process.execPath, [CLI, ...argv], {
    cwd,
    env: { ...process.env, OPENAI_API_KEY: '' },
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => stdout };
}

test('Ctrl-C cancels: requests in flight are aborted and a valid artifact marked cancelled is written', async (t) => {
  const p = await project((request) => ({
    ...(answerByName(request, 0) as object),
    delayMs: 10_000,
  }));
  t.after(p.cleanup);
  const { child, exited } = spawnCli(p.ws.dir, ['eval']);
  await waitUntil('both requests to reach the server', () => p.server.requests.length >= 2, 30_000);
  child.kill('SIGINT');
  assert.equal(await exited, 1);
  const artifact = readArtifact(p.ws.file('.promptops/results/prompts/greet.json'));
  assert.equal(artifact.summary.cancelled, true);
  assert.deepEqual(
    artifact.cases.map((c) => c.error),
    ['cancelled', 'cancelled'],
  );
});

test('a killed process leaves the previous artifact intact', async (t) => {
  let slow = false;
  const p = await project((request) => ({
    ...(answerByName(request, 0) as object),
    delayMs: slow ? 10_000 : 0,
  }));
  t.after(p.cleanup);
  assert.equal((await run(p.ws.dir, ['eval'])).code, 0);
  const file = p.ws.file('.promptops/results/prompts/greet.json');
  const before = fs.readFileSync(file, 'utf8');
  slow = true;
  const { child, exited } = spawnCli(p.ws.dir, ['eval', '--no-cache']);
  await waitUntil(
    'the four requests to reach the server',
    () => p.server.requests.length >= 4,
    30_000,
  );
  child.kill('SIGKILL');
  await exited;
  assert.equal(fs.readFileSync(file, 'utf8'), before);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['greet.json'], 'no temp file left behind');
});

test('the bundled examples run offline from their recordings', async (t) => {
  // A copy, so that the committed results are not rewritten by the test.
  const examples = fs.mkdtempSync(path.join(os.tmpdir(), 'po-examples-'));
  t.after(() => fs.rmSync(examples, { recursive: true, force: true }));
  fs.cpSync(path.join(REPO, 'examples'), examples, { recursive: true });
  const { code, stdout } = await run(examples, ['eval', '--replay', '--json'], {
    OPENAI_API_KEY: '',
  });
  assert.equal(code, 0, stdout);
  const parsed = JSON.parse(stdout) as { runs: { summary: { passed: number; total: number } }[] };
  assert.equal(
    parsed.runs.reduce((n, r) => n + r.summary.passed, 0),
    12, // triage 3, summarize 2, its variant summarize.terse 2, rag-answer 2, weather 2, support 1
  );
});

test('--model with another model keeps its results apart from the prompt’s own, which the gate checks', async (t) => {
  const p = await project(answerByName);
  t.after(p.cleanup);
  const own = await run(p.ws.dir, ['eval']);
  assert.equal(own.code, 0, own.stderr);
  const ownFile = p.ws.file('.promptops/results/prompts/greet.json');
  const before = fs.readFileSync(ownFile, 'utf8');

  const other = await run(p.ws.dir, ['eval', '--model', 'local/big']);
  assert.equal(other.code, 0, other.stderr);
  assert.match(other.stdout, /results in \.promptops\/models\/local_big\/$/m);
  assert.equal(fs.readFileSync(ownFile, 'utf8'), before, 'the prompt’s own results untouched');
  const apart = readArtifact(p.ws.file('.promptops/models/local_big/prompts/greet.json'));
  assert.equal(apart.model.id, 'local/big');
  const check = await run(p.ws.dir, ['check']);
  assert.equal(check.code, 0, check.stdout + check.stderr);

  // Naming the prompt's own model is a run of the prompt, not of another model.
  const same = await run(p.ws.dir, ['eval', '--model', 'local/tiny', '--no-cache']);
  assert.equal(same.code, 0, same.stderr);
  assert.notEqual(fs.readFileSync(ownFile, 'utf8'), before);
});
