import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OpenAICompatibleProvider } from '../../../src/core/providers/openai';
import type { ChatRequest } from '../../../src/core/providers/types';
import { startFakeOpenAI, toolResults } from '../../support/openai-server';
import { CHAT_TRANSPORTS } from '../../support/transports';

const REQUEST: ChatRequest = {
  model: 'gpt-test',
  messages: [{ role: 'user', content: [{ text: 'Weather in Paris and Oslo?' }] }],
  config: {},
  tools: [
    {
      name: 'getWeather',
      description: 'Current weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } } },
    },
  ],
  toolChoice: 'auto',
};

const CALLS = [
  { id: 'call_a', name: 'getWeather', arguments: { city: 'Paris', note: 'a long enough text' } },
  { id: 'call_b', name: 'getWeather', arguments: '{"city":"Oslo"}' },
];

for (const transport of CHAT_TRANSPORTS)
  for (const stream of [false, true]) {
    test(`the loopback server answers with tool calls the provider assembles (${stream ? 'streamed deltas' : 'JSON'}, ${transport} path)`, async (t) => {
      const server = await startFakeOpenAI(() => ({ toolCalls: CALLS }));
      t.after(server.close);
      const provider = new OpenAICompatibleProvider('fake', { baseURL: server.baseURL, transport });
      const response = await provider.chat(REQUEST, { timeoutMs: 10_000, stream });
      assert.deepEqual(response.toolCalls, [
        {
          id: 'call_a',
          name: 'getWeather',
          arguments: '{"city":"Paris","note":"a long enough text"}',
        },
        { id: 'call_b', name: 'getWeather', arguments: '{"city":"Oslo"}' },
      ]);
      assert.equal(response.finishReason, 'tool_calls');
      assert.equal(response.text, '');
      const sent = server.requests[0]?.body;
      assert.equal(sent?.tools?.[0]?.function.name, 'getWeather');
      assert.equal(sent?.tool_choice, 'auto');
    });
  }

test('streamed tool calls really arrive split: id and name once, the arguments over several chunks', async (t) => {
  const server = await startFakeOpenAI(() => ({ toolCalls: CALLS }));
  t.after(server.close);
  const response = await fetch(`${server.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [], stream: true }),
  });
  const deltas = (await response.text())
    .split('\n\n')
    .filter((e) => e.startsWith('data: {'))
    .map((e) => JSON.parse(e.slice(6)) as { choices: { delta?: { tool_calls?: unknown[] } }[] })
    .flatMap((chunk) => chunk.choices.flatMap((c) => c.delta?.tool_calls ?? []))
    .map((d) => d as { index: number; id?: string; function: { arguments: string } });
  const first = deltas.filter((d) => d.index === 0);
  assert.ok(first.length > 3, `the first call's arguments come in pieces (${first.length} chunks)`);
  assert.equal(first.filter((d) => d.id).length, 1);
  assert.equal(
    first.map((d) => d.function.arguments).join(''),
    '{"city":"Paris","note":"a long enough text"}',
  );
});

test('a reply may carry text beside its calls, and a test sees the tool results sent back by call id', async (t) => {
  const server = await startFakeOpenAI((_request, index) =>
    index === 0
      ? { text: 'Let me check.', toolCalls: [CALLS[1]!] }
      : { text: 'It is 3°C in Oslo.', finishReason: 'stop' },
  );
  t.after(server.close);
  const provider = new OpenAICompatibleProvider('fake', { baseURL: server.baseURL });
  const first = await provider.chat(REQUEST, { timeoutMs: 10_000 });
  assert.deepEqual([first.text, first.toolCalls?.[0]?.id], ['Let me check.', 'call_b']);
  // What an engine sends back after a tool call: the assistant's calls, then role: tool results.
  await fetch(`${server.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'm',
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_b', type: 'function', function: { name: 'getWeather', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_b', content: '{"tempC":3}' },
      ],
    }),
  });
  assert.deepEqual(toolResults(server.requests[1]!.body), [
    { toolCallId: 'call_b', content: '{"tempC":3}' },
  ]);
  assert.deepEqual(toolResults(server.requests[0]!.body), []);
});
