// A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions and embeddings
// protocol, so tests exercise the real `openai` client. Each test scripts its replies.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message as the client sent it: an assistant's tool calls, a tool's result by call id. */
export interface ChatMessage {
  role: string;
  content: string | { type: string; text?: string }[] | null;
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface ChatBody {
  model: string;
  messages: ChatMessage[];
  stream?: boolean;
  tools?: {
    type: string;
    function: { name: string; description?: string; parameters?: unknown };
  }[];
  tool_choice?: unknown;
  [key: string]: unknown;
}

/** A tool call to answer with; `arguments` as an object is sent as its JSON text. */
export interface ReplyToolCall {
  /** Default `call_<request>_<n>`. */
  id?: string;
  name: string;
  arguments: string | Record<string, unknown>;
}

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: ChatBody;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** JSON object, or a raw string (for non-JSON bodies). */
  body?: unknown;
  /** Answer text for a chat completion (the usual case). */
  text?: string;
  /**
   * Tool calls the model asks for (finish reason `tool_calls`). Streamed, each call's id and name
   * come in one chunk and its arguments in pieces over the following chunks, as OpenAI sends them.
   */
  toolCalls?: ReplyToolCall[];
  /** Overrides the finish reason (default `tool_calls` with tool calls, else `stop`). */
  finishReason?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  delayMs?: number;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
  /**
   * A faulty stream (for `stream: true` requests): `stall` sends the first event and then nothing,
   * `cut` sends the first event and half of the next and closes the connection, `no-finish` ends
   * the stream (with [DONE]) without ever sending a finish reason.
   */
  streamFault?: 'stall' | 'cut' | 'no-finish';
}

/** How the fake Batch API runs a batch; each line is answered by the test's handler. */
export interface BatchScript {
  /** Polls (GET /batches/:id) before the batch ends (default 1). */
  polls?: number;
  /** How it ends (default completed); expired and cancelled answer only the first `answered` lines. */
  outcome?: 'completed' | 'expired' | 'failed';
  answered?: number;
  /** custom_ids whose line fails (status 400 in the error file, with this message). */
  failIds?: Record<string, string>;
  /** Like OpenAI's 50,000: a batch of more requests fails validation at its first poll. */
  maxRequests?: number;
}

export interface FakeBatch {
  id: string;
  status: string;
  inputFileId: string;
  polls: number;
  outputFileId?: string;
  errorFileId?: string;
  lines: { custom_id: string; body: ChatBody }[];
  /** Why validation failed, when it did. */
  invalid?: string;
}

export type Handler = (request: ReceivedRequest, index: number) => Reply | Promise<Reply>;

export interface FakeOpenAI {
  baseURL: string;
  requests: ReceivedRequest[];
  /** Requests being handled right now, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  /** Requests whose client went away before the answer (aborted or timed out). */
  abandoned: number;
  /** The Batch API's state: uploaded files, batches, and how often each endpoint was called. */
  batch: {
    files: Map<string, string>;
    batches: Map<string, FakeBatch>;
    calls: { upload: number; create: number; retrieve: number; cancel: number; content: number };
  };
  close(): Promise<void>;
}

/** A message's text (parts joined; none for a bare tool-call message). */
export function messageText(message: ChatMessage): string {
  if (message.content === null) return '';
  return typeof message.content === 'string'
    ? message.content
    : message.content.map((p) => p.text ?? '').join('');
}

/** The text of the last user message, for handlers that answer by input. */
export function lastUserText(body: ChatBody): string {
  const last = [...body.messages].reverse().find((m) => m.role === 'user');
  return last ? messageText(last) : '';
}

/** The `role: tool` messages of a request: the tool results sent back, by call id. */
export function toolResults(body: ChatBody): { toolCallId: string; content: string }[] {
  return body.messages
    .filter((m) => m.role === 'tool')
    .map((m) => ({ toolCallId: m.tool_call_id ?? '', content: messageText(m) }));
}

