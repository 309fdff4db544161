// The lean chat path against the openai client path: every reply, fault and hostile server
// below is sent through both, and both must give the same answer or the same error.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderError } from '../../../src/core/providers/errors';
import { OpenAICompatibleProvider } from '../../../src/core/providers/openai';
import type { CallOptions, ChatRequest } from '../../../src/core/providers/types';
import { startFakeOpenAI, type Reply } from '../../support/openai-server';
import { CHAT_TRANSPORTS } from '../../support/transports';

const REQUEST: ChatRequest = {
  model: 'm',
  messages: [{ role: 'user', content: [{ text: 'hi' }] }],
  config: { temperature: 0.1 },
};

type Outcome =
  | { ok: unknown }
  | { kind: string; message: string; status?: number; retryAfterMs?: number };

async function outcome(promise: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: await promise };
  } catch (error) {
    assert.ok(error instanceof ProviderError, `a ProviderError, not ${String(error)}`);
    const seen: Outcome = { kind: error.kind, message: error.message };
    if (error.status !== undefined) seen.status = error.status;
    if (error.retryAfterMs !== undefined) seen.retryAfterMs = error.retryAfterMs;
    return seen;
  }
}

/** Sends one chat on each path to `baseURL`; returns both outcomes after checking they agree. */
async function bothPaths(
  baseURL: string,
  options: Partial<CallOptions> & { abortAfterMs?: number; abortReason?: unknown } = {},
  headers?: Record<string, string>,
): Promise<Outcome> {
  const outcomes: Outcome[] = [];
  for (const transport of CHAT_TRANSPORTS) {
    const provider = new OpenAICompatibleProvider('p', {
      baseURL,
      apiKey: 'sk-test',
      transport,
      ...(headers ? { headers } : {}),
    });
    const controller = new AbortController();
    const timer =
      options.abortAfterMs === undefined
        ? undefined
        : setTimeout(() => controller.abort(options.abortReason), options.abortAfterMs);
    if (options.abortAfterMs === 0) controller.abort(options.abortReason);
    outcomes.push(
      await outcome(
        provider.chat(REQUEST, {
          timeoutMs: options.timeoutMs ?? 5000,
          stream: options.stream ?? false,
          signal: controller.signal,
        }),
      ),
    );
    clearTimeout(timer);
  }
  assert.deepEqual(outcomes[0], outcomes[1], 'lean and client agree');
  return outcomes[0] as Outcome;
}

