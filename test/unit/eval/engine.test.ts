import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readArtifact, type CaseResult } from '../../../src/core/eval/artifact';
import { evalPrompt, EvalConfigError, type EvalOptions } from '../../../src/core/eval/engine';
import { ProviderRegistry } from '../../../src/core/providers/registry';
import { lastUserText, startFakeOpenAI, type Handler } from '../../support/openai-server';
import { waitUntil, workspace } from '../helpers';

const PROMPT = `---
model: local/test-model
config:
  temperature: 0.2
  maxOutputTokens: 50
input:
  schema:
    name: string
---
{{role "system"}}
Greet people.
{{role "user"}}
Say hello to {{name}}.
`;

function fixtures(names: string[], extra = ''): string {
  return `cases:\n${names.map((n) => `  - id: greet-${n.toLowerCase()}\n    input: { name: ${n} }\n    assert:\n      - type: contains\n        value: ${n}\n${extra}`).join('')}`;
}

const echo: Handler = (request) => ({
  text: `Hello ${lastUserText(request.body)
    .trim()
    .replace(/^Say hello to |\.$/g, '')}!`,
});

async function setup(
  handler: Handler,
  files: Record<string, string> = {},
  env: Record<string, string> = {},
) {
  const server = await startFakeOpenAI(handler);
  const ws = workspace({
    'greet.prompt': PROMPT,
    'greet.fixtures.yaml': fixtures(['Ada', 'Grace', 'Alan']),
    ...files,
  });
  const registry = new ProviderRegistry(
    [{ name: 'local', baseURL: server.baseURL, apiKeyEnv: 'LOCAL_KEY' }],
    { env },
    // The tester's own server: approved, as a user would approve it.
    { approvals: { entries: ['127.0.0.1'], userFile: 'none' } },
  );
  const options = (extra: Partial<EvalOptions> = {}): EvalOptions => ({
    root: ws.dir,
    registry,
    version: '0.0.0-test',
    sleep: async () => undefined,
    ...extra,
  });
  return {
    server,
    ws,
    options,
    prompt: ws.file('greet.prompt'),
    cleanup: async () => {
      await server.close();
      ws.cleanup();
    },
  };
}