/** The tool calls of a reply as OpenAI writes them (arguments as JSON text). */
function wireToolCalls(calls: ReplyToolCall[], index: number) {
  return calls.map((call, n) => ({
    id: call.id ?? `call_${index}_${n}`,
    type: 'function' as const,
    function: {
      name: call.name,
      arguments:
        typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments),
    },
  }));
}

function finishReasonOf(reply: Reply): string {
  return reply.finishReason ?? (reply.toolCalls?.length ? 'tool_calls' : 'stop');
}

/** The streamed deltas of a reply's tool calls: id and name first, then the arguments in 7-character pieces. */
function toolCallDeltas(reply: Reply, index: number): unknown[] {
  return wireToolCalls(reply.toolCalls ?? [], index).flatMap((call, n) => [
    {
      tool_calls: [
        {
          index: n,
          id: call.id,
          type: 'function',
          function: { name: call.function.name, arguments: '' },
        },
      ],
    },
    ...(call.function.arguments.match(/[\s\S]{1,7}/g) ?? []).map((piece) => ({
      tool_calls: [{ index: n, function: { arguments: piece } }],
    })),
  ]);
}

export async function startFakeOpenAI(
  handler: Handler,
  script: BatchScript = {},
): Promise<FakeOpenAI> {
  const sockets = new Set<import('node:net').Socket>();
  const state: FakeOpenAI = {
    baseURL: '',
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    abandoned: 0,
    batch: {
      files: new Map(),
      batches: new Map(),
      calls: { upload: 0, create: 0, retrieve: 0, cancel: 0, content: 0 },
    },
    close: async () => undefined,
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (/\/(files|batches)(\/|$)/.test(req.url ?? '')) {
      const answer = await batchEndpoint(state, script, handler, req, Buffer.concat(chunks));
      res
        .writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' })
        .end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
      return;
    }
    let body: ChatBody;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody;
    } catch {
      res.writeHead(400).end('{"error":{"message":"bad json"}}');
      return;
    }
    const request: ReceivedRequest = { path: req.url ?? '', headers: req.headers, body };
    const index = state.requests.push(request) - 1;
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    let gone = false;
    res.on('close', () => {
      if (!res.writableFinished) {
        gone = true;
        state.abandoned++;
      }
    });
    try {
      const reply = await handler(request, index);
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      if (gone) return;
      if (reply.reset) {
        req.socket.destroy();
        return;
      }
      const status = reply.status ?? 200;
      const headers = { 'content-type': 'application/json', ...reply.headers };
      if (typeof reply.body === 'string') {
        res.writeHead(status, headers).end(reply.body);
        return;
      }
      if (reply.body !== undefined || status !== 200) {
        res
          .writeHead(status, headers)
          .end(
            JSON.stringify(
              reply.body ?? { error: { message: `status ${status}`, type: 'server_error' } },
            ),
          );
        return;
      }
      if (req.url?.endsWith('/embeddings')) {
        res.writeHead(200, headers).end(JSON.stringify(embeddingReply(body)));
        return;
      }
      const text = reply.text ?? '';
      const usage = reply.usage ?? {
        prompt_tokens: 10,
        completion_tokens: Math.max(1, Math.ceil(text.length / 4)),
      };
      if (body.stream) {
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          ...reply.headers,
        });
        const pieces = text.match(/[\s\S]{1,5}/g) ?? [''];
        const event = (piece: string) =>
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`;
        if (reply.streamFault === 'stall' || reply.streamFault === 'cut') {
          res.write(event(pieces[0] ?? ''));
          if (reply.streamFault === 'stall') return; // the client's timeout (or close()) ends it
          const next = event(pieces[1] ?? 'more');
          res.write(next.slice(0, next.length >> 1));
          await new Promise((resolve) => setTimeout(resolve, 20));
          req.socket.destroy();
          return;
        }
        if (text || !reply.toolCalls?.length) for (const piece of pieces) res.write(event(piece));
        for (const delta of toolCallDeltas(reply, index))
          res.write(
            `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
          );
        if (reply.streamFault === 'no-finish') {
          res.end('data: [DONE]\n\n');
          return;
        }
        res.write(
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: finishReasonOf(reply) }] })}\n\n`,
        );
        res.write(
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`,
        );
        res.end('data: [DONE]\n\n');
        return;
      }
      res
        .writeHead(200, headers)
        .end(JSON.stringify(completionOf(body, reply, text, usage, index)));
    } finally {
      state.inFlight--;
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseURL = `http://127.0.0.1:${port}/v1`;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** Deterministic embeddings: a bag of letters, so similar texts are similar. */
function embeddingReply(body: ChatBody): unknown {
  const inputs = (body as unknown as { input: string | string[] }).input;
  const list = Array.isArray(inputs) ? inputs : [inputs];
  return {
    object: 'list',
    model: body.model,
    data: list.map((text, index) => {
      const vector = new Array(26).fill(0) as number[];
      for (const ch of text.toLowerCase()) {
        const code = ch.charCodeAt(0) - 97;
        if (code >= 0 && code < 26) vector[code] = (vector[code] ?? 0) + 1;
      }
      return { object: 'embedding', index, embedding: vector };
    }),
    usage: { prompt_tokens: 1, total_tokens: 1 },
  };
}

function completionOf(
  body: ChatBody,
  reply: Reply,
  text: string,
  usage: { prompt_tokens: number; completion_tokens: number },
  index: number,
): unknown {
  const calls = reply.toolCalls?.length ? wireToolCalls(reply.toolCalls, index) : undefined;
  const message = calls
    ? { role: 'assistant', content: text || null, tool_calls: calls }
    : { role: 'assistant', content: text };
  return {
    id: `chatcmpl-${index}`,
    object: 'chat.completion',
    created: 0,
    model: body.model,
    choices: [{ index: 0, message, finish_reason: finishReasonOf(reply) }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function batchObject(batch: FakeBatch): unknown {
  const total = batch.lines.length;
  const done = ['completed', 'expired', 'cancelled'].includes(batch.status);
  const progressed = done ? total : Math.min(total, Math.floor((total * batch.polls) / 2));
  return {
    id: batch.id,
    object: 'batch',
    endpoint: '/v1/chat/completions',
    input_file_id: batch.inputFileId,
    completion_window: '24h',
    status: batch.status,
    output_file_id: batch.outputFileId ?? null,
    error_file_id: batch.errorFileId ?? null,
    created_at: 0,
    errors:
      batch.status === 'failed'
        ? {
            object: 'list',
            data: [
              batch.invalid
                ? { code: 'too_many_requests', message: batch.invalid, line: null }
                : { code: 'invalid_request', message: 'the input file is invalid', line: 1 },
            ],
          }
        : null,
    request_counts: { total, completed: progressed, failed: 0 },
  };
}

/** Answers the batch's lines through the handler and writes its output and error files. */
async function finishBatch(
  state: FakeOpenAI,
  script: BatchScript,
  handler: Handler,
  batch: FakeBatch,
  status: 'completed' | 'expired' | 'cancelled',
): Promise<void> {
  const limit = status === 'completed' ? batch.lines.length : (script.answered ?? 0);
  const output: string[] = [];
  const errors: string[] = [];
  for (const [i, line] of batch.lines.entries()) {
    const id = `${batch.id}-req-${i}`;
    const failed = script.failIds?.[line.custom_id];
    if (i >= limit) {
      const code = status === 'expired' ? 'batch_expired' : 'batch_cancelled';
      errors.push(
        JSON.stringify({
          id,
          custom_id: line.custom_id,
          response: null,
          error: { code, message: `This request was not executed: the batch was ${status}.` },
        }),
      );
    } else if (failed) {
      errors.push(
        JSON.stringify({
          id,
          custom_id: line.custom_id,
          response: {
            status_code: 400,
            body: { error: { message: failed, type: 'invalid_request_error' } },
          },
          error: null,
        }),
      );
    } else {
      const request: ReceivedRequest = {
        path: '/v1/chat/completions',
        headers: {},
        body: line.body,
      };
      const index = state.requests.push(request) - 1;
      const reply = await handler(request, index);
      const text = reply.text ?? '';
      const usage = reply.usage ?? {
        prompt_tokens: 10,
        completion_tokens: Math.max(1, Math.ceil(text.length / 4)),
      };
      output.push(
        JSON.stringify({
          id,
          custom_id: line.custom_id,
          response: {
            status_code: 200,
            body: completionOf(line.body, reply, text, usage, index),
          },
          error: null,
        }),
      );
    }
  }
  batch.status = status;
  if (output.length) {
    batch.outputFileId = `file-out-${batch.id}`;
    state.batch.files.set(batch.outputFileId, output.join('\n') + '\n');
  }
  if (errors.length) {
    batch.errorFileId = `file-err-${batch.id}`;
    state.batch.files.set(batch.errorFileId, errors.join('\n') + '\n');
  }
}

/** POST /files (multipart), GET /files/:id/content, POST /batches, GET /batches/:id, POST /batches/:id/cancel. */
async function batchEndpoint(
  state: FakeOpenAI,
  script: BatchScript,
  handler: Handler,
  req: http.IncomingMessage,
  raw: Buffer,
): Promise<{ status: number; body: unknown; type?: string }> {
  const url = (req.url ?? '').replace(/^\/v1/, '');
  const calls = state.batch.calls;
  if (req.method === 'POST' && url === '/files') {
    calls.upload++;
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': String(req.headers['content-type']) },
      body: raw,
    }).formData();
    const file = form.get('file');
    if (form.get('purpose') !== 'batch' || typeof file === 'string' || !file)
      return { status: 400, body: { error: { message: 'purpose must be batch, with a file' } } };
    const id = `file-in-${state.batch.files.size + 1}`;
    state.batch.files.set(id, await file.text());
    return {
      status: 200,
      body: {
        id,
        object: 'file',
        purpose: 'batch',
        bytes: file.size,
        created_at: 0,
        filename: file.name,
      },
    };
  }
  const content = /^\/files\/([^/]+)\/content$/.exec(url);
  if (req.method === 'GET' && content) {
    calls.content++;
    const text = state.batch.files.get(content[1] ?? '');
    if (text === undefined) return { status: 404, body: { error: { message: 'no such file' } } };
    return { status: 200, body: text, type: 'application/jsonl' };
  }
  if (req.method === 'POST' && url === '/batches') {
    calls.create++;
    const params = JSON.parse(raw.toString('utf8')) as { input_file_id: string };
    const input = state.batch.files.get(params.input_file_id);
    if (input === undefined)
      return { status: 400, body: { error: { message: 'no such input file' } } };
    const lines = input
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { custom_id: string; body: ChatBody });
    const batch: FakeBatch = {
      id: `batch_${state.batch.batches.size + 1}`,
      status: 'validating',
      inputFileId: params.input_file_id,
      polls: 0,
      lines,
    };
    if (script.maxRequests !== undefined && lines.length > script.maxRequests)
      batch.invalid = `the input file holds ${lines.length} requests; a batch holds at most ${script.maxRequests}`;
    state.batch.batches.set(batch.id, batch);
    return { status: 200, body: batchObject(batch) };
  }
  const one = /^\/batches\/([^/]+)(\/cancel)?$/.exec(url);
  const batch = one ? state.batch.batches.get(one[1] ?? '') : undefined;
  if (!one || !batch) return { status: 404, body: { error: { message: 'no such batch' } } };
  if (one[2]) {
    calls.cancel++;
    if (!['completed', 'expired', 'failed', 'cancelled'].includes(batch.status))
      batch.status = 'cancelling';
    return { status: 200, body: batchObject(batch) };
  }
  calls.retrieve++;
  if (batch.status === 'cancelling') await finishBatch(state, script, handler, batch, 'cancelled');
  else if (batch.status === 'validating' || batch.status === 'in_progress') {
    batch.polls++;
    batch.status = batch.invalid ? 'failed' : 'in_progress';
    if (batch.invalid) return { status: 200, body: batchObject(batch) };
    if (batch.polls >= (script.polls ?? 1)) {
      const outcome = script.outcome ?? 'completed';
      if (outcome === 'failed') batch.status = 'failed';
      else await finishBatch(state, script, handler, batch, outcome);
    }
  }
  return { status: 200, body: batchObject(batch) };
}
