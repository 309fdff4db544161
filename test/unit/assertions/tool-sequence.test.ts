import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';
import { CALLS } from './tool-fixtures';

const withCalls = { toolCalls: CALLS };

test('tool-sequence passes when the names come in this order, other calls between', async () => {
  assert.equal(
    (await check({ type: 'tool-sequence', value: ['getWeather', 'search'] }, '', withCalls)).pass,
    true,
  );
  assert.equal(
    (await check({ type: 'tool-sequence', value: 'getWeather, getWeather' }, '', withCalls)).pass,
    true,
  );
});

test('tool-sequence fails naming the step that did not follow', async () => {
  const result = await check(
    { type: 'tool-sequence', value: ['search', 'getWeather'] },
    '',
    withCalls,
  );
  assert.equal(result.pass, false);
  assert.match(
    result.reason,
    /expected search → getWeather, 'getWeather' \(step 2\) did not follow/,
  );
  assert.deepEqual(result.expected, ['search', 'getWeather']);
});

test('tool-sequence exact: true needs exactly these calls', async () => {
  const all = ['getWeather', 'getWeather', 'search'];
  assert.equal(
    (await check({ type: 'tool-sequence', value: all, exact: true }, '', withCalls)).pass,
    true,
  );
  const prefix = await check(
    { type: 'tool-sequence', value: ['getWeather', 'getWeather'], exact: true },
    '',
    withCalls,
  );
  assert.equal(prefix.pass, false);
  assert.match(prefix.reason, /expected exactly getWeather → getWeather, other calls came too/);
  const skipped = await check(
    { type: 'tool-sequence', value: ['getWeather', 'search'], exact: true },
    '',
    withCalls,
  );
  assert.match(skipped.reason, /'search' \(step 2\) did not follow/);
});

test('tool-sequence needs recorded calls and a list of names', async () => {
  assert.match(
    (await check({ type: 'tool-sequence', value: ['a'] }, '')).reason,
    /no tool calls were recorded/,
  );
  assert.match(
    (await check({ type: 'tool-sequence', value: [] }, '', withCalls)).reason,
    /needs at least one string/,
  );
});
