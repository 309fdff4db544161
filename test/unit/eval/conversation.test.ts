// Tool calling and conversations in the engine (issue 16), against the loopback OpenAI server:
// scripted tool results sent back, the loop and its limits, turns, history, record and replay.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { evalPrompt, type EvalOptions } from '../../../src/core/eval/engine';
import { ProviderRegistry } from '../../../src/core/providers/registry';
import { lastUserText, startFakeOpenAI, type Handler } from '../../support/openai-server';
import { workspace } from '../helpers';
import { SUPPORT_FIXTURES, WEATHER_FIXTURES } from './issue-shapes';

const WEATHER_CONFIG = `tools:
  getWeather:
    description: Current weather for a city
    input:
      schema:
        city: string
`;
const WEATHER_PROMPT =
  '---\nmodel: local/m\ntools: [getWeather]\ninput:\n  schema:\n    city: string\n---\nWhat is the weather in {{city}}?';
/** A chat completion whose answer is tool calls (and optional text). */
function toolCallReply(
  calls: { id: string; name: string; args: string }[],
  text: string | null = null,
) {
  return {
    body: {
      id: 'c',
      object: 'chat.completion',
      created: 0,
      model: 'm',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: text,
            tool_calls: calls.map((c) => ({
              id: c.id,
              type: 'function',
              function: { name: c.name, arguments: c.args },
            })),
          },
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 },
    },
  };
}

type Sent = { role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string };

async function setup(handler: Handler, files: Record<string, string>) {
  const server = await startFakeOpenAI(handler);
  const ws = workspace(files);
  const registry = new ProviderRegistry(
    [
      {
        name: 'local',
        baseURL: server.baseURL,
        apiKeyEnv: 'LOCAL_KEY',
        prices: { m: { input: 1, output: 2 } },
      },
    ],
    { env: { LOCAL_KEY: 'k' } },
    { approvals: { entries: ['127.0.0.1'], userFile: 'none' } },
  );
  const options = (extra: Partial<EvalOptions> = {}): EvalOptions => ({
    root: ws.dir,
    registry,
    version: '0.0.0-test',
    sleep: async () => undefined,
    toolDefinitions: ((files['promptops.config.yaml'] ?? '').includes('getWeather')
      ? {
          getWeather: {
            description: 'Current weather for a city',
            input: { schema: { city: 'string' } },
          },
        }
      : undefined) as Record<string, unknown> | undefined,
    ...extra,
  });
  return {
    server,
    ws,
    options,
    sent: (i: number) => server.requests[i]?.body.messages as unknown as Sent[],
    cleanup: async () => {
      await server.close();
      ws.cleanup();
    },
  };
}

const weatherFiles = {
  'promptops.config.yaml': WEATHER_CONFIG,
  'weather.prompt': WEATHER_PROMPT,
  'weather.fixtures.yaml': WEATHER_FIXTURES,
};

test("the issue's weather case: the tool is offered, its scripted result sent back, and the final text judged", async (t) => {
  const s = await setup(
    (_request, index) =>
      index === 0
        ? toolCallReply([{ id: 'call_1', name: 'getWeather', args: '{"city":"Paris"}' }])
        : { text: 'Paris: tempC 21, sunny', usage: { prompt_tokens: 200, completion_tokens: 20 } },
    weatherFiles,
  );
  t.after(s.cleanup);
  const { artifact } = await evalPrompt(s.ws.file('weather.prompt'), s.options());
  const first = s.server.requests[0]?.body as unknown as {
    tools: unknown[];
    tool_choice?: unknown;
  };
  assert.deepEqual(first.tools, [
    {
      type: 'function',
      function: {
        name: 'getWeather',
        description: 'Current weather for a city',
        parameters: {
          type: 'object',
          properties: { city: { type: 'string' } },
          required: ['city'],
          additionalProperties: false,
        },
      },
    },
  ]);
  const second = s.sent(1);
  const call = second.find((m) => m.role === 'assistant');
  assert.deepEqual(call?.tool_calls, [
    {
      id: 'call_1',
      type: 'function',
      function: { name: 'getWeather', arguments: '{"city":"Paris"}' },
    },
  ]);
  const answer = second.find((m) => m.role === 'tool');
  assert.equal(answer?.tool_call_id, 'call_1');
  assert.deepEqual(JSON.parse(answer?.content as string), { tempC: 21, sky: 'sunny' });
  const c = artifact.cases[0];
  assert.equal(c?.status, 'pass', JSON.stringify(c?.assertions));
  assert.equal(s.server.requests.length, 2);
  assert.deepEqual(
    c?.transcript?.map((e) => e.role),
    ['model', 'tool', 'model'],
  );
  assert.deepEqual(c?.transcript?.[1]?.toolCalls?.[0]?.result, { tempC: 21, sky: 'sunny' });
  // Cost and tokens sum every model turn: (100 + 200) input, (10 + 20) output at $1/$2 per million.
  assert.deepEqual(c?.tokens, { input: 300, output: 30, total: 330 });
  assert.ok(Math.abs((c?.costUsd ?? 0) - (300 * 1 + 30 * 2) / 1e6) < 1e-12);
});

