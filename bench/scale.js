// The figures of issue 19 (performance and scale), each with its target. Prints; never fails on time.
//   npm run build:prod && npm run compile-tests && node bench/scale.js [eval|memory|lint|stall]...
// eval:   N=1,000 cases, c=50, a loopback server answering after 50 ms (in another process). The
//         real CLI (dist/cli.js), whole process, alternated run by run with a baseline process that
//         sends the same N requests over raw node:http and does nothing else: the machine's floor
//         at that moment. Figures: ratios to the physical limit ceil(N/c) × 50 ms, and CLI/baseline
//         pair by pair (the part of the excess that is ours, on a shared, noisy machine). The
//         CLI's caches are warm (a second run of the same suite); a third series, alternated,
//         parses the fixture file anew (the first run after an edit of it).
// memory: N=10,000 (JSONL and YAML): peak RSS (GNU time) and whole process against the limit.
// lint:   a 2,000-line prompt in the editor's path (a new text each time, as a keystroke makes it,
//         analysed with the document's parse cache, then linted), and a 10,000-case fixture file
//         (YAML and JSONL) with one case edited each time, in the editor's path; each beside the
//         same lint without the caches (the CLI's path) and the parser alone.
// stall:  the engine running 10,000 cases in this process as the extension host runs it, with a
//         progress callback per case: the longest event-loop stall (perf_hooks), against the same
//         requests over raw node:http in this process; the preflight's stall; and the time the
//         Test Explorer takes to list the cases (caseLocations).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn, fork } = require('node:child_process');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const LATENCY = 50;
const C = 50;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs, digits = 2) => xs.map((x) => x.toFixed(digits)).join(', ');
const PROMPT =
  '---\nmodel: local/bench\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.\n';

function fixtures(n, format) {
  if (format === 'jsonl')
    return (
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          id: `c${i}`,
          input: { name: `Person${i}` },
          assert: [{ type: 'contains', value: `Person${i}` }],
        }),
      ).join('\n') + '\n'
    );
  return `cases:\n${Array.from(
    { length: n },
    (_, i) =>
      `  - id: c${i}\n    input: { name: Person${i} }\n    assert:\n      - type: contains\n        value: Person${i}\n`,
  ).join('')}`;
}

function project(baseURL, n, format) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-bench-scale-'));
  fs.writeFileSync(
    path.join(dir, 'promptops.config.yaml'),
    `providers:\n  - name: local\n    baseURL: ${baseURL}\n`,
  );
  fs.writeFileSync(path.join(dir, 'greet.prompt'), PROMPT);
  fs.writeFileSync(path.join(dir, `greet.fixtures.${format}`), fixtures(n, format));
  return dir;
}

/** A command under GNU time: wall ms (from here), peak RSS MB, stdout. */
function timed(command, args, cwd, env = process.env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`exit ${code}: ${stderr.slice(-500)}`));
      resolve({ wallMs, rssMb: Number(stderr.trim().split('\n').pop()) / 1024, stdout });
    });
    child.on('error', reject);
  });
}

// The CLI's caches (compiled code, parsed fixture files) in a folder of the bench's own, warmed
// by a first run: what a developer's second run of the same suite meets. `fresh` runs parse the
// fixture file anew (PROMPTOPS_NO_FIXTURE_CACHE=1), as the first run after an edit of it does.
const CACHE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'po-bench-cache-'));
process.on('exit', () => fs.rmSync(CACHE_HOME, { recursive: true, force: true }));
const cli = (dir, { fresh = false } = {}) =>
  timed(
    process.execPath,
    [
      path.join(__dirname, '..', 'dist', 'cli.js'),
      'eval',
      '--no-cache',
      '--json',
      '--concurrency',
      String(C),
    ],
    dir,
    {
      ...process.env,
      XDG_CACHE_HOME: CACHE_HOME,
      ...(fresh ? { PROMPTOPS_NO_FIXTURE_CACHE: '1' } : {}),
    },
  ).then((r) => ({ ...r, engineMs: JSON.parse(r.stdout).runs[0].summary.durationMs }));

const baseline = (baseURL, n) =>
  timed(process.execPath, [path.join(__dirname, 'scale-floor.js'), baseURL, String(n), String(C)]);

async function withServer(fn) {
  const server = fork(path.join(__dirname, 'eval-warm-server.js'));
  const baseURL = await new Promise((resolve) => server.once('message', resolve));
  try {
    return await fn(baseURL);
  } finally {
    server.kill();
  }
}

