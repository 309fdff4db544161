import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addToolCallDeltas, toolChoiceOf, toRequestBody } from '../../../src/core/providers/openai';
import type { ToolCall } from '../../../src/core/providers/types';

test('tools are sent as OpenAI function tools and toolChoice as tool_choice', () => {
  const body = toRequestBody({
    model: 'm',
    messages: [],
    config: {},
    tools: [{ name: 'getWeather', description: 'weather', parameters: { type: 'object' } }],
    toolChoice: 'getWeather',
  }) as unknown as Record<string, unknown>;
  assert.deepEqual(body.tools, [
    {
      type: 'function',
      function: { name: 'getWeather', parameters: { type: 'object' }, description: 'weather' },
    },
  ]);
  assert.deepEqual(body.tool_choice, { type: 'function', function: { name: 'getWeather' } });
  assert.equal(toolChoiceOf('required'), 'required');
});

test('no tools: neither tools nor tool_choice in the body', () => {
  const body = toRequestBody({ model: 'm', messages: [], config: {}, toolChoice: 'auto' });
  assert.equal('tools' in body, false);
  assert.equal('tool_choice' in body, false);
});

test('streamed tool-call deltas are assembled by index', () => {
  const calls: ToolCall[] = [];
  addToolCallDeltas(calls, [
    { index: 0, id: 'c1', function: { name: 'getWeather', arguments: '{"ci' } },
  ]);
  addToolCallDeltas(calls, [
    { index: 1, id: 'c2', function: { name: 'getTime', arguments: '{}' } },
  ]);
  addToolCallDeltas(calls, [{ index: 0, function: { arguments: 'ty":"Paris"}' } }]);
  assert.deepEqual(calls, [
    { id: 'c1', name: 'getWeather', arguments: '{"city":"Paris"}' },
    { id: 'c2', name: 'getTime', arguments: '{}' },
  ]);
});