describe('eval engine against a loopback OpenAI-compatible server', () => {
  test('runs every case, judges it, and writes a valid artifact in case order', async (t) => {
    // Later cases answer first: results must still come back in case order.
    const env = await setup((request, index) => ({
      ...(echo(request, index) as object),
      delayMs: 60 - index * 25,
    }));
    t.after(env.cleanup);
    const progress: number[] = [];
    const { artifact, file } = await evalPrompt(
      env.prompt,
      env.options({ onProgress: (p) => progress.push(p.done) }),
    );
    assert.equal(file, path.join(env.ws.dir, '.promptops', 'results', 'greet.json'));
    assert.deepEqual(
      readArtifact(file),
      artifact,
      'the file on disk is the artifact and matches the schema',
    );
    assert.deepEqual(
      artifact.cases.map((c) => [c.id, c.status, c.output?.text]),
      [
        ['greet-ada', 'pass', 'Hello Ada!'],
        ['greet-grace', 'pass', 'Hello Grace!'],
        ['greet-alan', 'pass', 'Hello Alan!'],
      ],
    );
    assert.deepEqual(progress, [1, 2, 3]);
    const first = artifact.cases[0];
    assert.equal(first?.attempts, 1);
    assert.equal(first?.cached, false);
    assert.deepEqual(first?.tokens, { input: 10, output: 3, total: 13 });
    assert.ok((first?.latencyMs ?? 0) >= 0);
    assert.deepEqual(artifact.summary, {
      ...artifact.summary,
      total: 3,
      passed: 3,
      failed: 0,
      errors: 0,
      passRate: 1,
      cancelled: false,
    });
    assert.equal(artifact.model.id, 'local/test-model');
    assert.equal(artifact.prompt.source, PROMPT);
    assert.match(artifact.prompt.sha256, /^[0-9a-f]{64}$/);
    const history = fs
      .readFileSync(env.ws.file('.promptops/history.jsonl'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(history.length, 1);
    assert.equal(JSON.parse(history[0] ?? '{}').summary.passed, 3);
  });

  test('the run history gets whole runs only: a subset that cannot fold adds no point of its own', async (t) => {
    const env = await setup(echo);
    t.after(env.cleanup);
    const history = () => {
      const file = env.ws.file('.promptops/history.jsonl');
      if (!fs.existsSync(file)) return [];
      return fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).summary as { total: number; passed: number });
    };
    // No earlier results to fold into: the one-case run is written, but is no point in the history.
    const first = await evalPrompt(env.prompt, env.options({ caseIds: ['greet-ada'] }));
    assert.equal(first.artifact.summary.total, 1);
    assert.deepEqual(history(), []);
    await evalPrompt(env.prompt, env.options());
    assert.deepEqual(
      history().map((s) => s.total),
      [3],
    );
    // Fresh results: the one case folds in, and the history's point is the whole prompt's.
    await evalPrompt(env.prompt, env.options({ caseIds: ['greet-grace'] }));
    assert.deepEqual(
      history().map((s) => s.total),
      [3, 3],
    );
    // The fixtures changed: the results are stale, the subset cannot fold, the history stays.
    fs.writeFileSync(env.ws.file('greet.fixtures.yaml'), fixtures(['Ada', 'Grace', 'Alan', 'Bob']));
    const stale = await evalPrompt(env.prompt, env.options({ caseIds: ['greet-bob'] }));
    assert.equal(
      stale.artifact.summary.total,
      1,
      'written as it is (the gate calls it incomplete)',
    );
    assert.deepEqual(
      history().map((s) => s.total),
      [3, 3],
    );
  });

  test('maps Dotprompt config to request parameters and roles to OpenAI roles', async (t) => {
    const env = await setup(echo);
    t.after(env.cleanup);
    await evalPrompt(env.prompt, env.options({ caseIds: ['greet-ada'] }));
    const body = env.server.requests[0]?.body;
    assert.equal(body?.model, 'test-model');
    assert.equal(body?.temperature, 0.2);
    assert.equal(body?.max_tokens, 50);
    assert.deepEqual(
      body?.messages.map((m) => m.role),
      ['system', 'user'],
    );
  });

  test('structured output: output.format json with a schema asks for json_schema, and assertions see parsed JSON', async (t) => {
    const prompt = PROMPT.replace(
      '---\n{{role',
      'output:\n  format: json\n  schema:\n    greeting: string\n---\n{{role',
    );
    const env = await setup(() => ({ text: '```json\n{"greeting": "Hello Ada"}\n```' }), {
      'greet.prompt': prompt,
      'greet.fixtures.yaml':
        'cases:\n  - id: a\n    input: { name: Ada }\n    assert:\n      - type: json-schema\n      - type: json-path\n        path: $.greeting\n        value: Hello Ada\n',
    });
    t.after(env.cleanup);
    const { artifact } = await evalPrompt(env.prompt, env.options());
    const format = env.server.requests[0]?.body.response_format as {
      type: string;
      json_schema: { schema: { properties: object } };
    };
    assert.equal(format.type, 'json_schema');
    assert.deepEqual(Object.keys(format.json_schema.schema.properties), ['greeting']);
    assert.equal(artifact.cases[0]?.status, 'pass', JSON.stringify(artifact.cases[0]?.assertions));
    assert.deepEqual(artifact.cases[0]?.output?.json, { greeting: 'Hello Ada' });
  });

  test('streaming replies are assembled, with usage', async (t) => {
    const env = await setup(echo);
    t.after(env.cleanup);
    const { artifact } = await evalPrompt(env.prompt, env.options({ stream: true }));
    assert.equal(env.server.requests[0]?.body.stream, true);
    assert.deepEqual(
      artifact.cases.map((c) => c.output?.text),
      ['Hello Ada!', 'Hello Grace!', 'Hello Alan!'],
    );
    assert.equal(artifact.cases[0]?.tokens?.total, 13);
  });

  test('429 with Retry-After is honoured, then the case succeeds', async (t) => {
    const waits: number[] = [];
    const env = await setup((request, index) =>
      index === 0
        ? {
            status: 429,
            headers: { 'retry-after': '2' },
            body: { error: { message: 'slow down', type: 'rate_limit' } },
          }
        : echo(request, index),
    );
    t.after(env.cleanup);
    const { artifact } = await evalPrompt(
      env.prompt,
      env.options({ caseIds: ['greet-ada'], sleep: async (ms) => void waits.push(ms) }),
    );
    assert.deepEqual(waits, [2000]);
    assert.equal(artifact.cases[0]?.status, 'pass');
    assert.equal(artifact.cases[0]?.attempts, 2);
  });

  test('500 and 503 are retried with back-off; a server that keeps failing ends in an error after the retries', async (t) => {
    const waits: number[] = [];
    const env = await setup((request, index) =>
      lastUserText(request.body).includes('Ada')
        ? { status: 503 }
        : index < 3
          ? { status: 500 }
          : echo(request, index),
    );
    t.after(env.cleanup);
    const { artifact } = await evalPrompt(
      env.prompt,
      env.options({ concurrency: 1, retries: 2, sleep: async (ms) => void waits.push(ms) }),
    );
    const ada = artifact.cases[0];
    assert.equal(ada?.status, 'error');
    assert.equal(ada?.attempts, 3);
    assert.match(ada?.error ?? '', /server error \(503\)/);
    assert.equal(artifact.summary.errors, 1);
    assert.ok(
      waits.every((w) => w >= 250 && w <= 30_000),
      `back-off waits ${waits.join(', ')}`,
    );
  });

  test('a slow reply past the timeout, a reset connection and a non-JSON body are errors, retried', async (t) => {
    const env = await setup((request, index) => {
      const who = lastUserText(request.body);
      if (who.includes('Ada')) return { text: 'late', delayMs: 1500 };
      if (who.includes('Grace')) return index < 4 ? { reset: true } : echo(request, index);
      return { body: '<html>502 Bad Gateway</html>', headers: { 'content-type': 'text/html' } };
    });
    t.after(env.cleanup);
    const { artifact } = await evalPrompt(env.prompt, env.options({ timeoutMs: 200, retries: 1 }));
    const [ada, grace, alan] = artifact.cases;
    assert.equal(ada?.status, 'error');
    assert.match(ada?.error ?? '', /timed out/);
    assert.equal(ada?.attempts, 2);
    assert.ok(
      grace?.status === 'pass' || /connection/.test(grace?.error ?? ''),
      JSON.stringify(grace),
    );
    assert.equal(alan?.status, 'error');
    assert.match(alan?.error ?? '', /invalid response|no choices/);
  });

  test('the cache answers repeated requests, --no-cache bypasses it, errors are never cached', async (t) => {
    let fail = true;
    const env = await setup((request, index) =>
      fail && lastUserText(request.body).includes('Alan')
        ? { status: 400, body: { error: { message: 'bad' } } }
        : echo(request, index),
    );
    t.after(env.cleanup);
    const first = await evalPrompt(env.prompt, env.options());
    assert.equal(first.artifact.cases[2]?.status, 'error');
    assert.equal(env.server.requests.length, 3);
    fail = false;
    const second = await evalPrompt(env.prompt, env.options());
    assert.deepEqual(
      second.artifact.cases.map((c) => c.cached),
      [true, true, false],
    );
    assert.equal(env.server.requests.length, 4, 'only the failed case went to the server again');
    assert.equal(second.artifact.cases[2]?.status, 'pass');
    await evalPrompt(env.prompt, env.options({ cache: false }));
    assert.equal(env.server.requests.length, 7);
  });

  test('--record writes recordings that --replay answers from offline; a missing recording is a clear per-case error', async (t) => {
    const env = await setup(echo);
    t.after(env.cleanup);
    await evalPrompt(
      env.prompt,
      env.options({ mode: 'record', caseIds: ['greet-ada', 'greet-grace'] }),
    );
    await env.server.close();
    const { artifact } = await evalPrompt(env.prompt, env.options({ mode: 'replay' }));
    assert.equal(artifact.mode, 'replay');
    assert.deepEqual(
      artifact.cases.map((c) => c.status),
      ['pass', 'pass', 'error'],
    );
    assert.match(
      artifact.cases[2]?.error ?? '',
      /^no recording in \S+\/\.promptops\/recordings for case greet-alan with this request \(prompt text, input, model and parameters\); record one with --record$/,
    );
  });

  test('cancelling mid-run aborts requests in flight and leaves a valid artifact marked cancelled', async (t) => {
    const env = await setup((request, index) => ({
      ...(echo(request, index) as object),
      delayMs: index === 0 ? 10 : 5000,
    }));
    t.after(env.cleanup);
    const controller = new AbortController();
    const { artifact, file } = await evalPrompt(
      env.prompt,
      env.options({ signal: controller.signal, onProgress: () => controller.abort() }),
    );
    assert.equal(artifact.summary.cancelled, true);
    assert.equal(artifact.cases[0]?.status, 'pass');
    assert.deepEqual(
      artifact.cases.slice(1).map((c) => [c.status, c.error]),
      [
        ['error', 'cancelled'],
        ['error', 'cancelled'],
      ],
    );
    assert.deepEqual(readArtifact(file).summary.cancelled, true);
    // The server learns of an abort when the socket closes, a moment after the run returns.
    await waitUntil(
      'the server to see the two slow requests aborted',
      () => env.server.abandoned >= 2,
    );
    assert.equal(env.server.abandoned, 2, 'the two slow requests were aborted, not awaited');
  });

  test('keepCases: false keeps finished cases on disk, writes the same artifact from there, and returns it without cases', async (t) => {
    const names = Array.from({ length: 60 }, (_, i) => `P${i}`);
    // Answers finish out of order; a case in five fails, one errors (500).
    const env = await setup(
      (request, index) => {
        const name = lastUserText(request.body)
          .trim()
          .replace(/^Say hello to |\.$/g, '');
        if (name === 'P7') return { status: 500, body: { error: { message: 'boom' } } };
        return {
          text: `Hello ${Number(name.slice(1)) % 5 === 0 ? 'nobody' : name}!`,
          delayMs: (index * 7) % 20,
        };
      },
      { 'greet.fixtures.yaml': fixtures(names) },
    );
    t.after(env.cleanup);
    const spillsBefore = fs
      .readdirSync(os.tmpdir())
      .filter((f) => f.startsWith('promptops-cases-')).length;
    const seen: number[] = [];
    const kept = await evalPrompt(
      env.prompt,
      env.options({ concurrency: 8, retries: 0, cache: false }),
    );
    const spilled = await evalPrompt(
      env.prompt,
      env.options({
        concurrency: 8,
        retries: 0,
        cache: false,
        keepCases: false,
        onCase: (c, index) => seen.push(index),
      }),
    );
    assert.equal('cases' in spilled.artifact, false);
    const written = readArtifact(spilled.file);
    const outcome = (c: CaseResult) => [
      c.id,
      c.status,
      c.output?.text ?? null,
      c.error ?? null,
      c.assertions.map((a) => a.pass),
    ];
    assert.deepEqual(
      written.cases.map(outcome),
      kept.artifact.cases.map(outcome),
      'the same cases, in case order',
    );
    assert.deepEqual(written.summary, { ...spilled.artifact.summary });
    assert.deepEqual(
      [written.summary.passed, written.summary.failed, written.summary.errors],
      [47, 12, 1],
    );
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      names.map((_, i) => i),
      'onCase saw every case once',
    );
    // One line per case in the file; the saved run is a copy of it.
    const text = fs.readFileSync(spilled.file, 'utf8');
    assert.equal(
      text.split('\n').filter((line) => line.startsWith('    {"id":"greet-p')).length,
      60,
    );
    const saved = fs.readdirSync(env.ws.file('.promptops/runs/greet')).sort();
    assert.equal(
      fs.readFileSync(env.ws.file(`.promptops/runs/greet/${saved.at(-1)}`), 'utf8'),
      text,
    );
    assert.equal(
      fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('promptops-cases-')).length,
      spillsBefore,
      'the spill file is gone',
    );
  });

  test('keepCases: false, cancelled mid-run: the artifact holds every case, the unfinished ones marked', async (t) => {
    const env = await setup((request, index) => ({
      ...(echo(request, index) as object),
      delayMs: index === 0 ? 10 : 5000,
    }));
    t.after(env.cleanup);
    const controller = new AbortController();
    const { artifact, file } = await evalPrompt(
      env.prompt,
      env.options({
        keepCases: false,
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    );
    assert.equal(artifact.summary.cancelled, true);
    assert.deepEqual(
      readArtifact(file).cases.map((c) => [c.status, c.error ?? null]),
      [
        ['pass', null],
        ['error', 'cancelled'],
        ['error', 'cancelled'],
      ],
    );
  });

  test('a long run leaves no abort listeners behind on its signal (one per request would leak)', async (t) => {
    const names = Array.from({ length: 40 }, (_, i) => `P${i}`);
    const env = await setup(echo, { 'greet.fixtures.yaml': fixtures(names) });
    t.after(env.cleanup);
    const controller = new AbortController();
    let most = 0;
    const { artifact } = await evalPrompt(
      env.prompt,
      env.options({
        signal: controller.signal,
        concurrency: 4,
        onProgress: () =>
          (most = Math.max(most, getEventListeners(controller.signal, 'abort').length)),
      }),
    );
    assert.equal(artifact.summary.passed, 40);
    assert.ok(most <= 8, `${most} listeners at once with 4 requests in flight`);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  test('concurrency is limited, and halves after a 429', async (t) => {
    const names = Array.from({ length: 24 }, (_, i) => `P${i}`);
    let limited = false;
    const env = await setup(
      (request, index) => {
        if (!limited && index === 5) {
          limited = true;
          return { status: 429, body: { error: { message: 'limit' } } };
        }
        return { ...(echo(request, index) as object), delayMs: 30 };
      },
      { 'greet.fixtures.yaml': fixtures(names) },
    );
    t.after(env.cleanup);
    const { artifact } = await evalPrompt(env.prompt, env.options({ concurrency: 6 }));
    assert.equal(artifact.summary.passed, 24);
    assert.ok(env.server.maxInFlight <= 6, `max in flight ${env.server.maxInFlight}`);
  });

  test('privacy guard: secrets are blocked before sending, PII can be redacted with placeholders recorded', async (t) => {
    const env = await setup(echo, {
      'greet.fixtures.yaml':
        'cases:\n  - id: secret\n    input: { name: "sk-proj-4fG7hJ2kL9mN3pQ6rS8tV1wX5yZ0aB2cD4eF6gH8" }\n  - id: email\n    input: { name: "ada.lovelace@fastmail.com" }\n',
    });
    t.after(env.cleanup);
    const { artifact } = await evalPrompt(
      env.prompt,
      env.options({ privacy: { secrets: 'block', pii: 'redact' } }),
    );
    const [secret, email] = artifact.cases;
    assert.equal(secret?.status, 'error');
    assert.match(secret?.error ?? '', /^not sent: an OpenAI API key in message 2/);
    assert.equal(env.server.requests.length, 1, 'the blocked case never reached the server');
    assert.match(lastUserText(env.server.requests[0]!.body), /Say hello to \[EMAIL_1\]\./);
    assert.deepEqual(email?.redactions, [{ type: 'email', placeholder: '[EMAIL_1]', message: 1 }]);
    const written = fs.readFileSync(env.ws.file('.promptops/results/greet.json'), 'utf8');
    assert.doesNotMatch(
      written.replace(/"input"[^}]*}/g, ''),
      /ada\.lovelace@fastmail\.com"(?!\s*})/,
    );
  });

  test('the API key is sent to the endpoint and never written to any file', async (t) => {
    const key = 'sk-test-DO-NOT-LEAK-1234567890abcdef';
    const env = await setup(echo, {}, { LOCAL_KEY: key });
    t.after(env.cleanup);
    await evalPrompt(env.prompt, env.options({ mode: 'record' }));
    assert.equal(env.server.requests[0]?.headers.authorization, `Bearer ${key}`);
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else files.push(full);
      }
    };
    walk(env.ws.dir);
    assert.ok(
      files.some((f) => f.includes(`${path.sep}cache${path.sep}`)) &&
        files.some((f) => f.includes(`${path.sep}recordings${path.sep}`)),
    );
    for (const file of files)
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /DO-NOT-LEAK/, file);
  });

  test('repeats run a case several times as separate samples', async (t) => {
    const env = await setup((request, index) => ({
      text: index % 2 === 0 ? `Hello ${lastUserText(request.body).slice(13, -1)}` : 'nope',
    }));
    t.after(env.cleanup);
    const { artifact } = await evalPrompt(
      env.prompt,
      env.options({ caseIds: ['greet-ada'], repeat: 4, concurrency: 1 }),
    );
    assert.deepEqual(
      artifact.cases.map((c) => [c.id, c.repeat, c.status]),
      [
        ['greet-ada', 0, 'pass'],
        ['greet-ada', 1, 'fail'],
        ['greet-ada', 2, 'pass'],
        ['greet-ada', 3, 'fail'],
      ],
    );
  });

  test('configuration problems are reported before anything runs, and leave the previous artifact alone', async (t) => {
    const env = await setup(echo);
    t.after(env.cleanup);
    await evalPrompt(env.prompt, env.options());
    const before = fs.readFileSync(env.ws.file('.promptops/results/greet.json'), 'utf8');
    const registryWithoutKey = new ProviderRegistry([], { env: {} });
    await assert.rejects(
      evalPrompt(
        env.prompt,
        env.options({ model: 'openai/gpt-4o-mini', registry: registryWithoutKey }),
      ),
      (e: Error) =>
        e instanceof EvalConfigError &&
        /no API key for 'openai': set OPENAI_API_KEY/.test(e.message),
    );
    await assert.rejects(
      evalPrompt(env.prompt, env.options({ model: 'nowhere/x' })),
      /unknown provider 'nowhere'/,
    );
    await assert.rejects(
      evalPrompt(env.prompt, env.options({ model: 'no-slash' })),
      /must be written provider\/model/,
    );
    await assert.rejects(
      evalPrompt(env.prompt, env.options({ caseIds: ['nope'] })),
      /no case 'nope' in greet\.fixtures\.yaml \(cases: greet-ada, greet-grace, greet-alan\)/,
    );
    fs.writeFileSync(env.ws.file('greet.fixtures.yaml'), 'cases:\n  - input: {}\n');
    await assert.rejects(
      evalPrompt(env.prompt, env.options()),
      /greet\.fixtures\.yaml: cases\.0\.id/,
    );
    fs.writeFileSync(env.ws.file('greet.prompt'), 'Hello {{name');
    await assert.rejects(evalPrompt(env.prompt, env.options()), /greet\.prompt:1:7: Unclosed/);
    assert.equal(fs.readFileSync(env.ws.file('.promptops/results/greet.json'), 'utf8'), before);
  });

  test('llm-rubric asks the grader model and similar compares embeddings', async (t) => {
    const env = await setup(
      (request, index) => {
        if (request.path.endsWith('/embeddings')) return {};
        if (request.body.model === 'grader')
          return {
            text: JSON.stringify({
              pass: lastUserText(request.body).includes('Hello Ada'),
              score: 0.9,
              reason: 'greets Ada',
            }),
          };
        return echo(request, index);
      },
      {
        'greet.fixtures.yaml':
          'cases:\n  - id: a\n    input: { name: Ada }\n    assert:\n      - type: llm-rubric\n        value: The answer greets the person by name.\n      - type: similar\n        value: Hello Ada\n        threshold: 0.95\n      - type: similar\n        value: zzz qqq xxx\n        not: true\n',
      },
    );
    t.after(env.cleanup);
    const { artifact } = await evalPrompt(
      env.prompt,
      env.options({ graderModel: 'local/grader', embeddingModel: 'local/embedder' }),
    );
    const results = artifact.cases[0]?.assertions ?? [];
    assert.deepEqual(
      results.map((r) => [r.type, r.pass]),
      [
        ['llm-rubric', true],
        ['similar', true],
        ['similar', true],
      ],
      JSON.stringify(results),
    );
    assert.match(results[0]?.reason ?? '', /grader: greets Ada \(score 0\.90/);
  });
});
