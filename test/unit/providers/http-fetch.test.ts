import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { httpFetch, plainHeaders } from '../../../src/core/providers/http-fetch';
import { OpenAICompatibleProvider } from '../../../src/core/providers/openai';
import { ProviderError } from '../../../src/core/providers/errors';
import { REPO } from '../helpers';
import { CHAT_TRANSPORTS } from '../../support/transports';

async function server(
  handler: http.RequestListener,
): Promise<{ url: string; close: () => Promise<void> }> {
  const s = http.createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  };
}

test('httpFetch: status, headers and body as fetch gives them, the body sent with its length', async (t) => {
  let received = '';
  const s = await server((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received = `${req.method} ${req.url} ${req.headers['content-length']} ${req.headers['x-test']} ${body}`;
      res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      res.end('{"ok":"✓"}');
    });
  });
  t.after(s.close);
  const response = await httpFetch(`${s.url}/v1/x?q=1`, {
    method: 'POST',
    headers: { 'x-test': 'yes' },
    body: '{"é":1}',
  });
  assert.equal(received, 'POST /v1/x?q=1 8 yes {"é":1}');
  assert.equal(response.status, 201);
  assert.equal(response.ok, true);
  assert.equal(response.headers.get('content-type'), 'application/json');
  assert.deepEqual(response.headers.getSetCookie(), ['a=1', 'b=2']);
  const copy = response.clone();
  assert.deepEqual(await response.json(), { ok: '✓' });
  assert.equal(response.bodyUsed, true);
  await assert.rejects(response.text(), TypeError, 'a body is read once, as with fetch');
  assert.equal(new TextDecoder().decode(await copy.arrayBuffer()), '{"ok":"✓"}');
  // The body as a stream, made only when asked for.
  const streamed = await httpFetch(`${s.url}/v1/x`, { method: 'POST', body: '' });
  const chunks: Uint8Array[] = [];
  for await (const chunk of streamed.body as unknown as AsyncIterable<Uint8Array>)
    chunks.push(chunk);
  assert.equal(Buffer.concat(chunks).toString(), '{"ok":"✓"}');
  assert.equal(streamed.url, `${s.url}/v1/x`);
  const empty = await server((_req, res) => res.writeHead(204).end());
  t.after(empty.close);
  assert.equal(await (await httpFetch(empty.url)).text(), '');
});

