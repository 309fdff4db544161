import * as http from 'node:http';
import * as https from 'node:https';
import { Readable } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import { signalAbortable, type Abortable } from './abort';

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
} as const;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const utf8 = new TextDecoder();

/**
 * A whole, buffered reply with the part of `Response` the openai client reads (status, ok,
 * headers, text/json/arrayBuffer, body). A real `Response` wraps its bytes in a WHATWG stream and
 * reads them back through it, which at a thousand replies a second is a measurable share of a
 * request's CPU; `body` makes that stream only when someone asks for it. `headers` is made on
 * first use too: `Headers` loads Node's bundled undici (tens of milliseconds, once) and costs CPU
 * on every reply, and the lean path reads its two headers with `headerOf` instead.
 */
class BufferedResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  private used = false;
  private stream: ReadableStream<Uint8Array> | null | undefined;
  private webHeaders: Headers | undefined;

  constructor(
    private readonly content: Buffer | null,
    readonly status: number,
    readonly statusText: string,
    private readonly rawHeaders: readonly string[],
    readonly url: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get headers(): Headers {
    this.webHeaders ??= webHeadersOf(this.rawHeaders);
    return this.webHeaders;
  }

  /** `headers.get(name)` for a lowercase name, read from the raw headers. */
  header(name: string): string | null {
    let value: string | null = null;
    for (let i = 0; i + 1 < this.rawHeaders.length; i += 2)
      if ((this.rawHeaders[i] as string).toLowerCase() === name) {
        const item = (this.rawHeaders[i + 1] as string).trim();
        value = value === null ? item : `${value}, ${item}`;
      }
    return value;
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  /** One stream, as a Response gives: the openai client asks for it twice (once to test it). */
  get body(): ReadableStream<Uint8Array> | null {
    if (!this.content) return null;
    this.stream ??= this.asResponse().body;
    return this.stream;
  }

  private take(): Buffer {
    if (this.used) throw new TypeError('Body is unusable: Body has already been read');
    this.used = true;
    return this.content ?? Buffer.alloc(0);
  }

  private asResponse(): Response {
    return new Response(new Uint8Array(this.take()), {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }

  text(): Promise<string> {
    try {
      return Promise.resolve(utf8.decode(this.take()));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    try {
      const bytes = this.take();
      return Promise.resolve(
        bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  blob(): Promise<Blob> {
    return this.arrayBuffer().then(
      (buffer) => new Blob([buffer], { type: this.headers.get('content-type') ?? '' }),
    );
  }

  clone(): Response {
    if (this.used) throw new TypeError('Response.clone: Body has already been consumed.');
    return new BufferedResponse(
      this.content,
      this.status,
      this.statusText,
      this.rawHeaders,
      this.url,
    ) as unknown as Response;
  }
}

/**
 * A reply's header as `response.headers.get(name)` gives it (name in lowercase), without making
 * a `Headers` for a buffered reply.
 */
export function headerOf(response: Response, name: string): string | null {
  return response instanceof BufferedResponse ? response.header(name) : response.headers.get(name);
}

function abortReason(abort: Abortable): unknown {
  return abort.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** `init` with a signal that follows `abort`, for the global fetch. */
function withSignal(init: RequestInit, abort: Abortable | undefined): RequestInit {
  if (!abort || init.signal) return init;
  const controller = new AbortController();
  if (abort.aborted) controller.abort(abort.reason);
  else abort.onAbort(() => controller.abort(abort.reason));
  return { ...init, signal: controller.signal };
}

/** A header name `Headers` keeps as it is: a lowercase token. */
const PLAIN_NAME = /^[-!#$%&'*+.^_`|~0-9a-z]+$/;
/** A value `Headers` keeps as it is: Latin-1, no NUL, CR or LF, no space or tab at either end. */
const PLAIN_VALUE =
  /^(?:[^\0\t\n\r \u0100-\uffff](?:[^\0\n\r\u0100-\uffff]*[^\0\t\n\r \u0100-\uffff])?)?$/;

/**
 * A record of headers exactly as `new Headers(record).forEach` gives them (sorted by name), when
 * Headers would change nothing in it; undefined when it would (case, whitespace, an invalid or a
 * repeated name, a value that is not a string), and Headers' own parsing is then used. The lean
 * path's headers are plain: its requests go out, and its replies are read, without loading Headers.
 */
export function plainHeaders(init: unknown): Record<string, string> | undefined {
  if (typeof init !== 'object' || init === null || Object.getPrototypeOf(init) !== Object.prototype)
    return undefined;
  if (Object.getOwnPropertySymbols(init).length) return undefined;
  const record = init as Record<string, unknown>;
  const names = Object.keys(record).sort();
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = record[name];
    if (name === 'set-cookie' || !PLAIN_NAME.test(name)) return undefined;
    if (typeof value !== 'string' || !PLAIN_VALUE.test(value)) return undefined;
    headers[name] = value;
  }
  return headers;
}

/** The request headers as a plain object, with the body's length. */
function requestHeaders(init: RequestInit, body: string | undefined): Record<string, string> {
  let headers = plainHeaders(init.headers === undefined ? {} : init.headers);
  if (!headers) {
    const parsed: Record<string, string> = {};
    // The openai client passes a Headers object; anything else goes through Headers' own parsing.
    (init.headers instanceof Headers ? init.headers : new Headers(init.headers)).forEach(
      (value, key) => (parsed[key] = value),
    );
    headers = parsed;
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return headers;
}

function webHeadersOf(rawHeaders: readonly string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    headers.append(rawHeaders[i] as string, rawHeaders[i + 1] as string);
  return headers;
}

/** Settles a promise once: the first of reply, error, abort or reset wins. */
interface Settle {
  resolve(value: Response | Promise<Response>): void;
  reject(reason: unknown): void;
}

function onceOnly(resolve: Settle['resolve'], reject: Settle['reject']): Settle {
  let settled = false;
  return {
    resolve: (value) => {
      if (!settled) resolve(value);
      settled = true;
    },
    reject: (reason) => {
      if (!settled) reject(reason);
      settled = true;
    },
  };
}

/**
 * One reply: a redirect goes to the global fetch, server-sent events stream through as a web
 * stream, anything else is read whole into a BufferedResponse.
 */
function receive(
  response: http.IncomingMessage,
  url: URL,
  init: RequestInit,
  settle: Settle,
  redirect: () => Promise<Response>,
): void {
  const status = response.statusCode ?? 0;
  if (REDIRECTS.has(status) && response.headers.location) {
    response.resume();
    return settle.resolve(redirect());
  }
  const noBody = status === 204 || status === 304 || init.method === 'HEAD';
  if (!noBody && /^text\/event-stream/i.test(response.headers['content-type'] ?? ''))
    return settle.resolve(
      new Response(Readable.toWeb(response) as ReadableStream<Uint8Array>, {
        status,
        headers: webHeadersOf(response.rawHeaders),
      }),
    );
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () =>
    settle.resolve(
      new BufferedResponse(
        noBody ? null : Buffer.concat(chunks),
        status,
        response.statusMessage ?? '',
        response.rawHeaders,
        url.href,
      ) as unknown as Response,
    ),
  );
  response.on('error', (error) => settle.reject(error));
  response.on('aborted', () =>
    settle.reject(
      Object.assign(new Error('the connection closed before the response ended'), {
        code: 'ECONNRESET',
      }),
    ),
  );
}

/** What a host that patches node:http keeps of the module as it was (VS Code's extension host). */
type Unpatched = { __vscodeOriginal?: { request?: typeof http.request } };

/** The hosts VS Code's patch itself sends straight to their original agent (no proxy). */
const LOOPBACK = /^(?:localhost|127\.0\.0\.1)$/i;

/**
 * The request function for a URL. VS Code's extension host patches node:http's `request` so that
 * requests follow the editor's proxy settings; the patch reads the configuration on every request
 * (~0.5 MB of garbage each, and collector pauses of 0.2–0.4 s in a 10,000-case run against a
 * local server). The patch's resolver answers DIRECT for `localhost` and `127.0.0.1` and hands
 * them to the request's own agent (@vscode/proxy-agent), so plain http to those two uses the
 * original function the host keeps beside its patch: the same connection, without the patch.
 * Any other host keeps the patch; HTTPS keeps it too, as it may add the system's certificates.
 */
export function requestFunction(url: URL): typeof http.request {
  if (url.protocol === 'https:') return https.request;
  if (!LOOPBACK.test(url.hostname)) return http.request;
  return (http as Unpatched).__vscodeOriginal?.request ?? http.request;
}

interface Target {
  url: URL;
  /** What node:http makes of the URL (host, port, path, auth), as it would for `request(url)`. */
  options: http.RequestOptions;
}

/** The last URLs asked for, parsed: a run asks for the same one or two a thousand times. */
const targets = new Map<string, Target>();
const TARGETS_KEPT = 32;

function targetOf(href: string): Target {
  let target = targets.get(href);
  if (target) return target;
  const url = new URL(href);
  target = { url, options: urlToHttpOptions(url) as http.RequestOptions };
  if (targets.size >= TARGETS_KEPT) targets.clear();
  targets.set(href, target);
  return target;
}

/**
 * The `fetch` the openai client is given: JSON requests over node:http with keep-alive
 * sockets. Node's own fetch spends most of a request's CPU in WHATWG streams; at a thousand
 * requests a second that CPU, not the model, sets the pace (bench/client-floor.js: the openai
 * client over this reaches 1.13× the ideal where the global fetch reaches 1.26×).
 *
 * Anything this does not handle in the same way as fetch (a body that is not a string, a
 * redirect) goes to the global fetch. Server-sent events stream through as a web stream; other
 * replies are read whole and handed over as a BufferedResponse.
 */
export function httpFetch(
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> {
  return httpSend(input, init, init.signal ? signalAbortable(init.signal) : undefined);
}

/**
 * httpFetch with its cancellation as an Abortable (init.signal is not read): the lean path's
 * requests, which then need no AbortSignal of their own.
 */
export function httpSend(
  input: string | URL | Request,
  init: RequestInit,
  abort: Abortable | undefined,
): Promise<Response> {
  const { url, options } = targetOf(
    typeof input === 'string' || input instanceof URL ? String(input) : input.url,
  );
  const body = init.body;
  const protocol = url.protocol === 'https:' || url.protocol === 'http:' ? url.protocol : undefined;
  if (
    // Strings and URLs first: `Request`, like `Headers`, loads Node's fetch on first use.
    (typeof input !== 'string' && !(input instanceof URL) && input instanceof Request) ||
    !protocol ||
    (body !== undefined && body !== null && typeof body !== 'string')
  )
    return fetch(input, withSignal(init, abort));
  return new Promise<Response>((resolve, reject) => {
    if (abort?.aborted) return reject(abortReason(abort));
    const settle = onceOnly(resolve, reject);
    const request = requestFunction(url)(
      {
        ...options,
        method: init.method ?? 'GET',
        headers: requestHeaders(init, body ?? undefined),
        agent: agents[protocol],
      },
      (response) =>
        receive(response, url, init, settle, () => fetch(input, withSignal(init, abort))),
    );
    const removeListener = abort?.onAbort(() => {
      const reason = abortReason(abort);
      settle.reject(reason);
      request.destroy(reason instanceof Error ? reason : undefined);
    });
    if (removeListener) request.on('close', removeListener);
    request.on('error', (error) => settle.reject(error));
    request.end(body ?? undefined);
  });
}
