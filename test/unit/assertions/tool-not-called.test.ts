import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';
import { CALLS } from './tool-fixtures';

const withCalls = { toolCalls: CALLS };

test('tool-not-called passes for a tool never called and fails for one that was', async () => {
  assert.equal(
    (await check({ type: 'tool-not-called', value: 'deleteUser' }, '', withCalls)).pass,
    true,
  );
  const called = await check({ type: 'tool-not-called', value: 'search' }, '', withCalls);
  assert.equal(called.pass, false);
  assert.match(called.reason, /^search was called 1 time\(s\); calls: /);
});

test('tool-not-called with args fails only when a call matches them', async () => {
  const oslo = { name: 'getWeather', args: { city: 'Oslo' } };
  const rome = { name: 'getWeather', args: { city: 'Rome' } };
  assert.equal((await check({ type: 'tool-not-called', value: oslo }, '', withCalls)).pass, false);
  assert.equal((await check({ type: 'tool-not-called', value: rome }, '', withCalls)).pass, true);
});

test('tool-not-called without a value means no tool at all', async () => {
  assert.equal((await check({ type: 'tool-not-called' }, '', { toolCalls: [] })).pass, true);
  const some = await check({ type: 'tool-not-called' }, '', withCalls);
  assert.equal(some.pass, false);
  assert.match(some.reason, /tools were called; calls: getWeather/);
});

test('tool-not-called fails when no calls were recorded (the prompt offers no tools)', async () => {
  const result = await check({ type: 'tool-not-called', value: 'x' }, '');
  assert.equal(result.pass, false);
  assert.match(result.reason, /no tool calls were recorded/);
});
