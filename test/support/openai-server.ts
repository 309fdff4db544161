// A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions and embeddings
// protocol, so tests exercise the real `openai` client. Each test scripts its replies.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatBody {
  model: string;
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
  stream?: boolean;
  [key: string]: unknown;
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

export type Handler = (request: ReceivedRequest, index: number) => Reply | Promise<Reply>;

export interface FakeOpenAI {
  baseURL: string;
  requests: ReceivedRequest[];
  /** Requests being handled right now, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  /** Requests whose client went away before the answer (aborted or timed out). */
  abandoned: number;
  close(): Promise<void>;
}

/** The text of the last user message, for handlers that answer by input. */
export function lastUserText(body: ChatBody): string {
  const last = [...body.messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  return typeof last.content === 'string'
    ? last.content
    : last.content.map((p) => p.text ?? '').join('');
}

export async function startFakeOpenAI(handler: Handler): Promise<FakeOpenAI> {
  const sockets = new Set<import('node:net').Socket>();
  const state: FakeOpenAI = {
    baseURL: '',
    requests: [],
    inFlight: 0,
    maxInFlight: 0,
    abandoned: 0,
    close: async () => undefined,
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
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
        for (const piece of pieces) res.write(event(piece));
        if (reply.streamFault === 'no-finish') {
          res.end('data: [DONE]\n\n');
          return;
        }
        res.write(
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
        );
        res.write(
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [], usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } })}\n\n`,
        );
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, headers).end(
        JSON.stringify({
          id: `chatcmpl-${index}`,
          object: 'chat.completion',
          created: 0,
          model: body.model,
          choices: [
            { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' },
          ],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        }),
      );
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