/** A server that answers every request with `respond` (raw bytes, status and headers). */
async function rawServer(
  respond: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ baseURL: string; close: () => Promise<void> }> {
  const s = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => respond(req, res));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${(s.address() as AddressInfo).port}/v1`,
    close: () =>
      new Promise((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}

async function fake(t: { after: (fn: () => Promise<void>) => void }, reply: Reply) {
  const server = await startFakeOpenAI(() => reply);
  t.after(server.close);
  return server;
}

test('both paths send the same request: URL, body and the headers that matter', async (t) => {
  const server = await fake(t, { text: 'Hello' });
  for (const stream of [false, true])
    await bothPaths(server.baseURL, { stream }, { 'X-Team': 'evals', Accept: 'text/plain' });
  const [lean, client, leanStream, clientStream] = server.requests;
  assert.ok(lean && client && leanStream && clientStream);
  assert.deepEqual(lean.body, client.body);
  assert.deepEqual(leanStream.body, clientStream.body);
  assert.deepEqual(leanStream.body.stream_options, { include_usage: true });
  for (const request of [lean, leanStream]) assert.equal(request.path, '/v1/chat/completions');
  const same = ['authorization', 'content-type', 'accept', 'x-team', 'user-agent'];
  const pick = (h: http.IncomingHttpHeaders) => same.map((name) => h[name]);
  assert.deepEqual(pick(lean.headers), pick(client.headers));
  assert.deepEqual(pick(lean.headers), [
    'Bearer sk-test',
    'application/json',
    'text/plain',
    'evals',
    client.headers['user-agent'],
  ]);
});

test('a custom Authorization header replaces the bearer key on both paths', async (t) => {
  const server = await fake(t, { text: 'Hello' });
  await bothPaths(server.baseURL, {}, { Authorization: 'Basic dXNlcjpwYXNz' });
  assert.deepEqual(
    server.requests.map((r) => r.headers.authorization),
    ['Basic dXNlcjpwYXNz', 'Basic dXNlcjpwYXNz'],
  );
});

test('answers: text, tool calls, usage and model, whole or streamed', async (t) => {
  const replies: Reply[] = [
    { text: 'Hello there, how are you?' },
    { text: 'Let me look.', toolCalls: [{ id: 'c1', name: 'f', arguments: { a: 1 } }] },
    { text: '', finishReason: 'length', usage: { prompt_tokens: 3, completion_tokens: 0 } },
    { text: 'é ✓ 日本語 🙂'.repeat(50) },
  ];
  for (const reply of replies) {
    const server = await fake(t, reply);
    for (const stream of [false, true]) {
      const seen = await bothPaths(server.baseURL, { stream });
      assert.ok('ok' in seen, JSON.stringify(seen));
      assert.equal((seen.ok as { text: string }).text, reply.text);
    }
  }
});

test('HTTP errors: OpenAI error bodies, other bodies, Retry-After and retry-after-ms', async (t) => {
  const cases: [Reply, Outcome][] = [
    [
      { status: 400, body: { error: { message: 'bad temperature', type: 'invalid_request' } } },
      { kind: 'client', message: 'request rejected (400): bad temperature', status: 400 },
    ],
    [
      { status: 401, body: { error: { message: 'Incorrect API key' } } },
      { kind: 'auth', message: 'not authorised (401): Incorrect API key', status: 401 },
    ],
    [
      { status: 404, body: { detail: 'no such model' } },
      {
        kind: 'client',
        // Without an `error` object the client keeps no detail: the same on both paths.
        message: 'request rejected (404): status code (no body)',
        status: 404,
      },
    ],
    [
      {
        status: 429,
        headers: { 'retry-after': '2' },
        body: { error: { message: 'Rate limit reached' } },
      },
      {
        kind: 'rate-limit',
        message: 'rate limited (429): Rate limit reached',
        status: 429,
        retryAfterMs: 2000,
      },
    ],
    [
      { status: 429, headers: { 'retry-after-ms': '150' }, body: { error: { message: 'slow' } } },
      { kind: 'rate-limit', message: 'rate limited (429): slow', status: 429, retryAfterMs: 150 },
    ],
    [
      {
        status: 502,
        headers: { 'content-type': 'text/html' },
        body: '<html>502 Bad Gateway</html>',
      },
      { kind: 'server', message: 'server error (502): <html>502 Bad Gateway</html>', status: 502 },
    ],
    [
      { status: 503, headers: { 'retry-after': '1' }, body: '' },
      {
        kind: 'server',
        message: 'server error (503): status code (no body)',
        status: 503,
        retryAfterMs: 1000,
      },
    ],
    [
      { status: 408, body: { error: { message: { nested: true } } } },
      { kind: 'timeout', message: 'request timeout (408): {"nested":true}', status: 408 },
    ],
    [
      { status: 500, body: 'null' },
      { kind: 'server', message: 'server error (500): null', status: 500 },
    ],
  ];
  for (const [reply, expected] of cases) {
    const server = await fake(t, reply);
    for (const stream of [false, true])
      assert.deepEqual(
        await bothPaths(server.baseURL, { stream }),
        expected,
        JSON.stringify(reply),
      );
  }
});

test('replies that are not a completion: invalid JSON, empty, no content, text, no choices', async (t) => {
  const cases: [Reply, RegExp][] = [
    [{ body: '{"choices": [' }, /^invalid response: .*JSON/],
    [{ body: '' }, /^invalid response: .*JSON/],
    [{ status: 204 }, /^invalid response: no choices in the reply$/],
    [{ body: 'hello', headers: { 'content-type': 'text/plain' } }, /no choices/],
    [{ body: { choices: [] } }, /no choices/],
    [{ body: [1, 2] }, /no choices/],
  ];
  for (const [reply, expected] of cases) {
    const server = await fake(t, reply);
    const seen = await bothPaths(server.baseURL);
    assert.ok('message' in seen, JSON.stringify(seen));
    assert.equal(seen.kind, 'invalid-response', JSON.stringify(reply));
    assert.match(seen.message, expected);
  }
  const emptyJson = await rawServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' }).end(),
  );
  t.after(emptyJson.close);
  assert.deepEqual(await bothPaths(emptyJson.baseURL), {
    kind: 'invalid-response',
    message: 'invalid response: no choices in the reply',
  });
});

test('connections: refused, reset before the answer, reset part-way through the body', async (t) => {
  const closed = await rawServer(() => undefined);
  const refusedURL = closed.baseURL;
  await closed.close();
  assert.deepEqual(await bothPaths(refusedURL), {
    kind: 'connection',
    message: 'connection failed (ECONNREFUSED)',
  });
  const server = await fake(t, { reset: true });
  for (const stream of [false, true]) {
    const seen = await bothPaths(server.baseURL, { stream });
    assert.ok('kind' in seen && seen.kind === 'connection', JSON.stringify(seen));
    assert.match(seen.message, /^connection failed \((ECONNRESET|socket hang up)\)$/);
  }
  const halfBody = await rawServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"choices":');
    setTimeout(() => req.socket.destroy(), 20);
  });
  t.after(halfBody.close);
  assert.deepEqual(await bothPaths(halfBody.baseURL), {
    kind: 'connection',
    message: 'connection failed (ECONNRESET)',
  });
});

test('timeouts: no headers in time, a stalled stream, an endless stream', async (t) => {
  const slow = await fake(t, { text: 'late', delayMs: 2000 });
  const timedOut = {
    kind: 'timeout',
    message: 'request timed out: no complete reply within 150 ms',
  };
  for (const stream of [false, true])
    assert.deepEqual(await bothPaths(slow.baseURL, { stream, timeoutMs: 150 }), timedOut);
  const stall = await fake(t, { text: 'Hello Ada', streamFault: 'stall' });
  assert.deepEqual(await bothPaths(stall.baseURL, { stream: true, timeoutMs: 150 }), timedOut);
  const endless = await rawServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x'.repeat(1000) } }] })}\n\n`;
    const timer = setInterval(() => res.write(chunk.repeat(20)), 1);
    res.on('close', () => clearInterval(timer));
  });
  t.after(endless.close);
  assert.deepEqual(await bothPaths(endless.baseURL, { stream: true, timeoutMs: 150 }), timedOut);
  const trickle = await rawServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const timer = setInterval(() => res.write(' '), 5);
    res.on('close', () => clearInterval(timer));
  });
  t.after(trickle.close);
  assert.deepEqual(await bothPaths(trickle.baseURL, { timeoutMs: 150 }), timedOut);
});