test('a call with no scripted result is answered with a tool error, recorded, and the case goes on', async (t) => {
  const s = await setup(
    (_request, index) =>
      index === 0
        ? toolCallReply([{ id: 'c1', name: 'getWeather', args: '{"city":"Rome"}' }])
        : { text: 'I could not get the weather.' },
    {
      ...weatherFiles,
      'weather.fixtures.yaml':
        'cases:\n  - id: rome\n    input: { city: Rome }\n    assert:\n      - type: tool-called\n        value: getWeather\n',
    },
  );
  t.after(s.cleanup);
  const { artifact } = await evalPrompt(s.ws.file('weather.prompt'), s.options());
  const sentBack = s.sent(1).find((m) => m.role === 'tool');
  assert.match(String(sentBack?.content), /no scripted result for tool/);
  const c = artifact.cases[0];
  assert.equal(c?.status, 'pass');
  assert.match(c?.transcript?.[1]?.toolCalls?.[0]?.error ?? '', /no scripted result/);
});

test('returnToolRequests stops at the first request; maxTurns bounds a model that keeps calling', async (t) => {
  const always = () => toolCallReply([{ id: 'x', name: 'getWeather', args: '{"city":"Paris"}' }]);
  const s = await setup(always, {
    ...weatherFiles,
    'weather.prompt': WEATHER_PROMPT.replace('tools:', 'returnToolRequests: true\ntools:'),
    'loop.prompt': WEATHER_PROMPT.replace('tools:', 'maxTurns: 2\ntools:'),
    'loop.fixtures.yaml': WEATHER_FIXTURES,
  });
  t.after(s.cleanup);
  const stopped = await evalPrompt(s.ws.file('weather.prompt'), s.options());
  assert.equal(s.server.requests.length, 1);
  const first = stopped.artifact.cases[0];
  // The request alone is judged: tool-called passes, the text has no tempC.
  assert.equal(first?.assertions[0]?.pass, true);
  assert.equal(first?.assertions[1]?.pass, false);
  assert.equal(first?.transcript?.length, 1);

  const looped = await evalPrompt(s.ws.file('loop.prompt'), s.options({ cache: false }));
  assert.equal(s.server.requests.length, 3, 'two more model calls, then the limit');
  const c = looped.artifact.cases[0];
  assert.equal(c?.status, 'fail');
  assert.match(
    c?.assertions.find((a) => a.type === 'max-turns')?.reason ?? '',
    /after 2 model turns/,
  );
});

test('a prompt offering a tool with no definition is a configuration error: nothing is sent', async (t) => {
  const s = await setup(() => ({ text: 'x' }), {
    'weather.prompt': WEATHER_PROMPT,
    'weather.fixtures.yaml': WEATHER_FIXTURES,
  });
  t.after(s.cleanup);
  await assert.rejects(
    evalPrompt(s.ws.file('weather.prompt'), s.options()),
    /tool 'getWeather' has no definition/,
  );
  assert.equal(s.server.requests.length, 0);
});

const SUPPORT_PROMPT =
  '---\nmodel: local/m\n---\n{{role "system"}}You are a support agent.\n{{history}}';
const support: Handler = (request) => {
  const said = lastUserText(request.body);
  return {
    text: said.includes('broken')
      ? 'Sorry! I can offer a Refund.'
      : 'Refund for order 123 started.',
  };
};

test("the issue's conversation: history placed by {{history}}, each turn appended, judged and answered in turn", async (t) => {
  const s = await setup(support, {
    'support.prompt': SUPPORT_PROMPT,
    'support.fixtures.yaml': SUPPORT_FIXTURES,
  });
  t.after(s.cleanup);
  const { artifact } = await evalPrompt(s.ws.file('support.prompt'), s.options());
  assert.equal(s.server.requests.length, 2);
  const first = s.sent(0).map((m) => [m.role, m.content]);
  assert.deepEqual(first, [
    ['system', 'You are a support agent.\n'],
    ['user', 'Hi, my order is 123'],
    ['assistant', 'Hello! How can I help?'],
    ['user', 'It arrived broken'],
  ]);
  const second = s
    .sent(1)
    .slice(-2)
    .map((m) => [m.role, m.content]);
  assert.deepEqual(second, [
    ['assistant', 'Sorry! I can offer a Refund.'],
    ['user', 'Refund please'],
  ]);
  const c = artifact.cases[0];
  assert.equal(c?.status, 'pass', JSON.stringify(c?.assertions));
  assert.deepEqual(
    c?.turns?.map((x) => [x.user, x.pass]),
    [
      ['It arrived broken', true],
      ['Refund please', true],
    ],
  );
  assert.deepEqual(
    c?.transcript?.map((e) => e.role),
    ['user', 'model', 'user', 'model'],
  );
});

