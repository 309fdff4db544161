// The eval engine in a process that has already run (the editor's extension host after its first
// run): N=1,000 cases, c=50, 50 ms loopback replies, five runs of the engine in one process.
// Prints figures; never fails on time.   npm run compile-tests && node bench/eval-warm.js
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { fork } = require('node:child_process');
const { evalPrompt } = require('../out/src/core/eval/engine');
const { ProviderRegistry } = require('../out/src/core/providers/registry');

const LATENCY = 50;
const N = 1000;
const C = 50;

async function main() {
  // The server runs in another process, as in bench/eval.js, so it does not share this one's CPU.
  const server = fork(path.join(__dirname, 'eval-warm-server.js'));
  const baseURL = await new Promise((resolve) => server.once('message', resolve));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-bench-warm-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'greet.prompt'),
      '---\nmodel: local/bench\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.\n',
    );
    fs.writeFileSync(
      path.join(dir, 'greet.fixtures.yaml'),
      `cases:\n${Array.from({ length: N }, (_, i) => `  - id: c${i}\n    input: { name: Person${i} }\n    assert:\n      - type: contains\n        value: Person${i}\n`).join('')}`,
    );
    const registry = new ProviderRegistry([{ name: 'local', baseURL }], { env: {} });
    const ideal = Math.ceil(N / C) * LATENCY;
    const ratios = [];
    for (let i = 0; i < 5; i++) {
      const { artifact } = await evalPrompt(path.join(dir, 'greet.prompt'), {
        root: dir,
        registry,
        version: 'bench',
        cache: false,
        concurrency: C,
        write: false,
      });
      ratios.push(artifact.summary.durationMs / ideal);
    }
    const warm = ratios.slice(1).sort((a, b) => a - b);
    console.log(
      `N=${N} c=${C} latency=${LATENCY} ms in one process: first run ${ratios[0].toFixed(2)}× ideal (cold), then median ${warm[Math.floor(warm.length / 2)].toFixed(2)}× (runs ${ratios
        .slice(1)
        .map((r) => r.toFixed(2))
        .join(', ')}); target ≤ 1.10×`,
    );
  } finally {
    server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
