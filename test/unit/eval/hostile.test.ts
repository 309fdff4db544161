// Servers that misbehave, answers that attack and fixtures that crash: each against the loopback server.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readArtifact } from '../../../src/core/eval/artifact';
import { evalPrompt, type EvalOptions } from '../../../src/core/eval/engine';
import { ProviderRegistry } from '../../../src/core/providers/registry';
import { clearSecrets } from '../../../src/core/secrets/scrub';
import { lastUserText, startFakeOpenAI, type Handler } from '../../support/openai-server';
import { workspace } from '../helpers';

const KEY = 'sk-proj-hostile-0123456789abcdefABCDEF';
const PROMPT =
  '---\nmodel: local/m\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.';
const FIXTURES =
  'cases:\n  - id: ada\n    input: { name: Ada }\n    assert:\n      - type: contains\n        value: Ada\n';

async function setup(
  handler: Handler,
  files: Record<string, string> = {},
  baseURLOf = (u: string) => u,
) {
  const server = await startFakeOpenAI(handler);
  const ws = workspace({ 'greet.prompt': PROMPT, 'greet.fixtures.yaml': FIXTURES, ...files });
  const registry = new ProviderRegistry(
    [{ name: 'local', baseURL: baseURLOf(server.baseURL), apiKeyEnv: 'LOCAL_KEY' }],
    { env: { LOCAL_KEY: KEY } },
    { approvals: { entries: ['127.0.0.1'], userFile: 'none' } },
  );
  const sleeps: number[] = [];
  const options = (extra: Partial<EvalOptions> = {}): EvalOptions => ({
    root: ws.dir,
    registry,
    version: '0.0.0-test',
    sleep: async (ms) => void sleeps.push(ms),
    ...extra,
  });
  return {
    server,
    ws,
    sleeps,
    options,
    prompt: ws.file('greet.prompt'),
    cleanup: async () => {
      clearSecrets();
      await server.close();
      ws.cleanup();
    },
  };
}

function allFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

test('a server that echoes the key in its error leaves no trace of it in the artifact, saved runs or history', async (t) => {
  const env = await setup(() => ({
    status: 401,
    body: { error: { message: `Incorrect API key provided: ${KEY}. Find yours at …` } },
  }));
  t.after(env.cleanup);
  const { artifact, file } = await evalPrompt(env.prompt, env.options());
  assert.match(artifact.cases[0]?.error ?? '', /Incorrect API key provided: \[REDACTED\]/);
  assert.equal(env.server.requests[0]?.headers.authorization, `Bearer ${KEY}`, 'the key was used');
  const written = allFiles(path.join(env.ws.dir, '.promptops'));
  assert.ok(written.includes(file) && written.some((f) => f.endsWith('history.jsonl')));
  assert.ok(written.some((f) => f.includes(`${path.sep}runs${path.sep}`)));
  for (const f of written) assert.ok(!fs.readFileSync(f, 'utf8').includes(KEY), f);
});

test("credentials in the endpoint URL do not reach the artifact's model.baseURL", async (t) => {
  const env = await setup(
    (request) => ({ text: `Hello ${lastUserText(request.body).slice(13, -1)}` }),
    {},
    (url) => url.replace('http://', 'http://proxyuser:s3cr3t-proxy-pass@'),
  );
  t.after(env.cleanup);
  const { file } = await evalPrompt(env.prompt, env.options());
  const artifact = readArtifact(file);
  assert.equal(artifact.summary.passed, 1);
  assert.match(artifact.model.baseURL, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  for (const f of allFiles(path.join(env.ws.dir, '.promptops')))
    assert.doesNotMatch(fs.readFileSync(f, 'utf8'), /s3cr3t-proxy-pass|proxyuser/, f);
});

test("privacy redact: the case's recorded input is redacted too, not only the messages sent", async (t) => {
  const env = await setup(() => ({ text: 'Hello' }), {
    'greet.fixtures.yaml':
      'cases:\n  - id: mail\n    input: { name: "Ada ada.lovelace@gmail.com" }\n    assert:\n      - type: contains\n        value: Hello\n',
  });
  t.after(env.cleanup);
  const { file } = await evalPrompt(
    env.prompt,
    env.options({ privacy: { secrets: 'block', pii: 'redact' } }),
  );
  const text = fs.readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /ada\.lovelace@gmail\.com/);
  const recorded = readArtifact(file).cases[0]?.input.name;
  assert.match(String(recorded), /^Ada \[EMAIL_1\]$/);
});

test('a catastrophically backtracking regex against the answer the model chose finishes (linear-time engine)', async (t) => {
  const env = await setup(() => ({ text: `${'A'.repeat(40)}!` }), {
    'greet.fixtures.yaml':
      "cases:\n  - id: redos\n    input: { name: Ada }\n    assert:\n      - type: regex\n        value: '(A+)+$'\n      - type: regex\n        value: '^(A+)+!$'\n",
  });
  t.after(env.cleanup);
  const { artifact } = await evalPrompt(env.prompt, env.options());
  assert.deepEqual(
    artifact.cases[0]?.assertions.map((a) => a.pass),
    [false, true],
  );
});

test('a stream that stalls after its first event is bounded by the timeout, body included, and retried', async (t) => {
  const env = await setup(() => ({ text: 'Hello Ada', streamFault: 'stall' }));
  t.after(env.cleanup);
  const { artifact } = await evalPrompt(
    env.prompt,
    env.options({ stream: true, timeoutMs: 300, retries: 1 }),
  );
  const c = artifact.cases[0];
  assert.equal(c?.status, 'error');
  assert.match(c?.error ?? '', /timed out/);
  assert.equal(c?.attempts, 2, 'a timeout is retried');
  assert.equal(env.server.requests.length, 2);
});

