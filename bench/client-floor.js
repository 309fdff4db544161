// The floor under bench/eval.js: raw node:http, the openai client alone (no engine) over Node's
// fetch, and the openai client over our httpFetch (what the engine uses), each sending N requests
// with c workers to the same loopback server (50 ms latency) in another process, as bench/eval.js
// does. The engine cannot beat the client it calls through.
//   npm run compile-tests && node bench/client-floor.js
const http = require('node:http');
const { fork } = require('node:child_process');

const LATENCY = 50;

/** Child: runs one client flavour against baseURL and prints the wall time. */
async function client(baseURL, kind, n, c) {
  let send;
  if (kind.startsWith('openai')) {
    const OpenAI = require('openai').default;
    const openai = new OpenAI({
      baseURL,
      apiKey: 'x',
      maxRetries: 0,
      logLevel: 'off',
      ...(kind === 'openai+http'
        ? { fetch: require('../out/src/core/providers/http-fetch').httpFetch }
        : {}),
    });
    send = (i) =>
      openai.chat.completions.create({
        model: 'bench',
        messages: [{ role: 'user', content: `Say hello to Person${i}.` }],
      });
  } else {
    const agent = new http.Agent({ keepAlive: true, maxSockets: c });
    send = (i) =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify({
          model: 'bench',
          messages: [{ role: 'user', content: `Say hello to Person${i}.` }],
        });
        const request = http.request(
          `${baseURL}/chat/completions`,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () => resolve(JSON.parse(text)));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
  }
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) await send(next++);
    }),
  );
  return performance.now() - started;
}

async function main() {
  if (process.env.FLOOR_CHILD) {
    const [baseURL, kind, n, c] = JSON.parse(process.env.FLOOR_CHILD);
    process.send(await client(baseURL, kind, n, c));
    return;
  }
  const { startFakeOpenAI } = require('../out/test/support/openai-server');
  const server = await startFakeOpenAI(() => ({ text: 'Hello', delayMs: LATENCY }));
  const inChild = (args) =>
    new Promise((resolve, reject) => {
      const child = fork(__filename, {
        env: { ...process.env, FLOOR_CHILD: JSON.stringify(args) },
      });
      child.on('message', resolve);
      child.on('error', reject);
    });
  try {
    for (const [n, c, runs] of [
      [1000, 50, 5],
      [10000, 50, 1],
    ]) {
      const ideal = Math.ceil(n / c) * LATENCY;
      for (const kind of ['node:http', 'openai', 'openai+http']) {
        const times = [];
        for (let i = 0; i < runs; i++) times.push(await inChild([server.baseURL, kind, n, c]));
        times.sort((a, b) => a - b);
        const median = times[Math.floor(times.length / 2)];
        console.log(
          `${kind.padEnd(9)} alone: N=${n} c=${c}: median ${Math.round(median)} ms = ${(median / ideal).toFixed(2)}× ideal (${ideal} ms); runs ${times.map(Math.round).join(', ')}`,
        );
      }
    }
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
