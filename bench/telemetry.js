// What a generation's telemetry costs an application: prompt.report() from dist/runtime.js (the
// `promptops` package) with no OpenTelemetry SDK registered (the API's no-op), against the same
// guard called on its own, and with an SDK registered (spans recorded, not exported).
//   npm run build && node bench/telemetry.js
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const SOURCE =
  '---\nmodel: openai/gpt-4o-mini\npromptops.guard:\n  maxChars: 4000\n---\nHello {{name}}.\n';
const N = 200_000;

function deploy() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'po-bench-telemetry-'));
  const hash = crypto.createHash('sha256').update(SOURCE).digest('hex');
  fs.mkdirSync(path.join(root, '.promptops', 'versions'), { recursive: true });
  fs.mkdirSync(path.join(root, 'prompts'));
  fs.writeFileSync(path.join(root, '.promptops', 'versions', `${hash}.prompt`), SOURCE);
  fs.writeFileSync(path.join(root, 'prompts', 'hello.prompt'), SOURCE);
  const registry = {
    version: 1,
    prompts: {
      'prompts/hello.prompt': {
        labels: { production: { rev: 'a'.repeat(40), sha256: hash } },
        history: [],
      },
    },
  };
  fs.writeFileSync(path.join(root, 'promptops.registry.yaml'), JSON.stringify(registry));
  return root;
}

function nsPerOp(fn) {
  for (let i = 0; i < 20_000; i++) fn(i); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / N;
}

async function main() {
  const root = deploy();
  const runtime = require('../dist/runtime.js');
  const prompt = await runtime.loadPrompt('hello', { root });
  const generation = (i) => ({
    answer: `Hello Ada ${i}`,
    usage: { inputTokens: 12, outputTokens: 4 },
    finishReasons: ['stop'],
  });
  // Interleaved rounds, best of each: the machine is shared, and one round is noisy.
  let guardOnly = Infinity;
  let noop = Infinity;
  for (let round = 0; round < 5; round++) {
    guardOnly = Math.min(
      guardOnly,
      nsPerOp((i) => runtime.guardOutput(generation(i).answer, { maxChars: 4000 })),
    );
    noop = Math.min(
      noop,
      nsPerOp((i) => prompt.report(generation(i))),
    );
  }
  const api = require('@opentelemetry/api');
  const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');
  api.trace.setGlobalTracerProvider(new BasicTracerProvider());
  const recorded = nsPerOp((i) => prompt.report(generation(i)));
  console.log(`guard alone:                        ${guardOnly.toFixed(0)} ns per answer`);
  console.log(
    `report(), no SDK (no-op spans):     ${noop.toFixed(0)} ns per generation (+${(noop - guardOnly).toFixed(0)} ns)`,
  );
  console.log(`report(), SDK registered, recorded: ${recorded.toFixed(0)} ns per generation`);
  fs.rmSync(root, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