test('cancelling: before sending, while waiting, part-way through a stream (with or without a reason)', async (t) => {
  const slow = await fake(t, { text: 'late', delayMs: 2000 });
  const cancelled = { kind: 'aborted', message: 'cancelled' };
  assert.deepEqual(await bothPaths(slow.baseURL, { abortAfterMs: 0 }), cancelled);
  for (const abortReason of [undefined, new Error('stop'), 'a string'])
    for (const stream of [false, true])
      assert.deepEqual(
        await bothPaths(slow.baseURL, { abortAfterMs: 50, abortReason, stream }),
        cancelled,
      );
  const stall = await fake(t, { text: 'Hello Ada', streamFault: 'stall' });
  // Cancelled once the stream has begun: the transport's own "aborted", as before this path.
  for (const abortReason of [undefined, new Error('stop')])
    assert.deepEqual(
      await bothPaths(stall.baseURL, { abortAfterMs: 100, abortReason, stream: true }),
      { kind: 'unknown', message: 'aborted' },
    );
});

test('faulty streams: cut mid-event, no finish reason, an error event, bad JSON, null data', async (t) => {
  const cut = await fake(t, { text: 'Hello Ada', streamFault: 'cut' });
  const cutSeen = await bothPaths(cut.baseURL, { stream: true });
  assert.ok('kind' in cutSeen && cutSeen.kind === 'connection', JSON.stringify(cutSeen));
  assert.match(cutSeen.message, /^the stream was cut before the reply ended \(/);
  const noFinish = await fake(t, { text: 'Hello Ada', streamFault: 'no-finish' });
  assert.deepEqual(await bothPaths(noFinish.baseURL, { stream: true }), {
    kind: 'invalid-response',
    message: 'invalid response: the stream ended without a finish reason',
  });
  const sse = (events: string) =>
    rawServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/event-stream' }).end(events),
    );
  const first = `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'Hel' } }] })}\n\n`;
  const cutWith = (detail: string) => ({
    kind: 'connection',
    message: `the stream was cut before the reply ended (${detail})`,
  });
  const cases: [string, Outcome][] = [
    [
      `${first}data: {"error":{"message":"model overloaded","type":"server_error"}}\n\n`,
      cutWith('model overloaded'),
    ],
    [`${first}event: error\ndata: {"error":{"code":"boom"}}\n\n`, cutWith('{"code":"boom"}')],
    [`${first}data: {not json\n\n`, cutWith(jsonError('{not json'))],
    [`${first}data: null\n\n`, cutWith("Cannot read properties of null (reading 'choices')")],
  ];
  for (const [events, expected] of cases) {
    const server = await sse(events);
    t.after(server.close);
    assert.deepEqual(await bothPaths(server.baseURL, { stream: true }), expected);
  }
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('valid JSON');
}

test('stream framing: CRLF and CR line ends, comments, event names, multi-line data, events after [DONE]', async (t) => {
  const chunk = (content: string, finish: string | null = null) =>
    JSON.stringify({
      model: 'm2',
      choices: [{ index: 0, delta: { content }, finish_reason: finish }],
    });
  const bodies = [
    `: keep-alive\r\n\r\ndata: ${chunk('He')}\r\n\r\nevent: message\r\ndata: ${chunk('llo', 'stop')}\r\n\r\ndata: [DONE]\r\n\r\n`,
    `data: ${chunk('He')}\r\rdata: ${chunk('llo', 'stop')}\r\rdata: [DONE]\r\r`,
    `data: {"choices":[{"index":0,\ndata: "delta":{"content":"Hello"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\ndata: {bad json after done\n\n`,
    `event: thread.run\ndata: {"id":1}\n\ndata: ${chunk('Hello', 'stop')}\n\nid: 7\nretry: 10\n\ndata: ${chunk('ignored')}`,
  ];
  for (const body of bodies) {
    // Sent byte by byte too: an event, a line end or a character split across reads.
    for (const split of [false, true]) {
      const server = await rawServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        if (!split) return void res.end(body);
        const bytes = Buffer.from(body);
        let i = 0;
        const timer = setInterval(() => {
          res.write(bytes.subarray(i, i + 3));
          i += 3;
          if (i >= bytes.length) {
            clearInterval(timer);
            res.end();
          }
        }, 0);
      });
      t.after(server.close);
      const seen = await bothPaths(server.baseURL, { stream: true });
      assert.ok('ok' in seen, JSON.stringify(seen));
      assert.equal((seen.ok as { text: string }).text, 'Hello', body);
    }
  }
});