async function evalFigures(baseURL) {
  const n = 1000;
  const runs = 7;
  const ideal = Math.ceil(n / C) * LATENCY;
  const dir = project(baseURL, n, 'yaml');
  const ours = [];
  const fresh = [];
  const floor = [];
  await cli(dir); // warm-up: the OS's file cache, the CLI's caches
  for (let i = 0; i < runs; i++) {
    ours.push(await cli(dir));
    floor.push(await baseline(baseURL, n));
    fresh.push(await cli(dir, { fresh: true }));
  }
  fs.rmSync(dir, { recursive: true, force: true });
  const whole = ours.map((r) => r.wallMs / ideal);
  const engine = ours.map((r) => r.engineMs / ideal);
  const base = floor.map((r) => r.wallMs / ideal);
  const pair = ours.map((r, i) => r.wallMs / floor[i].wallMs);
  console.log(`eval N=${n} c=${C} latency=${LATENCY} ms: limit ceil(N/c)×latency = ${ideal} ms`);
  console.log(
    `  whole process:  median ${median(whole).toFixed(2)}× the limit (target ≤ 1.25×); runs ${fmt(whole)}`,
  );
  console.log(
    `  evaluating:     median ${median(engine).toFixed(2)}× the limit (target ≤ 1.10×); runs ${fmt(engine)}`,
  );
  console.log(
    `  baseline (raw node:http, whole process, alternated): median ${median(base).toFixed(2)}× the limit; runs ${fmt(base)}`,
  );
  console.log(
    `  CLI / baseline, pair by pair: median ${median(pair).toFixed(2)}×; runs ${fmt(pair)}`,
  );
  console.log(
    `  the fixture file parsed anew (no fixture store, alternated): whole process median ${median(fresh.map((r) => r.wallMs / ideal)).toFixed(2)}×; CLI / baseline ${median(fresh.map((r, i) => r.wallMs / floor[i].wallMs)).toFixed(2)}×`,
  );
}

