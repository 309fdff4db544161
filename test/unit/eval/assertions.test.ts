import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ASSERTIONS, runAssertion, runAssertions } from '../../../src/core/assertions/registry';
import { ASSERTION_TYPES } from '../../../src/core/assertions/names';
import type { AssertionContext, AssertionSpec } from '../../../src/core/assertions/types';
import { parseOutputJson } from '../../../src/core/eval/engine';

function context(output: string, extra: Partial<AssertionContext> = {}): AssertionContext {
  return {
    output,
    json: parseOutputJson(output),
    latencyMs: 800,
    costUsd: 0.002,
    usage: { inputTokens: 100, outputTokens: 40, totalTokens: 140 },
    ...extra,
  };
}

async function verdict(
  spec: AssertionSpec,
  output: string,
  extra: Partial<AssertionContext> = {},
): Promise<[boolean, string]> {
  const result = await runAssertion(spec, context(output, extra));
  return [result.pass, result.reason];
}

test('every known type has a handler', () => {
  assert.deepEqual(Object.keys(ASSERTIONS).sort(), [...ASSERTION_TYPES].sort());
});

test('text assertions: equals, contains, icontains, not-contains, starts-with, regex', async () => {
  assert.deepEqual(await verdict({ type: 'equals', value: 'Yes' }, ' Yes\n'), [
    true,
    'output equals the expected text',
  ]);
  assert.equal((await verdict({ type: 'equals', value: 'Yes' }, 'yes'))[0], false);
  assert.equal((await verdict({ type: 'contains', value: 'Ada' }, 'Hello Ada'))[0], true);
  assert.deepEqual(await verdict({ type: 'contains', value: 'Bob' }, 'Hello Ada'), [
    false,
    'output does not contain "Bob"',
  ]);
  assert.equal((await verdict({ type: 'icontains', value: 'OFFLINE' }, 'offline mode'))[0], true);
  assert.equal(
    (await verdict({ type: 'not-contains', value: 'lost' }, 'no records were lost'))[0],
    false,
  );
  assert.equal((await verdict({ type: 'starts-with', value: '- ' }, '  - first'))[0], true);
  assert.equal((await verdict({ type: 'regex', value: '^\\d{3}$' }, '123'))[0], true);
  assert.equal((await verdict({ type: 'regex', value: 'ADA', flags: 'i' }, 'ada'))[0], true);
  assert.match(
    (await verdict({ type: 'regex', value: '[' }, 'x'))[1],
    /assertion failed to run: Invalid regular expression/,
  );
  assert.match((await verdict({ type: 'contains' }, 'x'))[1], /contains needs a string value/);
});

test('JSON assertions: is-json, equals with JSON, json-schema (explicit or the output schema), json-path', async () => {
  const output = '```json\n{"category":"billing","tags":["a","b"],"score":0.9}\n```';
  assert.equal((await verdict({ type: 'is-json' }, output))[0], true);
  assert.equal((await verdict({ type: 'is-json' }, 'not json'))[0], false);
  assert.equal(
    (
      await verdict(
        { type: 'equals', value: { score: 0.9, tags: ['a', 'b'], category: 'billing' } },
        output,
      )
    )[0],
    true,
    'key order does not matter',
  );
  const schema = {
    type: 'object',
    properties: { category: { enum: ['billing', 'bug'] } },
    required: ['category'],
  };
  assert.equal((await verdict({ type: 'json-schema' }, output, { outputSchema: schema }))[0], true);
  assert.match(
    (
      await verdict(
        { type: 'json-schema', value: { type: 'object', required: ['priority'] } },
        output,
      )
    )[1],
    /missing required 'priority'/,
  );
  assert.match((await verdict({ type: 'json-schema' }, output))[1], /^no schema/);
  assert.equal(
    (await verdict({ type: 'json-path', path: '$.category', value: 'billing' }, output))[0],
    true,
  );
  assert.deepEqual(await verdict({ type: 'json-path', path: '$.category', value: 'bug' }, output), [
    false,
    '$.category is "billing", expected "bug"',
  ]);
  assert.equal(
    (await verdict({ type: 'json-path', path: '$.tags[*]', value: 'b' }, output))[0],
    true,
  );
  assert.equal(
    (await verdict({ type: 'json-path', path: '$.category', contains: 'bill' }, output))[0],
    true,
  );
  assert.equal((await verdict({ type: 'json-path', path: '$.missing' }, output))[0], false);
});

