import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';
import { CALLS } from './tool-fixtures';
import type { AssertionType } from '../../../src/core/assertions/names';
import { VALUE_CHECKS } from '../../../src/core/assertions/value-check';

const withCalls = { toolCalls: CALLS };

test('tool-called passes for a tool name the model called, and fails naming the calls it made', async () => {
  assert.equal((await check({ type: 'tool-called', value: 'search' }, '', withCalls)).pass, true);
  const missing = await check({ type: 'tool-called', value: 'bookFlight' }, '', withCalls);
  assert.equal(missing.pass, false);
  assert.match(
    missing.reason,
    /bookFlight was called 0 time\(s\), expected at least once; calls: getWeather\(\{"city":"Paris","units":"C"\}\), getWeather\(\{"city":"Oslo"\}\), search/,
  );
});

test("tool-called with args matches a subset of the call's arguments", async () => {
  const paris = { type: 'tool-called', value: { name: 'getWeather', args: { city: 'Paris' } } };
  assert.equal((await check(paris, '', withCalls)).pass, true);
  const rome = { type: 'tool-called', value: { name: 'getWeather', args: { city: 'Rome' } } };
  const result = await check(rome, '', withCalls);
  assert.equal(result.pass, false);
  assert.match(result.reason, /^getWeather with \{"city":"Rome"\} was called 0 time\(s\)/);
});

test('tool-called times counts matching calls exactly, inside value or beside it', async () => {
  assert.equal(
    (await check({ type: 'tool-called', value: { name: 'getWeather', times: 2 } }, '', withCalls))
      .pass,
    true,
  );
  const once = await check({ type: 'tool-called', value: 'getWeather', times: 1 }, '', withCalls);
  assert.equal(once.pass, false);
  assert.match(once.reason, /called 2 time\(s\), expected 1 time\(s\)/);
  assert.equal(
    (await check({ type: 'tool-called', value: 'bookFlight', times: 0 }, '', withCalls)).pass,
    true,
  );
});

test('tool-called fails clearly with no tool calls recorded, and with an empty list', async () => {
  const none = await check({ type: 'tool-called', value: 'getWeather' }, 'text');
  assert.equal(none.pass, false);
  assert.match(none.reason, /no tool calls were recorded: the prompt offers no tools/);
  const empty = await check({ type: 'tool-called', value: 'getWeather' }, 'text', {
    toolCalls: [],
  });
  assert.match(empty.reason, /expected at least once; no tool calls$/);
});

test('tool-called is negatable and weighted; a bad value is an assertion error', async () => {
  const negated = await check(
    { type: 'not-tool-called', value: 'bookFlight', weight: 3 },
    '',
    withCalls,
  );
  assert.deepEqual([negated.pass, negated.negated, negated.weight], [true, true, 3]);
  const bad = await check({ type: 'tool-called', value: { args: {} } }, '', withCalls);
  assert.equal(bad.pass, false);
  assert.match(bad.reason, /assertion failed to run: tool-called needs a tool name/);
  const times = await check({ type: 'tool-called', value: 'search', times: -1 }, '', withCalls);
  assert.match(times.reason, /times is a whole number ≥ 0/);
});

test('lint (PO309) checks the values of the tool assertions before a run', () => {
  const problem = (type: AssertionType, spec: Record<string, unknown>) =>
    VALUE_CHECKS[type]({ type, ...spec });
  assert.equal(problem('tool-called', { value: 'getWeather' }), undefined);
  assert.equal(
    problem('tool-called', { value: { name: 'w', args: { a: 1 }, times: 2 } }),
    undefined,
  );
  assert.equal(problem('tool-called', {}), 'needs a tool name in `value`, or `{ name, args }`');
  assert.equal(problem('tool-called', { value: { args: {} } }), 'needs a tool `name` in `value`');
  assert.equal(
    problem('tool-called', { value: { name: 'w', args: [1] } }),
    '`args` is a mapping of the arguments to match (a subset)',
  );
  assert.equal(problem('tool-called', { value: 'w', times: 1.5 }), '`times` is a whole number ≥ 0');
  assert.equal(problem('tool-not-called', {}), undefined);
  assert.match(problem('tool-sequence', { value: 3 }) ?? '', /needs a list of strings/);
  assert.match(problem('tool-args-valid', { value: ['a'] }) ?? '', /takes a tool name/);
  assert.match(problem('finish-reason', {}) ?? '', /needs a string/);
  assert.match(problem('max-turns', { value: 0 }) ?? '', /whole number of model turns > 0/);
  assert.equal(problem('max-turns', {}), undefined);
});