async function memoryFigures(baseURL) {
  const n = 10000;
  const ideal = Math.ceil(n / C) * LATENCY;
  for (const format of ['jsonl', 'yaml']) {
    const dir = project(baseURL, n, format);
    const ours = [];
    const fresh = [];
    const floor = [];
    await cli(dir); // warm-up: the OS's file cache, the CLI's caches
    for (let i = 0; i < 3; i++) {
      ours.push(await cli(dir));
      floor.push(await baseline(baseURL, n));
      fresh.push(await cli(dir, { fresh: true }));
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const whole = ours.map((r) => r.wallMs / ideal);
    const pair = ours.map((r, i) => r.wallMs / floor[i].wallMs);
    console.log(`eval N=${n} (${format}) c=${C}: limit ${ideal} ms`);
    console.log(
      `  peak RSS median ${median(ours.map((r) => r.rssMb)).toFixed(0)} MB, max ${Math.max(...ours.map((r) => r.rssMb)).toFixed(0)} MB (target ≤ 150 MB)`,
    );
    console.log(
      `  whole process median ${median(whole).toFixed(2)}× the limit (target ≤ 1.10×), evaluating ${median(ours.map((r) => r.engineMs / ideal)).toFixed(2)}×; runs ${fmt(whole)}`,
    );
    console.log(
      `  baseline (raw node:http) ${fmt(floor.map((r) => r.wallMs / ideal))}×; CLI / baseline pair by pair: median ${median(pair).toFixed(2)}×`,
    );
    console.log(
      `  the fixture file parsed anew (no fixture store): whole process median ${median(fresh.map((r) => r.wallMs / ideal)).toFixed(2)}×, peak RSS median ${median(fresh.map((r) => r.rssMb)).toFixed(0)} MB`,
    );
  }
}

async function promptLint() {
  const { lintPrompt } = require('../out/src/core/lint/linter');
  const { analyzePrompt } = require('../out/src/core/language/analysis');
  const { PromptParseCache } = require('../out/src/core/language/parse-cache');
  const { bigPrompt } = require('./lint-prompt');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-bench-lint-'));
  const file = path.join(dir, 'big.prompt');
  const prompt = bigPrompt(2000);
  fs.writeFileSync(file, prompt);
  const Handlebars = require('handlebars/dist/cjs/handlebars.js');
  // Each keystroke makes a new text. The editor (AnalysisCache) analyses each version once with
  // the document's PromptParseCache, which keeps the parses of the versions before, then lints.
  const edits = {
    'a character typed': (i) => prompt.replace('line 1001:', `line 1001${'x'.repeat(i % 7)}:`),
    'a line break typed high up (every line below moves)': (i) =>
      prompt.replace('line 1:', `line 1${'\n'.repeat(i % 3)}:`),
  };
  for (const [what, keystroke] of Object.entries(edits)) {
    const parses = new PromptParseCache();
    const times = [];
    const whole = [];
    const parser = [];
    // Alternated: the editor's lint, the lint without the cache (as the CLI lints a file), and the
    // Handlebars parser alone on the whole template (what a keystroke cost before).
    for (let i = 0; i < 80; i++) {
      const text = keystroke(i);
      let started = process.hrtime.bigint();
      await lintPrompt(text, file, {}, await analyzePrompt(text, { cache: parses }));
      if (i >= 30) times.push(Number(process.hrtime.bigint() - started) / 1e6);
      started = process.hrtime.bigint();
      await lintPrompt(text, file, {}, await analyzePrompt(text));
      if (i >= 30) whole.push(Number(process.hrtime.bigint() - started) / 1e6);
      started = process.hrtime.bigint();
      Handlebars.parseWithoutProcessing(text.slice(text.indexOf('---\n', 4) + 4));
      if (i >= 30) parser.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    console.log(
      `lint of a ${prompt.split('\n').length}-line prompt in the editor's path (analysis with the document's parse cache + rules), ${what}, warm: median ${median(times).toFixed(1)} ms of 50 (target ≤ 10 ms)`,
    );
    console.log(
      `  alternated: the same lint parsing everything (the CLI's path): median ${median(whole).toFixed(1)} ms; the Handlebars parser alone on the whole template: median ${median(parser).toFixed(1)} ms; editor / whole ${(median(times) / median(whole)).toFixed(2)}×`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

async function fixtureLint() {
  const { lintFixtures } = require('../out/src/core/lint/linter');
  const { FixtureParseCache } = require('../out/src/core/lint/fixture-context');
  const YAML = require('yaml');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-bench-lint-'));
  fs.writeFileSync(path.join(dir, 'greet.prompt'), PROMPT);
  for (const format of ['yaml', 'jsonl']) {
    const file = path.join(dir, `greet.fixtures.${format}`);
    const text = fixtures(10000, format);
    // The editor (LintDiagnostics) keeps one FixtureParseCache per open fixture file: each run is
    // an edit of one case, linted with the parses of the versions before.
    const fixtureParses = new FixtureParseCache();
    await lintFixtures(text, file, { fixtureParses });
    const edit = (i) => text.replace('Person5000', `Person5000${'x'.repeat(1 + (i % 5))}`);
    const times = [];
    const whole = [];
    const parser = [];
    // Alternated: the editor's lint, the lint without the cache (the CLI's, every case parsed),
    // and the YAML parser alone on the whole file.
    const parse = (t) =>
      format === 'jsonl'
        ? t.split('\n').forEach((line) => line.trim() && YAML.parseDocument(line))
        : YAML.parseDocument(t);
    for (let i = 0; i < 6; i++) {
      const edited = edit(i);
      let started = process.hrtime.bigint();
      const problems = await lintFixtures(edited, file, { fixtureParses });
      if (problems.length) throw new Error(`unexpected problems: ${problems[0].message}`);
      if (i > 0) times.push(Number(process.hrtime.bigint() - started) / 1e6);
      started = process.hrtime.bigint();
      await lintFixtures(edited, file, {});
      if (i > 0) whole.push(Number(process.hrtime.bigint() - started) / 1e6);
      started = process.hrtime.bigint();
      parse(edited);
      if (i > 0) parser.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    console.log(
      `lint of a 10,000-case ${format.toUpperCase()} fixture file (${(text.length / 1024).toFixed(0)} KB) in the editor's path, one case edited, warm: median ${median(times).toFixed(0)} ms of 5 (target ≤ 200 ms); runs ${fmt(times, 0)}`,
    );
    console.log(
      `  alternated: the same lint parsing every case (the CLI's path): median ${median(whole).toFixed(0)} ms; the YAML parser alone (yaml parseDocument): median ${median(parser).toFixed(0)} ms; editor / whole ${(median(times) / median(whole)).toFixed(2)}×`,
    );
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The longest event-loop stall (ms) while `work` runs: perf_hooks at 1 ms resolution. */
async function longestStall(work) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  try {
    // The histogram's timer must be running before the work: a stall that starts in the tick
    // that enables it is never recorded.
    await new Promise((resolve) => setTimeout(resolve, 5));
    await work();
    // A stall that ends the work is recorded when the histogram's timer next fires.
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    histogram.disable();
  }
  return histogram.max / 1e6;
}

async function listingFigures(baseURL, n) {
  const { caseLocations, parsedCaseLocations } = require('../out/src/core/eval/fixtures');
  const dir = project(baseURL, n, 'yaml');
  const fixtureFile = path.join(dir, 'greet.fixtures.yaml');
  const text = fs.readFileSync(fixtureFile, 'utf8');
  const listing = [];
  const parsed = [];
  for (let i = 0; i < 5; i++) {
    let started = process.hrtime.bigint();
    if (caseLocations(text, fixtureFile).length !== n) throw new Error('cases missing');
    listing.push(Number(process.hrtime.bigint() - started) / 1e6);
    started = process.hrtime.bigint();
    if (parsedCaseLocations(text).length !== n) throw new Error('cases missing');
    parsed.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  console.log(
    `listing 10,000 YAML cases (the Test Explorer expanding the prompt, the fixture file's lenses): median ${median(listing).toFixed(0)} ms of 5; through the YAML parser instead (a file the line reader declines), alternated: ${median(parsed).toFixed(0)} ms`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * The editor's run path in this process: the preflight (known problems, then the estimate) and
 * the engine with a progress callback per case, each run on a fixture file with new bytes (so
 * nothing is served from the parse cache), alternated with the floor: the same N requests over raw
 * node:http in this process, which stalls only as much as the machine and Node do.
 */
async function stallFigures(baseURL) {
  const { evalPrompt } = require('../out/src/core/eval/engine');
  const { preflightProblems } = require('../out/src/core/eval/preflight-problems');
  const { estimateRun } = require('../out/src/core/eval/estimate');
  const { ProviderRegistry } = require('../out/src/core/providers/registry');
  const { sendAll } = require('./scale-floor');
  const n = 10000;
  const runs = 3;
  await listingFigures(baseURL, n);
  const registry = new ProviderRegistry([{ name: 'local', baseURL }], { env: {} });
  for (const format of ['yaml', 'jsonl']) {
    const runDir = project(baseURL, n, format);
    const prompt = path.join(runDir, 'greet.prompt');
    const fixtureFile = path.join(runDir, `greet.fixtures.${format}`);
    const original = fs.readFileSync(fixtureFile, 'utf8');
    const [preflight, stalls, floors, walls] = [[], [], [], []];
    for (let run = -1; run < runs; run++) {
      // New bytes each run: the run parses the file as a first run after an edit does.
      fs.writeFileSync(
        fixtureFile,
        original + (format === 'yaml' ? `# run ${run}\n` : '\n'.repeat(run + 2)),
      );
      const check = await longestStall(async () => {
        await preflightProblems([{ promptFile: prompt, root: runDir }]);
        await estimateRun(prompt, { registry, countTokens: (t) => t.length / 4, root: runDir });
      });
      let progressed = 0;
      const started = performance.now();
      const stall = await longestStall(() =>
        evalPrompt(prompt, {
          root: runDir,
          registry,
          version: 'bench',
          cache: false,
          concurrency: C,
          onProgress: (progress) => {
            // What the Test Explorer does per case: find its item, format its transcript.
            progressed += JSON.stringify(progress.latest?.assertions ?? []).length > 0 ? 1 : 0;
          },
        }),
      );
      const wall = performance.now() - started;
      if (progressed !== n) throw new Error(`progress for ${progressed} of ${n} cases`);
      const floor = await longestStall(() =>
        sendAll(baseURL, n, C, (answer) => JSON.stringify(answer)),
      );
      if (run < 0) continue; // warm-up: the first run of the process loads and compiles the code
      preflight.push(check);
      stalls.push(stall);
      floors.push(floor);
      walls.push(wall);
    }
    fs.rmSync(runDir, { recursive: true, force: true });
    const pair = stalls.map((s, i) => s / floors[i]);
    console.log(
      `longest event-loop stall during a 10,000-case ${format.toUpperCase()} run in process (the extension host's engine: read, run, write the artifact): median ${median(stalls).toFixed(0)} ms of ${runs} (target ≤ 50 ms); runs ${fmt(stalls, 0)}`,
    );
    console.log(
      `  baseline (the same requests over raw node:http in this process, alternated): median ${median(floors).toFixed(0)} ms; runs ${fmt(floors, 0)}; run / baseline pair by pair: median ${median(pair).toFixed(2)}×`,
    );
    console.log(
      `  before the run (known problems and the estimate, as the editor asks them): longest stall median ${median(preflight).toFixed(0)} ms; runs ${fmt(preflight, 0)}; the run's wall median ${(median(walls) / 1000).toFixed(2)} s`,
    );
  }
}

async function main() {
  const parts = process.argv.slice(2);
  const want = (part) => parts.length === 0 || parts.includes(part);
  if (want('lint')) {
    await promptLint();
    await fixtureLint();
  }
  await withServer(async (baseURL) => {
    if (want('eval')) await evalFigures(baseURL);
    if (want('memory')) await memoryFigures(baseURL);
    if (want('stall')) await stallFigures(baseURL);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
