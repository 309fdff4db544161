// The floor under bench/eval.js: raw node:http, the openai client alone (no engine) over Node's
// fetch, the openai client over our httpFetch (the provider's `transport: client`), and the
// provider's lean chat path (`transport: lean`, the default), each sending N requests
// with c workers to the same loopback server (50 ms latency) in another process, as bench/eval.js
// does. The engine cannot beat the client it calls through.
//   npm run compile-tests && node bench/client-floor.js
const http = require('node:http');
const { fork } = require('node:child_process');

const LATENCY = 50;

/** Child: runs one client flavour against baseURL and prints the wall time. */
async function client(baseURL, kind, n, c) {
  let send;
  if (kind.startsWith('provider')) {
    const { OpenAICompatibleProvider } = require('../out/src/core/providers/openai');
    const provider = new OpenAICompatibleProvider('bench', {
      baseURL,
      apiKey: 'x',
      transport: kind === 'provider:lean' ? 'lean' : 'client',
    });
    send = (i) =>
      provider.chat(
        {
          model: 'bench',
          messages: [{ role: 'user', content: [{ text: `Say hello to Person${i}.` }] }],
          config: {},
        },
        { timeoutMs: 60_000 },
      );
  } else if (kind.startsWith('openai')) {
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
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: c }, async () => {
      while (next < n) await send(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
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
      const kinds = ['node:http', 'openai', 'openai+http', 'provider:client', 'provider:lean'];
      const times = Object.fromEntries(kinds.map((kind) => [kind, []]));
      // Alternated, so the machine's load falls on every kind alike.
      for (let i = 0; i < runs; i++)
        for (const kind of kinds) times[kind].push(await inChild([server.baseURL, kind, n, c]));
      for (const kind of kinds) {
        const sorted = times[kind].map((t) => t.wall).sort((a, b) => a - b);
        const median = sorted[Math.floor(sorted.length / 2)];
        const cpus = times[kind].map((t) => t.cpu).sort((a, b) => a - b);
        const cpu = cpus[Math.floor(cpus.length / 2)];
        console.log(
          `${kind.padEnd(15)} alone: N=${n} c=${c}: median ${Math.round(median)} ms = ${(median / ideal).toFixed(2)}× ideal (${ideal} ms); runs ${sorted.map(Math.round).join(', ')}; CPU ${Math.round(cpu)} ms (${Math.round((cpu * 1000) / n)} µs a request)`,
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
