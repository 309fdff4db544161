// javascript assertion cost (issue 17): each check runs in its own Node process. Prints figures;
// never fails on time. Run after `npm run build && npm run compile-tests`:
//   node bench/javascript-check.js
const { runAssertion } = require('../out/src/core/assertions/registry');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const context = { output: 'Hello Ada', json: { ok: false, error: 'not JSON' }, latencyMs: 1 };

async function main() {
  const spec = { type: 'javascript', value: "output.includes('Ada')" };
  await runAssertion(spec, context); // warm the file cache
  const one = [];
  for (let i = 0; i < 20; i++) {
    const started = process.hrtime.bigint();
    const result = await runAssertion(spec, context);
    if (!result.pass) throw new Error(result.reason);
    one.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const parallel = 32;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: parallel }, () => runAssertion(spec, context)));
  const batch = Number(process.hrtime.bigint() - started) / 1e6;
  console.log(`javascript check, one at a time: median ${median(one).toFixed(1)} ms per check`);
  console.log(
    `javascript check, ${parallel} at once: ${(batch / parallel).toFixed(1)} ms per check (${batch.toFixed(0)} ms in all)`,
  );
}
main();