test('a streamed request answered as plain JSON, and a big reply, read the same', async (t) => {
  const json = await fake(t, {
    body: { choices: [{ message: { content: 'x' }, finish_reason: 'stop' }] },
  });
  const asJson = await bothPaths(json.baseURL, { stream: true });
  assert.ok('kind' in asJson, JSON.stringify(asJson));
  // 10 MB whole; streamed, 200 KB in 40,000 events of five characters.
  for (const [stream, size] of [
    [false, 2_000_000],
    [true, 40_000],
  ] as const) {
    const big = 'word '.repeat(size);
    const server = await fake(t, { text: big });
    const seen = await bothPaths(server.baseURL, { stream, timeoutMs: 60_000 });
    assert.ok('ok' in seen);
    assert.equal((seen.ok as { text: string }).text.length, big.length);
  }
});

test('redirects are followed on both paths', async (t) => {
  const target = await fake(t, { text: 'moved here' });
  const redirect = await rawServer((_req, res) =>
    res.writeHead(307, { location: `${target.baseURL}/chat/completions` }).end(),
  );
  t.after(redirect.close);
  const seen = await bothPaths(redirect.baseURL);
  assert.ok('ok' in seen, JSON.stringify(seen));
  assert.equal((seen.ok as { text: string }).text, 'moved here');
});
