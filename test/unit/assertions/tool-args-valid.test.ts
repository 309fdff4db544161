import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';
import { CALLS, TOOLS } from './tool-fixtures';

test("tool-args-valid passes when every call's arguments fit its tool's schema", async () => {
  const result = await check({ type: 'tool-args-valid' }, '', { toolCalls: CALLS, tools: TOOLS });
  assert.equal(result.pass, true);
  assert.equal(result.reason, "the arguments of 3 call(s) fit their tools' schemas");
});

test('tool-args-valid names each bad call: schema errors, non-JSON arguments, tools not offered', async () => {
  const calls = [
    ...CALLS,
    { id: 'c4', name: 'getWeather', args: { units: 'K' }, turn: 2 },
    {
      id: 'c5',
      name: 'search',
      args: '{"q": ',
      argsError: 'Unexpected end of JSON input',
      turn: 2,
    },
    { id: 'c6', name: 'launch', args: {}, turn: 3 },
  ];
  const result = await check({ type: 'tool-args-valid' }, '', { toolCalls: calls, tools: TOOLS });
  assert.equal(result.pass, false);
  assert.equal(result.score, 0.5);
  assert.match(result.reason, /^3 of 6 call\(s\) have invalid arguments: /);
  assert.match(
    result.reason,
    /getWeather \(turn 3\): value: missing required 'city', units must be one of "C", "F"/,
  );
  assert.match(result.reason, /search \(turn 3\): arguments are not JSON \(Unexpected end/);
  assert.match(result.reason, /launch \(turn 4\): the prompt does not offer this tool/);
});

test('tool-args-valid with a tool name checks only that tool; no calls is nothing to check', async () => {
  const calls = [...CALLS, { id: 'c6', name: 'launch', args: {}, turn: 3 }];
  assert.equal(
    (
      await check({ type: 'tool-args-valid', value: 'getWeather' }, '', {
        toolCalls: calls,
        tools: TOOLS,
      })
    ).pass,
    true,
  );
  const none = await check({ type: 'tool-args-valid' }, '', { toolCalls: [], tools: TOOLS });
  assert.deepEqual([none.pass, none.reason], [true, 'no tool calls to check']);
  assert.match(
    (await check({ type: 'tool-args-valid' }, '')).reason,
    /no tool calls were recorded/,
  );
});

test('tool-args-valid negated passes when some call is invalid', async () => {
  const calls = [{ id: 'x', name: 'getWeather', args: { city: 3 }, turn: 0 }];
  const result = await check({ type: 'tool-args-valid', not: true }, '', {
    toolCalls: calls,
    tools: TOOLS,
  });
  assert.equal(result.pass, true);
  assert.match(
    result.reason,
    /NOT \(1 of 1 call\(s\) have invalid arguments: getWeather \(turn 1\): city must be string\)/,
  );
});