test('Retry-After: 3600 is cut to the retry cap (configurable), then retried like any failure', async (t) => {
  const env = await setup((request, index) =>
    index === 0
      ? { status: 429, headers: { 'retry-after': '3600' } }
      : { text: `Hello ${lastUserText(request.body).slice(13, -1)}` },
  );
  t.after(env.cleanup);
  const first = await evalPrompt(env.prompt, env.options({ cache: false }));
  assert.equal(first.artifact.summary.passed, 1);
  assert.deepEqual(env.sleeps, [30_000], 'the default cap, not an hour');
  env.sleeps.length = 0;
  const handler429 = await setup((request, index) =>
    index === 0
      ? { status: 503, headers: { 'retry-after': '3600' } }
      : { text: `Hello ${lastUserText(request.body).slice(13, -1)}` },
  );
  t.after(handler429.cleanup);
  await evalPrompt(handler429.prompt, handler429.options({ cache: false, maxRetryWaitMs: 1500 }));
  assert.deepEqual(handler429.sleeps, [1500]);
});

test('a stream cut mid-event is retried; one that ends without a finish reason is retried and never cached', async (t) => {
  const faults = ['cut', 'no-finish'] as const;
  for (const fault of faults) {
    const env = await setup((_request, index) =>
      index === 0 ? { text: 'Hello Ada', streamFault: fault } : { text: 'Hello Ada' },
    );
    t.after(env.cleanup);
    const { artifact } = await evalPrompt(env.prompt, env.options({ stream: true }));
    assert.equal(artifact.cases[0]?.status, 'pass', `${fault}: ${artifact.cases[0]?.error}`);
    assert.equal(artifact.cases[0]?.attempts, 2, fault);
  }
  const always = await setup(() => ({ text: 'Hello Ada', streamFault: 'no-finish' }));
  t.after(always.cleanup);
  const run = await evalPrompt(always.prompt, always.options({ stream: true, retries: 0 }));
  assert.match(run.artifact.cases[0]?.error ?? '', /without a finish reason/);
  assert.equal(
    fs.existsSync(path.join(always.ws.dir, '.promptops', 'cache')),
    false,
    'nothing cached',
  );
  await evalPrompt(always.prompt, always.options({ stream: true, retries: 0 }));
  assert.equal(always.server.requests.length, 2, 'asked again: no cached half answer');
});

test('input nested thousands deep is an input error of its case; the other cases and the artifact are kept', async (t) => {
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const lines = [
    JSON.stringify({
      id: 'ada',
      input: { name: 'Ada' },
      assert: [{ type: 'contains', value: 'Ada' }],
    }),
    `{"id":"deep5k","input":{"name":${deep(5000)}}}`,
    `{"id":"deep100k","input":{"name":${deep(100_000)}}}`,
  ];
  const env = await setup(
    (request) => ({ text: `Hello ${lastUserText(request.body).slice(13, -1)}` }),
    {
      'greet.fixtures.jsonl': lines.join('\n') + '\n',
    },
  );
  fs.rmSync(env.ws.file('greet.fixtures.yaml'));
  t.after(env.cleanup);
  const { file } = await evalPrompt(env.prompt, env.options());
  const artifact = readArtifact(file);
  assert.deepEqual(
    artifact.cases.map((c) => [c.id, c.status]),
    [
      ['ada', 'pass'],
      ['deep5k', 'error'],
      ['deep100k', 'error'],
    ],
  );
  assert.match(
    artifact.cases[1]?.error ?? '',
    /input error: the case's input nests deeper than 100 levels/,
  );
  assert.equal(env.server.requests.length, 1, 'the deep cases were not sent');
});

test('a case cancelled while waiting to retry records the attempts it made', async (t) => {
  const env = await setup(() => ({ status: 500 }));
  t.after(env.cleanup);
  const controller = new AbortController();
  const { artifact } = await evalPrompt(
    env.prompt,
    env.options({
      signal: controller.signal,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          controller.abort(new Error('cancelled'));
        }),
    }),
  );
  assert.equal(artifact.cases[0]?.error, 'cancelled');
  assert.equal(artifact.cases[0]?.attempts, 1);
});

test('temp files a killed writer left under .promptops are removed by the next run', async (t) => {
  const env = await setup((request) => ({
    text: `Hello ${lastUserText(request.body).slice(13, -1)}`,
  }));
  t.after(env.cleanup);
  const results = env.ws.file('.promptops/results');
  const cache = env.ws.file('.promptops/cache/ab');
  fs.mkdirSync(results, { recursive: true });
  fs.mkdirSync(cache, { recursive: true });
  // pid 2^22+1 is above Linux's pid_max: no such process.
  const staleArtifact = path.join(results, `.greet.json.${2 ** 22 + 1}.m0abc.tmp`);
  const staleCache = path.join(cache, `.abcd.json.${2 ** 22 + 1}.m0abd.tmp`);
  const liveTemp = path.join(results, `.other.json.${process.pid}.m0abe.tmp`);
  fs.writeFileSync(staleArtifact, 'x'.repeat(1000));
  fs.writeFileSync(staleCache, '');
  fs.writeFileSync(liveTemp, '');
  await evalPrompt(env.prompt, env.options());
  assert.equal(fs.existsSync(staleArtifact), false);
  assert.equal(fs.existsSync(staleCache), false);
  assert.equal(fs.existsSync(liveTemp), true, "a live writer's temp stays");
});