/** What requestHeaders made of a record before plainHeaders: Headers' own parsing, or its error. */
function viaHeaders(record: Record<string, unknown>): Record<string, string> | string {
  try {
    const headers: Record<string, string> = {};
    new Headers(record as Record<string, string>).forEach((value, key) => (headers[key] = value));
    return headers;
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

/** plainHeaders gives what Headers gives, or leaves the record to Headers. */
function agreesWithHeaders(record: Record<string, unknown>): void {
  const plain = plainHeaders(record);
  if (plain === undefined) return;
  const expected = viaHeaders(record);
  assert.deepEqual(plain, expected, JSON.stringify(record));
  // Same names in the same order, not only the same pairs: the order they go out in.
  assert.deepEqual(Object.keys(plain), Object.keys(expected));
}

test('plainHeaders: takes a record only when Headers would keep every name and value as they are', () => {
  const chars = Array.from({ length: 0x180 }, (_, code) => String.fromCharCode(code));
  for (const c of [...chars, '\u2028', '\ud83d', '\ud83d\ude00', '\uffff']) {
    for (const value of [c, `a${c}`, `${c}a`, `a${c}b`]) agreesWithHeaders({ 'x-test': value });
    for (const name of [c, `x${c}`, `${c}x`]) agreesWithHeaders({ [name]: 'v' });
  }
  // The lean path's own headers are plain; case, padding and non-strings are left to Headers.
  assert.deepEqual(
    plainHeaders({ authorization: 'Bearer k', accept: 'application/json', 'x-n': 'a b' }),
    { accept: 'application/json', authorization: 'Bearer k', 'x-n': 'a b' },
  );
  assert.deepEqual(plainHeaders({}), {});
  for (const notPlain of [
    { Accept: 'x' },
    { accept: ' x' },
    { accept: 'x\t' },
    { accept: 'x\n' },
    { accept: 1 },
    { 'set-cookie': 'a=1' },
    { 'a b': 'x' },
    { é: 'x' },
    { accept: 'x\u0100' },
    new Map([['accept', 'x']]),
    [['accept', 'x']],
    Object.assign(Object.create(null), { accept: 'x' }),
    { [Symbol('s')]: 'x' },
    null,
    'accept: x',
  ])
    assert.equal(plainHeaders(notPlain), undefined, String(JSON.stringify(notPlain)));
  const name = fc.stringMatching(/^[-!#$%&'*+.^_`|~0-9a-zA-Z ]{1,6}$/);
  const value = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.stringMatching(/^[ \t]?[a-z \t\u00e9]{0,6}[ \t]?$/),
    fc.constant(''),
  );
  fc.assert(
    fc.property(fc.dictionary(name, value, { maxKeys: 6, noNullPrototype: true }), (record) =>
      agreesWithHeaders(record),
    ),
    { numRuns: 2000 },
  );
});

test('httpFetch: redirects go through the global fetch, which follows them', async (t) => {
  const s = await server((req, res) => {
    if (req.url === '/old') res.writeHead(307, { location: '/new' }).end();
    else res.end(`at ${req.url}`);
  });
  t.after(s.close);
  const response = await httpFetch(`${s.url}/old`, { method: 'POST', body: 'x' });
  assert.equal(await response.text(), 'at /new');
});

test('httpFetch: an abort before, while waiting for headers, or mid-body rejects with the reason and frees the socket', async (t) => {
  let closed = 0;
  const s = await server((req, res) => {
    req.socket.once('close', () => closed++);
    if (req.url === '/slow') return; // never answers
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('half'); // and never ends
  });
  t.after(s.close);
  const already = new AbortController();
  already.abort(new Error('no'));
  await assert.rejects(httpFetch(`${s.url}/slow`, { signal: already.signal }), /no/);
  for (const url of ['/slow', '/half']) {
    const controller = new AbortController();
    const pending = httpFetch(`${s.url}${url}`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(
      pending,
      (error: unknown) => error instanceof Error && error.name === 'AbortError',
    );
  }
  // The server sees the sockets close shortly after (poll: a loaded machine may take a while).
  for (let i = 0; i < 100 && closed < 2; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(closed, 2, 'both connections were closed');
});

for (const transport of CHAT_TRANSPORTS)
  test(`httpFetch: server-sent events stream through, and a reset connection is a connection error (${transport} path)`, async (t) => {
    const s = await server((req, res) => {
      if (req.url?.includes('reset')) return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (content: string, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: '1', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;
      res.write(chunk('Hel'));
      setTimeout(() => res.end(chunk('lo', 'stop') + 'data: [DONE]\n\n'), 20);
    });
    t.after(s.close);
    const provider = new OpenAICompatibleProvider('local', { baseURL: `${s.url}/v1`, transport });
    const streamed = await provider.chat(
      { model: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }], config: {} },
      { stream: true, timeoutMs: 5000 },
    );
    assert.equal(streamed.text, 'Hello');
    const reset = new OpenAICompatibleProvider('local', {
      baseURL: `${s.url}/reset/v1`,
      transport,
    });
    await assert.rejects(
      reset.chat(
        { model: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }], config: {} },
        { timeoutMs: 5000 },
      ),
      (error: unknown) =>
        error instanceof ProviderError &&
        error.kind === 'connection' &&
        /connection failed \((ECONNRESET|socket hang up)\)/.test(error.message),
    );
  });

test('httpFetch over HTTPS: the openai client reaches a TLS endpoint, trusting what Node trusts (NODE_EXTRA_CA_CERTS)', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-tls-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const s = https.createServer(
    {
      key: fs.readFileSync(path.join(dir, 'key.pem')),
      cert: fs.readFileSync(path.join(dir, 'cert.pem')),
    },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: '1',
          object: 'chat.completion',
          created: 0,
          model: 'm',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'over TLS' },
              finish_reason: 'stop',
            },
          ],
        }),
      );
    },
  );
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  t.after(
    () =>
      new Promise<void>((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  );
  const url = `https://127.0.0.1:${(s.address() as AddressInfo).port}/v1`;
  const provider = path.join(REPO, 'out', 'src', 'core', 'providers', 'openai.js');
  const script = `new (require(${JSON.stringify(provider)}).OpenAICompatibleProvider)('tls', { baseURL: ${JSON.stringify(url)} }).chat({ model: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }], config: {} }, { timeoutMs: 5000 }).then((r) => console.log(r.text), (e) => console.log('error: ' + e.message))`;
  // The CA is read when Node starts: a child process with it, and one without.
  const run = (env: Record<string, string>) =>
    new Promise<string>((resolve) =>
      execFile(
        process.execPath,
        ['-e', script],
        { env: { ...process.env, ...env } },
        (_error, stdout) => resolve(stdout.trim()),
      ),
    );
  assert.equal(await run({ NODE_EXTRA_CA_CERTS: path.join(dir, 'cert.pem') }), 'over TLS');
  assert.match(
    await run({}),
    /^error: connection failed \((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\)/,
    'an untrusted certificate is refused',
  );
});

test("a host's patch of node:http (VS Code's proxy support) is left out for plain-http loopback only", async (t) => {
  const s = await server((_request, response) => response.end('straight through'));
  t.after(() => s.close());
  const module = path.join(REPO, 'out', 'src', 'core', 'providers', 'http-fetch.js');
  // As VS Code's extension host does before any extension loads: the module patched in place,
  // its original functions kept in `__vscodeOriginal`. The patch here refuses every request.
  const script = `
    const http = require('node:http');
    const https = require('node:https');
    for (const m of [http, https]) {
      m.__vscodeOriginal = Object.assign({}, m);
      m.request = () => { throw new Error('the patched request'); };
    }
    const { httpFetch, requestFunction } = require(${JSON.stringify(module)});
    const chosen = (url) => (requestFunction(new URL(url)) === http.request || requestFunction(new URL(url)) === https.request ? 'patched' : 'original');
    console.log(['http://127.0.0.1/', 'http://LOCALHOST:8/', 'http://[::1]:8/', 'http://127.0.0.2/', 'http://example.com/', 'https://127.0.0.1/', 'http://127.0.0.1.example.com/'].map(chosen).join(' '));
    httpFetch(${JSON.stringify(s.url)}).then((r) => r.text()).then(console.log, (e) => console.log('error: ' + e.message));
  `;
  const stdout = await new Promise<string>((resolve) =>
    execFile(process.execPath, ['-e', script], (_error, out) => resolve(out.trim())),
  );
  assert.equal(
    stdout,
    'original original patched patched patched patched patched\nstraight through',
    'localhost and 127.0.0.1 over http take the original; other hosts and https take the patch',
  );
});