test('no-pii, and the limits on latency, cost and tokens', async () => {
  assert.equal(
    (await verdict({ type: 'no-pii' }, 'Write to support@example.com'))[0],
    true,
    'documentation values are fine',
  );
  assert.match(
    (await verdict({ type: 'no-pii' }, 'Call +1 (415) 867-5309'))[1],
    /output contains phone number/,
  );
  assert.deepEqual(await verdict({ type: 'max-latency-ms', value: 500 }, 'x'), [
    false,
    'latency 800 ms > 500 ms',
  ]);
  assert.equal((await verdict({ type: 'max-cost-usd', value: 0.01 }, 'x'))[0], true);
  assert.match(
    (await verdict({ type: 'max-cost-usd', value: 0.01 }, 'x', { costUsd: undefined }))[1],
    /cost unknown/,
  );
  assert.deepEqual(await verdict({ type: 'max-tokens', value: 30 }, 'x'), [
    false,
    '40 output tokens > 30',
  ]);
});

test('negation with not: true or a not- prefix', async () => {
  const negated = await runAssertion(
    { type: 'contains', value: 'Ada', not: true },
    context('Hello Ada'),
  );
  assert.deepEqual(
    [negated.pass, negated.negated, negated.reason],
    [false, true, 'NOT (output contains "Ada")'],
  );
  assert.equal(
    (await runAssertion({ type: 'not-regex', value: 'error' }, context('all good'))).pass,
    true,
  );
  assert.equal((await runAssertion({ type: 'not-is-json' }, context('{}'))).pass, false);
});

test('case verdicts: all must pass by default; with a threshold, the weighted score decides', async () => {
  const specs: AssertionSpec[] = [
    { type: 'contains', value: 'Ada', weight: 3 },
    { type: 'contains', value: 'Bob', weight: 1 },
  ];
  const strict = await runAssertions(specs, context('Hello Ada'));
  assert.deepEqual([strict.pass, strict.score], [false, 0.75]);
  assert.equal((await runAssertions(specs, context('Hello Ada'), 0.7)).pass, true);
  assert.equal((await runAssertions(specs, context('Hello Ada'), 0.8)).pass, false);
  assert.equal((await runAssertions([], context('anything'))).pass, true);
  assert.match(
    (await runAssertion({ type: 'frobnicate' }, context('x'))).reason,
    /unknown assertion type 'frobnicate'/,
  );
});

test('llm-rubric and similar need their models, and use them', async () => {
  assert.match((await verdict({ type: 'llm-rubric', value: 'polite' }, 'x'))[1], /no grader model/);
  const graded = await verdict({ type: 'llm-rubric', value: 'polite', threshold: 0.8 }, 'x', {
    grade: async () => ({ pass: true, score: 0.7, reason: 'mostly polite' }),
  });
  assert.deepEqual(graded, [false, 'grader: mostly polite (score 0.70, threshold 0.8)']);
  assert.equal(
    (
      await verdict({ type: 'similar', value: 'y', threshold: 0.5 }, 'x', {
        similarity: async () => 0.6,
      })
    )[0],
    true,
  );
});

test('case locations come from the YAML (not nested ids), JSONL lines, or id lines while the YAML is broken', async () => {
  const { caseLocations } = await import('../../../src/core/eval/fixtures');
  const yaml =
    'cases:\n  - id: first\n    input: { id: 7, user: { id: nested } }\n  - input: {}\n    id: second\n';
  assert.deepEqual(caseLocations(yaml, 'a.fixtures.yaml'), [
    { id: 'first', line: 1 },
    { id: 'second', line: 4 },
  ]);
  assert.deepEqual(caseLocations('{"id":"a"}\n\n{"id":"b","input":{}}\n', 'a.fixtures.jsonl'), [
    { id: 'a', line: 0 },
    { id: 'b', line: 2 },
  ]);
  assert.deepEqual(caseLocations('cases:\n  - id: ok\n    input: { broken\n', 'a.fixtures.yaml'), [
    { id: 'ok', line: 1 },
  ]);
});
