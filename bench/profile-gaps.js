// What the extension host ran during each stall of bench/editor-stall.js: reads the CPU profile
// and the gaps that PROMPTOPS_BENCH_PROFILE=FILE wrote (FILE and FILE.gaps.json) and prints, for
// the longest gaps, the functions that took the time (own time, then time including callees).
//   node bench/profile-gaps.js FILE [how many gaps, default 5]
const fs = require('node:fs');

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/profile-gaps.js PROFILE [gaps]');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const gaps = JSON.parse(fs.readFileSync(`${file}.gaps.json`, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parents.set(child, node.id);
const times = [];
let at = profile.startTime;
for (const delta of profile.timeDeltas) times.push((at += delta));

const label = ({ callFrame: f }) =>
  `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
const top = (totals, count) =>
  [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => `  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`)
    .join('\n');

function report({ startUs, endUs }) {
  const own = new Map();
  const inclusive = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    if (times[i] < startUs || times[i] > endUs) continue;
    const us = (times[i + 1] ?? times[i]) - times[i];
    let id = profile.samples[i];
    own.set(label(nodes.get(id)), (own.get(label(nodes.get(id))) ?? 0) + us);
    const seen = new Set();
    for (; id !== undefined; id = parents.get(id)) {
      const name = label(nodes.get(id));
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + us);
    }
  }
  const offset = ((startUs - profile.startTime) / 1e6).toFixed(2);
  console.log(`\ngap at ${offset} s into the profile, ${((endUs - startUs) / 1000).toFixed(0)} ms`);
  console.log(`own time\n${top(own, 10)}\nincluding callees\n${top(inclusive, 25)}`);
}

const count = Number(process.argv[3]) || 5;
for (const gap of [...gaps]
  .sort((a, b) => b.endUs - b.startUs - (a.endUs - a.startUs))
  .slice(0, count))
  report(gap);
