import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { shardOf } from '../../../src/core/eval/shard';
import { estimateRun, TOKEN_SAMPLE } from '../../../src/core/eval/estimate';
import { ProviderRegistry } from '../../../src/core/providers/registry';
import { workspace } from '../helpers';

const PROMPT =
  '---\nmodel: local/tiny\nconfig:\n  maxOutputTokens: 100\ninput:\n  schema:\n    text: string\n---\nEcho {{text}}';
const registry = (priced: boolean) =>
  new ProviderRegistry(
    [
      {
        name: 'local',
        baseURL: 'http://127.0.0.1:9/v1',
        ...(priced ? { prices: { tiny: { input: 1, output: 2 } } } : {}),
      },
    ],
    { env: {} },
  );
/** One token a word: easy to count by hand. */
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function fixtures(n: number): string {
  // Inputs of very different lengths, so a bad sample would show.
  const cases = Array.from(
    { length: n },
    (_, i) => `  - id: c${i}\n    input: { text: "${'w '.repeat(i % 37)}" }\n    assert: []\n`,
  ).join('');
  return `cases:\n${cases}  - id: skipped\n    skip: true\n    input: { text: x }\n    assert: []\n  - id: twice\n    repeat: 2\n    input: { text: a b c }\n    assert: []\n`;
}

test('estimateRun counts requests (repeats in, skipped out) and, for a priced model, every input token', async (t) => {
  const ws = workspace({ 'p.prompt': PROMPT, 'p.fixtures.yaml': fixtures(10) });
  t.after(ws.cleanup);
  const estimate = await estimateRun(ws.file('p.prompt'), {
    registry: registry(true),
    countTokens: words,
  });
  assert.ok(estimate);
  assert.equal(estimate.requests, 12);
  assert.equal(estimate.maxOutputTokens, 1200);
  // Each request is "━━ user ━━" (3 words) + "Echo" + i % 37 words for c0..c9, "Echo a b c" twice,
  // plus 4 tokens of framing for each of the 12 requests.
  const exact =
    Array.from({ length: 10 }, (_, i) => 4 + i).reduce((a, b) => a + b, 0) + 2 * 7 + 12 * 4;
  assert.equal(estimate.inputTokens, exact);
  assert.equal(estimate.costUsd, (exact * 1 + 1200 * 2) / 1e6);
});

test('estimateRun skips the tokenizer altogether when the model has no price', async (t) => {
  const ws = workspace({ 'p.prompt': PROMPT, 'p.fixtures.yaml': fixtures(10) });
  t.after(ws.cleanup);
  let calls = 0;
  const estimate = await estimateRun(ws.file('p.prompt'), {
    registry: registry(false),
    countTokens: (text) => (calls++, words(text)),
  });
  assert.equal(estimate?.requests, 12);
  assert.equal(estimate?.costUsd, undefined);
  assert.equal(estimate?.inputTokens, undefined);
  assert.equal(calls, 0);
});

test('estimateRun tokenizes a spread sample of a large set and scales it by length, close to the exact count', async (t) => {
  const n = 2000;
  const ws = workspace({ 'p.prompt': PROMPT, 'p.fixtures.yaml': fixtures(n) });
  t.after(ws.cleanup);
  let calls = 0;
  const estimate = await estimateRun(ws.file('p.prompt'), {
    registry: registry(true),
    countTokens: (text) => (calls++, words(text)),
  });
  assert.ok(calls <= TOKEN_SAMPLE + 1, `${calls} tokenizer calls`);
  const exact =
    Array.from({ length: n }, (_, i) => 4 + (i % 37)).reduce((a, b) => a + b, 0) +
    2 * 7 +
    (n + 2) * 4;
  const error = Math.abs((estimate?.inputTokens ?? 0) - exact) / exact;
  assert.ok(
    error < 0.03,
    `estimate ${estimate?.inputTokens} vs exact ${exact} (${(error * 100).toFixed(1)}% off)`,
  );
});

test('estimateRun counts only the shard a CI job will run (--shard), as the engine splits cases', async (t) => {
  const ws = workspace({ 'p.prompt': PROMPT, 'p.fixtures.yaml': fixtures(30) });
  t.after(ws.cleanup);
  const counts = [];
  for (let index = 1; index <= 3; index++)
    counts.push(
      (
        await estimateRun(ws.file('p.prompt'), {
          registry: registry(false),
          countTokens: words,
          shard: { index, count: 3 },
        })
      )?.requests ?? 0,
    );
  // 31 distinct cases (one repeated twice) over 3 shards: every request counted once.
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    32,
  );
  assert.ok(
    counts.every((n) => n > 0 && n < 32),
    counts.join(', '),
  );
  const expected = (index: number) =>
    ['twice', ...Array.from({ length: 30 }, (_, i) => `c${i}`)]
      .filter((id) => shardOf(id, 3) === index)
      .reduce((n, id) => n + (id === 'twice' ? 2 : 1), 0);
  assert.deepEqual(counts, [expected(1), expected(2), expected(3)]);
});

test('estimateRun bounds multi-step cases: one request a scripted turn, maxTurns a user message when tools are offered', async (t) => {
  const ws = workspace({
    'chat.prompt': '---\nmodel: local/tiny\n---\n{{history}}',
    'chat.fixtures.yaml':
      'cases:\n  - id: c\n    messages: [{ role: user, content: hi }]\n    turns:\n      - user: a\n      - user: b\n      - user: c\n',
    'tool.prompt': '---\nmodel: local/tiny\ntools: [t]\nmaxTurns: 3\n---\nGo',
    'tool.fixtures.yaml': 'cases:\n  - id: one\n  - id: two\n',
    'first.prompt': '---\nmodel: local/tiny\ntools: [t]\nreturnToolRequests: true\n---\nGo',
    'first.fixtures.yaml': 'cases:\n  - id: one\n',
  });
  t.after(ws.cleanup);
  const count = async (name: string) =>
    (await estimateRun(ws.file(name), { registry: registry(true), countTokens: words }))?.requests;
  assert.equal(await count('chat.prompt'), 3);
  assert.equal(await count('tool.prompt'), 6);
  assert.equal(await count('first.prompt'), 1);
});
