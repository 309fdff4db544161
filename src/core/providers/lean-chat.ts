import type OpenAI from 'openai';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  OpenAIError,
} from 'openai';
import { VERSION } from 'openai/version';
import { signalAbortable, type Abortable } from './abort';
import { headerOf, httpSend } from './http-fetch';

/**
 * `POST {baseURL}/chat/completions` without the openai client's request machinery: the same
 * URL, headers and body the client sends, over the same transport (httpFetch), read the way the
 * client reads it. Failures are thrown as the errors the client throws for them (APIError with
 * the server's status, headers and body; APIConnectionError with its cause; APIUserAbortError;
 * SyntaxError for a body that is not JSON), so the provider classifies both paths with one
 * `classifyError` and they cannot drift apart. What it leaves out costs CPU on every request and
 * does nothing with `maxRetries: 0` and `logLevel: 'off'`: the retry wrapper, per-request log
 * formatting, header merging, and the X-Stainless-* telemetry headers.
 */
export class LeanChat {
  private readonly url: string;
  private readonly headers: Record<string, string>;

  /** Takes the URL, key, organisation and project from the client, so both paths send the same. */
  constructor(client: OpenAI, customHeaders: Record<string, string>) {
    this.url = client.buildURL('/chat/completions', undefined);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': `OpenAI/JS ${VERSION}`,
    };
    if (client.organization) headers['openai-organization'] = client.organization;
    if (client.project) headers['openai-project'] = client.project;
    headers.authorization = `Bearer ${client.apiKey}`;
    // As the client merges them: custom headers over its own, the body's content type over all.
    for (const [name, value] of Object.entries(customHeaders)) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    this.headers = headers;
  }

  /** The reply's JSON (or text, or nothing) as the client's parser returns it. */
  async complete(body: unknown, abort: Abortable | undefined): Promise<unknown> {
    const response = await this.send(body, abort, abort);
    if (response.status === 204) return null;
    const mediaType = headerOf(response, 'content-type')?.split(';')[0]?.trim();
    if (mediaType?.includes('application/json') || mediaType?.endsWith('+json')) {
      if (headerOf(response, 'content-length') === '0') return undefined;
      return response.json();
    }
    return response.text();
  }

  /** The chunks of a streamed reply, parsed and ended as the client's `Stream` does. */
  async stream(body: unknown, signal: AbortSignal | undefined): Promise<AsyncIterable<unknown>> {
    const controller = new AbortController();
    // As the client does: the stream gets a signal of its own, aborted without a reason when
    // ours aborts, so it fails with an AbortError whatever our reason was, and aborted when the
    // caller stops reading early.
    signal?.addEventListener('abort', () => controller.abort(), {
      once: true,
      signal: controller.signal,
    });
    const response = await this.send(
      body,
      signal && signalAbortable(signal),
      signalAbortable(controller.signal),
    );
    return sseChunks(response, controller);
  }

  /**
   * The request, its transport failures as the client's errors, an error status as APIError.
   * `transport` aborts the transport: the caller's own cancellation for a whole reply (an abort
   * is then APIUserAbortError whatever its reason), the stream's own for a stream.
   */
  private async send(
    body: unknown,
    caller: Abortable | undefined,
    transport: Abortable | undefined,
  ): Promise<Response> {
    if (caller?.aborted) throw new APIUserAbortError();
    let response: Response;
    try {
      response = await httpSend(
        this.url,
        { method: 'POST', headers: this.headers, body: JSON.stringify(body) },
        transport,
      );
    } catch (error) {
      throw connectionError(error, caller);
    }
    if (!response.ok) throw await statusError(response);
    return response;
  }
}

function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (('name' in error && error.name === 'AbortError') ||
      ('message' in error && String(error.message).includes('FetchRequestCanceledException')))
  );
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** A transport failure as the client reports it: cancelled, timed out, or connection failed. */
function connectionError(error: unknown, caller: Abortable | undefined): Error {
  if (caller?.aborted) return new APIUserAbortError();
  const cause = asError(error);
  const isTimeout =
    isAbortError(cause) ||
    /timed? ?out/i.test(String(cause) + ('cause' in cause ? String(cause.cause) : ''));
  return isTimeout ? new APIConnectionTimeoutError() : new APIConnectionError({ cause });
}

/** An error status with its body: JSON bodies give the error object, others their text. */
async function statusError(response: Response): Promise<APIError> {
  const text = await response.text().catch((error: unknown) => asError(error).message);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return APIError.generate(
    response.status,
    json as object | undefined,
    json ? undefined : text,
    response.headers,
  );
}

interface ServerSentEvent {
  event: string | null;
  data: string;
}

/** Lines of a byte stream split on \r\n, \n or \r, decoded as UTF-8. */
async function* lines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const bytes of body) {
    buffer += decoder.decode(bytes, { stream: true });
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const ch = buffer.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      // A \r at the end may be the first half of \r\n: wait for the next bytes.
      if (ch === 13 && i === buffer.length - 1) break;
      yield buffer.slice(start, i);
      if (ch === 13 && buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
    buffer = buffer.slice(start);
  }
  buffer += decoder.decode();
  if (buffer.endsWith('\r')) buffer = buffer.slice(0, -1);
  if (buffer) yield buffer;
}

/** Server-sent events, dispatched at each blank line (an unterminated last event is dropped). */
async function* events(body: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  let event: string | null = null;
  let data: string[] = [];
  for await (const line of lines(body)) {
    if (!line) {
      if (event === null && !data.length) continue;
      yield { event, data: data.join('\n') };
      event = null;
      data = [];
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
}

/**
 * The chunks of a chat-completions stream as the client's `Stream.fromSSEResponse` yields them:
 * events after `[DONE]` are read and ignored, an event with an `error` is an APIError, an abort
 * ends the stream quietly (the caller then finds no finish reason, or its own signal aborted).
 */
async function* sseChunks(
  response: Response,
  controller: AbortController,
): AsyncGenerator<unknown> {
  const body = response.body as unknown as AsyncIterable<Uint8Array> | null;
  if (!body) {
    controller.abort();
    throw new OpenAIError('Attempted to iterate over a response with no body');
  }
  let done = false;
  try {
    for await (const sse of events(body)) {
      if (done) continue;
      if (sse.data.startsWith('[DONE]')) {
        done = true;
        continue;
      }
      const data = JSON.parse(sse.data) as { error?: object } | null;
      if (sse.event !== null && sse.event.startsWith('thread.')) {
        yield { event: sse.event, data };
        continue;
      }
      if (data && data.error)
        throw new APIError(undefined, data.error, undefined, response.headers);
      yield data;
    }
    done = true;
  } catch (error) {
    if (isAbortError(error)) return;
    throw error;
  } finally {
    // Left early (an error, or the caller stopped): the connection is closed, as the client does.
    if (!done) controller.abort();
  }
}