test('a failing turn fails the case and names the turn; record then replay covers every turn offline', async (t) => {
  const s = await setup(support, {
    'support.prompt': SUPPORT_PROMPT,
    'support.fixtures.yaml': SUPPORT_FIXTURES.replace('value: "123"', 'value: "999"'),
  });
  t.after(s.cleanup);
  const recorded = await evalPrompt(s.ws.file('support.prompt'), s.options({ mode: 'record' }));
  const c = recorded.artifact.cases[0];
  assert.equal(c?.status, 'fail');
  assert.equal(c?.turns?.[1]?.pass, false);
  assert.ok(c?.assertions.some((a) => !a.pass && /^turn 2: /.test(a.reason)));
  const sentLive = s.server.requests.length;
  const replayed = await evalPrompt(s.ws.file('support.prompt'), s.options({ mode: 'replay' }));
  assert.equal(s.server.requests.length, sentLive, 'nothing sent on replay');
  assert.deepEqual(
    replayed.artifact.cases[0]?.turns?.map((x) => x.output),
    c?.turns?.map((x) => x.output),
  );
});

test("--batch sends each case's first request in the batch and its later turns directly once it has answered", async (t) => {
  const s = await setup(support, {
    'support.prompt': SUPPORT_PROMPT,
    'support.fixtures.yaml': SUPPORT_FIXTURES,
  });
  t.after(s.cleanup);
  const { artifact } = await evalPrompt(
    s.ws.file('support.prompt'),
    s.options({ batch: { pollMs: 1 } }),
  );
  const [input] = [...s.server.batch.files.values()];
  const lines = (input ?? '').trim().split('\n');
  assert.equal(lines.length, 1, 'one batch line: the first turn');
  assert.match(lines[0] ?? '', /It arrived broken/);
  // The fake Batch API answers its lines through the same handler: both are in `requests`.
  const direct = s.server.requests.filter((r) => Object.keys(r.headers).length > 0);
  assert.equal(direct.length, 1, 'the second turn went directly');
  assert.match(lastUserText(direct[0]!.body), /Refund please/);
  assert.equal(artifact.cases[0]?.status, 'pass', JSON.stringify(artifact.cases[0]?.assertions));
  assert.ok(artifact.batch?.id);
});

test('a call of a tool the prompt does not offer, or with arguments that are not JSON, is answered with an error', async (t) => {
  const s = await setup(
    (_request, index) =>
      index === 0
        ? toolCallReply([
            { id: 'a', name: '__proto__', args: '{}' },
            { id: 'b', name: 'getWeather', args: '{"city": Par' },
          ])
        : { text: 'done' },
    weatherFiles,
  );
  t.after(s.cleanup);
  const { artifact } = await evalPrompt(s.ws.file('weather.prompt'), s.options());
  const answers = s.sent(1).filter((m) => m.role === 'tool');
  assert.deepEqual(
    answers.map((m) => m.tool_call_id),
    ['a', 'b'],
  );
  assert.match(String(answers[0]?.content), /tool __proto__ is not offered by this prompt/);
  assert.match(String(answers[1]?.content), /the arguments are not valid JSON/);
  const calls = artifact.cases[0]?.transcript?.[0]?.toolCalls;
  assert.equal(calls?.[1]?.args, '{"city": Par', 'the raw text is kept');
  assert.ok(calls?.[1]?.argsError);
});

test('streamed: tool-call deltas are assembled, answered and the loop goes on', async (t) => {
  const s = await setup(
    (request) =>
      (request.body.messages as unknown as Sent[]).some((m) => m.role === 'tool')
        ? { text: 'It is tempC 21 in Paris' }
        : { toolCalls: [{ id: 'st1', name: 'getWeather', arguments: { city: 'Paris' } }] },
    weatherFiles,
  );
  t.after(s.cleanup);
  const { artifact } = await evalPrompt(s.ws.file('weather.prompt'), s.options({ stream: true }));
  assert.equal(s.server.requests[0]?.body.stream, true);
  const back = s.sent(1).find((m) => m.role === 'tool');
  assert.equal(back?.tool_call_id, 'st1');
  const c = artifact.cases[0];
  assert.equal(c?.status, 'pass', JSON.stringify(c?.assertions));
  assert.equal(c?.transcript?.[0]?.finishReason, 'tool_calls');
});
