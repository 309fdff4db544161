// Eval engine benchmark (issue 4). Prints figures; never fails on time.
//   node esbuild.js --production && npm run compile-tests && node bench/eval.js   (the build users get; or: npm run bench)
// A loopback OpenAI-compatible server answers every request after 50 ms; the real CLI runs
// N distinct cases (no cache) at concurrency c. ideal = ceil(N / c) × 50 ms.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startFakeOpenAI } = require('../out/test/support/openai-server');

const LATENCY = 50;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function project(baseURL, n, format) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-bench-eval-'));
  fs.writeFileSync(
    path.join(dir, 'promptops.config.yaml'),
    `providers:\n  - name: local\n    baseURL: ${baseURL}\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'greet.prompt'),
    '---\nmodel: local/bench\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.\n',
  );
  if (format === 'jsonl') {
    // JSONL is the format for large sets: read a line at a time.
    const lines = Array.from({ length: n }, (_, i) =>
      JSON.stringify({
        id: `c${i}`,
        input: { name: `Person${i}` },
        assert: [{ type: 'contains', value: `Person${i}` }],
      }),
    );
    fs.writeFileSync(path.join(dir, 'greet.fixtures.jsonl'), lines.join('\n') + '\n');
  } else {
    const cases = Array.from(
      { length: n },
      (_, i) =>
        `  - id: c${i}\n    input: { name: Person${i} }\n    assert:\n      - type: contains\n        value: Person${i}\n`,
    ).join('');
    fs.writeFileSync(path.join(dir, 'greet.fixtures.yaml'), `cases:\n${cases}`);
  }
  return dir;
}

/** Runs the CLI under GNU time for its peak RSS; returns wall ms, engine ms and RSS MB. */
function runCli(dir, concurrency) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(
      '/usr/bin/time',
      [
        '-f',
        '%M',
        process.execPath,
        path.join(__dirname, '..', 'dist', 'cli.js'),
        'eval',
        '--no-cache',
        '--json',
        '--concurrency',
        String(concurrency),
      ],
      { cwd: dir },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`exit ${code}: ${stderr.slice(-500)}`));
      const summary = JSON.parse(stdout).runs[0].summary;
      const rssKb = Number(stderr.trim().split('\n').pop());
      resolve({
        wallMs,
        engineMs: summary.durationMs,
        passed: summary.passed,
        rssMb: rssKb / 1024,
      });
    });
    child.on('error', reject);
  });
}

async function main() {
  const server = await startFakeOpenAI((request) => ({
    text: `Hello ${request.body.messages.at(-1).content.replace(/^Say hello to |\.$/g, '')}`,
    delayMs: LATENCY,
  }));
  try {
    for (const [n, c, runs, format] of [
      [1000, 50, 7, 'yaml'],
      [10000, 50, 3, 'jsonl'],
      [10000, 50, 3, 'yaml'],
    ]) {
      const dir = project(server.baseURL, n, format);
      const ideal = Math.ceil(n / c) * LATENCY;
      const ratio = (ms) => `${Math.round(ms)} ms (${(ms / ideal).toFixed(2)}× ideal)`;
      server.maxInFlight = 0;
      const results = [];
      // Each run is a fresh process on the same files: nothing is cached between runs (--no-cache).
      for (let i = 0; i < runs; i++) results.push(await runCli(dir, c));
      fs.rmSync(dir, { recursive: true, force: true });
      console.log(
        `N=${n} (${format}) c=${c} latency=${LATENCY} ms, ideal ${ideal} ms; targets: evaluating ≤ 1.10×, whole process ≤ 1.5×${n >= 10000 ? ', peak RSS ≤ 150 MB' : ''}`,
      );
      const engine = median(results.map((r) => r.engineMs));
      const wall = median(results.map((r) => r.wallMs));
      console.log(
        `  median of ${runs} runs: evaluating ${ratio(engine)}, whole process ${ratio(wall)}, peak RSS median ${median(results.map((r) => r.rssMb)).toFixed(0)} MB, max ${Math.max(...results.map((r) => r.rssMb)).toFixed(0)} MB; ${results[0].passed}/${n} passed, ${server.maxInFlight} in flight at most`,
      );
      console.log(
        `  runs: evaluating ${results.map((r) => (r.engineMs / ideal).toFixed(2)).join(', ')}; whole ${results.map((r) => (r.wallMs / ideal).toFixed(2)).join(', ')}`,
      );
    }
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
