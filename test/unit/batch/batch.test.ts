import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { readManifest } from '../../../src/core/batch/manifest';
import { readArtifact } from '../../../src/core/eval/artifact';
import {
  lastUserText,
  startFakeOpenAI,
  type BatchScript,
  type Handler,
} from '../../support/openai-server';
import { REPO, runCli, workspace } from '../helpers';

const CLI = path.join(REPO, 'dist', 'cli.js');
const answerByName: Handler = (request) => ({
  text: `Hello ${lastUserText(request.body).trim().slice(12)}`,
});
const NAMES = ['Ada', 'Grace', 'Alan', 'Edsger'];

async function project(script: BatchScript, handler: Handler = answerByName, providerExtra = '') {
  const server = await startFakeOpenAI(handler, script);
  const cases = NAMES.map(
    (n) =>
      `  - id: ${n.toLowerCase()}\n    input: { name: ${n} }\n    assert:\n      - type: contains\n        value: ${n}\n`,
  ).join('');
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n    prices:\n      tiny: { input: 1, output: 2 }\n${providerExtra}`,
    'prompts/greet.prompt':
      '---\nmodel: local/tiny\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}',
    'prompts/greet.fixtures.yaml': `cases:\n${cases}`,
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

const FAST = ['--batch-poll', '5'];

test('eval --batch sends one batch, judges every case, records the batch id and the half price, fills the cache', async (t) => {
  const p = await project({ polls: 3 });
  t.after(p.cleanup);
  const { code, stderr, stdout } = await run(p.ws.dir, ['eval', '--batch', ...FAST]);
  assert.equal(code, 0, stderr + stdout);
  assert.deepEqual(p.server.batch.calls.upload, 1);
  assert.equal(p.server.batch.calls.create, 1);
  const [input] = [...p.server.batch.files.values()];
  const lines = (input ?? '')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { custom_id: string; url: string });
  assert.deepEqual(
    lines.map((l) => l.custom_id),
    ['ada', 'grace', 'alan', 'edsger'],
  );
  assert.equal(lines[0]?.url, '/v1/chat/completions');
  assert.match(stderr, /batch batch_1 in_progress \d\/4/);
  assert.match(stderr, /batch batch_1 completed 4\/4/);
  const artifact = readArtifact(p.ws.file('.promptops/results/prompts/greet.json'));
  assert.deepEqual(artifact.batch, { id: 'batch_1', status: 'completed' });
  assert.equal(artifact.summary.passed, 4);
  // 10 input tokens and 3 output tokens ("Hello Ada" and the like) at half of 1 and 2 $/M.
  const ada = artifact.cases.find((c) => c.id === 'ada');
  assert.equal(ada?.costUsd, (10 * 0.5 + (ada?.tokens?.output ?? 0) * 1) / 1_000_000);
  assert.ok(
    !fs.existsSync(p.ws.file('.promptops/batches/prompts/greet.json')),
    'manifest gone when done',
  );

  // A second run: every answer is cached, so nothing is sent.
  const again = await run(p.ws.dir, ['eval', '--batch', ...FAST]);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(p.server.batch.calls.create, 1, 'no second batch for cache hits');
});

test('a failed line is an error with the provider message; the other cases pass', async (t) => {
  const p = await project({ failIds: { grace: 'This model does not exist for batch' } });
  t.after(p.cleanup);
  const { code, stdout } = await run(p.ws.dir, ['eval', '--batch', ...FAST]);
  assert.equal(code, 1);
  assert.match(
    stdout,
    /! prompts\/greet\.prompt › grace: batch: This model does not exist for batch/,
  );
  const artifact = readArtifact(p.ws.file('.promptops/results/prompts/greet.json'));
  assert.equal(artifact.summary.passed, 3);
  assert.equal(artifact.summary.errors, 1);
});

test('an expired batch: answered lines are judged, the rest are errors saying it expired; a re-run sends only those', async (t) => {
  const p = await project({ outcome: 'expired', answered: 2 });
  t.after(p.cleanup);
  const first = await run(p.ws.dir, ['eval', '--batch', ...FAST]);
  assert.equal(first.code, 1);
  assert.match(first.stdout, /alan: batch: This request was not executed: the batch was expired/);
  const artifact = readArtifact(p.ws.file('.promptops/results/prompts/greet.json'));
  assert.equal(artifact.summary.passed, 2);
  assert.equal(artifact.summary.errors, 2);
  assert.equal(artifact.batch?.status, 'expired');
  await run(p.ws.dir, ['eval', '--batch', ...FAST]);
  const second = [...p.server.batch.files.entries()].filter(([id]) => id.startsWith('file-in-'));
  assert.equal(second.length, 2);
  assert.equal(
    (second[1]?.[1] ?? '').trim().split('\n').length,
    2,
    'only the unanswered cases again',
  );
});

test('a failed batch names the provider errors on every case', async (t) => {
  const p = await project({ outcome: 'failed' });
  t.after(p.cleanup);
  const { code, stdout } = await run(p.ws.dir, ['eval', '--batch', ...FAST]);
  assert.equal(code, 1);
  assert.match(
    stdout,
    /ada: batch batch_1 failed before this request ran: line 1: the input file is invalid/,
  );
});

test('usage errors: --batch with --replay or --stream', async (t) => {
  const p = await project({});
  t.after(p.cleanup);
  for (const extra of ['--replay', '--stream']) {
    const r = await run(p.ws.dir, ['eval', '--batch', extra]);
    assert.equal(r.code, 2, extra);
  }
});

function spawnCli(cwd: string, argv: string[]) {
  const child = spawn(process.execPath, [CLI, ...argv], {
    cwd,
    env: { ...process.env, OPENAI_API_KEY: '' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  child.stdout.on('data', () => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function until(what: string, condition: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test('resume after kill: a CLI killed mid-poll, re-run with the same command, picks up the same batch', async (t) => {
  const p = await project({ polls: 1_000_000 });
  t.after(p.cleanup);
  const manifest = p.ws.file('.promptops/batches/prompts/greet.json');
  const first = spawnCli(p.ws.dir, ['eval', '--batch', '--batch-poll', '20']);
  await until(
    'the manifest and a poll',
    () => fs.existsSync(manifest) && p.server.batch.calls.retrieve >= 2,
  );
  first.child.kill('SIGKILL');
  await first.exited;
  assert.equal(JSON.parse(fs.readFileSync(manifest, 'utf8')).parts[0].batchId, 'batch_1');

  const status = await run(p.ws.dir, ['eval', '--batch-status']);
  assert.match(status.stdout, /prompts\/greet\.prompt: batch batch_1 in_progress/);

  // Let the batch finish on the next poll, and re-run.
  const batch = p.server.batch.batches.get('batch_1');
  assert.ok(batch);
  batch.polls = 1_000_000 - 1;
  const second = await run(p.ws.dir, ['eval', '--batch', ...FAST]);
  assert.equal(second.code, 0, second.stderr + second.stdout);
  assert.equal(p.server.batch.calls.create, 1, 'the same batch, not a second one');
  assert.equal(p.server.batch.calls.upload, 1);
  assert.equal(
    readArtifact(p.ws.file('.promptops/results/prompts/greet.json')).batch?.id,
    'batch_1',
  );
});

test('--batch-cancel cancels the stored batch; the run waiting on it ends with the cases as errors', async (t) => {
  const p = await project({ polls: 1_000_000, answered: 1 });
  t.after(p.cleanup);
  const manifest = p.ws.file('.promptops/batches/prompts/greet.json');
  const waiting = spawnCli(p.ws.dir, ['eval', '--batch', '--batch-poll', '20']);
  await until('the manifest', () => fs.existsSync(manifest));
  const cancel = await run(p.ws.dir, ['eval', '--batch-cancel']);
  assert.match(cancel.stdout, /batch batch_1 cancelling/);
  assert.equal(await waiting.exited, 1);
  assert.match(waiting.stderr(), /batch batch_1 cancelled/);
  const artifact = readArtifact(p.ws.file('.promptops/results/prompts/greet.json'));
  assert.equal(artifact.summary.passed, 1);
  assert.equal(artifact.summary.errors, 3);
  assert.match(artifact.cases[1]?.error ?? '', /the batch was cancelled/);
});

const run = runCli;

test('more requests than one batch holds: several batches within the limits, judged as one run', async (t) => {
  const p = await project(
    { polls: 2, maxRequests: 2 },
    answerByName,
    '    batch:\n      maxRequests: 2\n',
  );
  t.after(p.cleanup);
  const { code, stderr, stdout } = await run(p.ws.dir, ['eval', '--batch', ...FAST]);
  assert.equal(code, 0, stderr + stdout);
  assert.equal(p.server.batch.calls.create, 2);
  const sent = [...p.server.batch.batches.values()].map((b) => b.lines.map((l) => l.custom_id));
  assert.deepEqual(sent, [
    ['ada', 'grace'],
    ['alan', 'edsger'],
  ]);
  assert.match(stderr, /batches batch_1, batch_2 completed 4\/4/);
  const artifact = readArtifact(p.ws.file('.promptops/results/prompts/greet.json'));
  assert.equal(artifact.summary.passed, 4);
  assert.deepEqual(artifact.batch, {
    id: 'batch_1',
    status: 'completed',
    parts: [
      { id: 'batch_1', status: 'completed' },
      { id: 'batch_2', status: 'completed' },
    ],
  });
});

test('the same limit unconfigured: the provider fails the batch and every case says why', async (t) => {
  const p = await project({ polls: 1, maxRequests: 2 });
  t.after(p.cleanup);
  const { code, stdout, stderr } = await run(p.ws.dir, ['eval', '--batch', ...FAST]);
  assert.notEqual(code, 0);
  const artifact = readArtifact(p.ws.file('.promptops/results/prompts/greet.json'));
  assert.equal(artifact.summary.passed, 0, stdout + stderr);
  for (const c of artifact.cases)
    assert.match(c.error ?? '', /failed before this request ran: .*a batch holds at most 2/);
});

test('a byte limit splits too, and a run killed between parts resumes the parts it created', async (t) => {
  const script = { polls: 1_000_000 };
  const p = await project(script, answerByName, '    batch:\n      maxBytes: 350\n');
  t.after(p.cleanup);
  const manifest = p.ws.file('.promptops/batches/prompts/greet.json');
  const first = spawnCli(p.ws.dir, ['eval', '--batch', '--batch-poll', '20']);
  await until(
    'a poll of every part',
    () =>
      p.server.batch.calls.create >= 2 &&
      p.server.batch.calls.retrieve >= 2 * p.server.batch.calls.create,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; the CLI said: ${first.stderr()}`);
  });
  first.child.kill('SIGKILL');
  await first.exited;
  const stored = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { parts: { batchId: string }[] };
  const created = p.server.batch.calls.create;
  assert.ok(created >= 2, `${created} batches`);
  assert.deepEqual(
    stored.parts.map((part) => part.batchId),
    [...p.server.batch.batches.keys()],
  );
  for (const input of p.server.batch.files.values())
    assert.ok(
      Buffer.byteLength(input) <= 350,
      `an input file of ${Buffer.byteLength(input)} bytes`,
    );

  // A part the provider lost track of (expired) is sent again; the others are resumed.
  const [lost] = [...p.server.batch.batches.values()];
  assert.ok(lost);
  lost.status = 'expired';
  const status = await run(p.ws.dir, ['eval', '--batch-status']);
  assert.equal(status.stdout.trim().split('\n').length, created, status.stdout);
  script.polls = 1; // every batch ends at its next poll
  const second = await run(p.ws.dir, ['eval', '--batch', '--batch-poll', '5']);
  assert.equal(second.code, 0, second.stderr + second.stdout);
  assert.equal(p.server.batch.calls.create, created + 1, 'only the expired part is sent again');
});

test('a manifest stored before runs were split reads as one part', () => {
  const ws = workspace({
    '.promptops/batches/prompts/old.json': JSON.stringify({
      prompt: 'prompts/old.prompt',
      model: 'local/tiny',
      batchId: 'batch_9',
      inputFileId: 'file-9',
      requestsSha256: 'abc',
      customIds: ['a', 'b'],
      createdAt: '2026-11-30T00:00:00.000Z',
    }),
  });
  try {
    const manifest = readManifest(ws.file('.promptops/batches/prompts/old.json'));
    assert.deepEqual(manifest?.parts, [
      { batchId: 'batch_9', inputFileId: 'file-9', requestsSha256: 'abc', customIds: ['a', 'b'] },
    ]);
  } finally {
    ws.cleanup();
  }
});
