// Runs inside the extension host for bench/editor-stall.js (its extensionTestsPath).
const fs = require('node:fs');
const path = require('node:path');
const { fork } = require('node:child_process');
const { monitorEventLoopDelay, PerformanceObserver } = require('node:perf_hooks');
const { setInterval, clearInterval } = require('node:timers');
const vscode = require('vscode');

const N = 10000;
// PROMPTOPS_BENCH_RUNS (default 3); PROMPTOPS_BENCH_OPEN=1 keeps the fixture file open in an editor
// (its lenses, diagnostics and marks refresh too); PROMPTOPS_BENCH_PROFILE=FILE writes a CPU profile
// of the extension host over the counted runs (node:inspector), and FILE.gaps.json: when each gap
// over 50 ms was, on the profile's clock; PROMPTOPS_BENCH_HEAP=FILE writes a sampling heap profile of
// what the extension host still holds after the runs (after a GC).
// The floor, alternated run by run with ours: the same extension host, a test controller of the
// bench's own with 10,000 items, and a run that does what any extension must to show 10,000 results
// (enqueued and started in the same slices as ours, then passed as each of the same 10,000 requests
// is answered over raw node:http, as many at once as the run's promptops.eval.concurrency), with no
// prompt, fixture, engine or artifact.
const RUNS = Number(process.env.PROMPTOPS_BENCH_RUNS) || 3;
const PROMPT =
  '---\nmodel: local/bench\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.\n';
/** Each gap over 50 ms, for PROMPTOPS_BENCH_PROFILE: written beside the profile as FILE.gaps.json. */
const profileGaps = [];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => xs.map((x) => x.toFixed(0)).join(', ');

function fixtures(run) {
  const cases = Array.from(
    { length: N },
    (_, i) =>
      `  - id: c${i}\n    input: { name: Person${i} }\n    assert:\n      - type: contains\n        value: Person${i}\n`,
  );
  return `# run ${run}\ncases:\n${cases.join('')}`;
}

/** The longest stall (ms) while `work` runs, and the gaps over 50 ms (when, how long) from a 10 ms timer. */
async function stalls(work) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const started = performance.now();
  const gaps = [];
  let last = started;
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > 60) {
      gaps.push(`${((last - started) / 1000).toFixed(1)} s: ${(now - last - 10).toFixed(0)} ms`);
      // On the CPU profile's clock (µs of the monotonic clock), to find each gap in the profile.
      const end = Number(process.hrtime.bigint() / 1000n);
      profileGaps.push({ startUs: end - (now - last) * 1000, endUs: end });
    }
    last = now;
  }, 10);
  // The collector's pauses: a stall that is the garbage collector's shows up here too.
  const pauses = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry);
  });
  observer.observe({ entryTypes: ['gc'] });
  histogram.enable();
  try {
    await new Promise((resolve) => setTimeout(resolve, 20)); // the histogram's timer running first
    await work();
    // Decorations, lenses and the results view refresh after a run: they count too.
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } finally {
    histogram.disable();
    clearInterval(timer);
    observer.disconnect();
  }
  const longest = pauses.reduce((a, b) => (b.duration > (a?.duration ?? -1) ? b : a), undefined);
  const longestGc = longest?.duration ?? 0;
  const { constants } = require('node:perf_hooks');
  const kinds = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
  };
  const gcKind = longest
    ? `${kinds[longest.detail?.kind] ?? '?'}, flags ${longest.detail?.flags}`
    : '';
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  return {
    max: histogram.max / 1e6,
    gaps,
    wallMs: performance.now() - started,
    longestGc,
    gcKind,
    heapMb,
  };
}

function inspectorSession() {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
    );
  return { session, post };
}

/** PROMPTOPS_BENCH_HEAP=FILE: what the heap holds after the runs (a sampling heap profile, after a GC). */
async function startHeapSampling() {
  const { session, post } = inspectorSession();
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 64 * 1024,
    ...(process.env.PROMPTOPS_BENCH_HEAP_ALL === '1'
      ? { includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }
      : {}),
  });
  return {
    stop: async (file) => {
      await post('HeapProfiler.collectGarbage');
      const { profile } = await post('HeapProfiler.stopSampling');
      fs.writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function startProfile() {
  const { session, post } = inspectorSession();
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    stop: async (file) => {
      const { profile } = await post('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify(profile));
      fs.writeFileSync(`${file}.gaps.json`, JSON.stringify(profileGaps));
      session.disconnect();
    },
  };
}

/** One request of the floor, over node:http as VS Code left it for loopback (see http-fetch.ts). */
function send(baseURL, agent, i) {
  const http = require('node:http');
  return require('./scale-floor').send(baseURL, agent, i, http.__vscodeOriginal?.request);
}

/** The floor's test tree: 10,000 items under one, made once. */
function floorTree() {
  const controller = vscode.tests.createTestController('promptops-bench-floor', 'Bench floor');
  const parent = controller.createTestItem('floor', 'floor');
  const items = Array.from({ length: N }, (_, i) => controller.createTestItem(`c${i}`, `c${i}`));
  parent.children.replace(items);
  controller.items.add(parent);
  return { controller, parent, items };
}

/** One floor run: the marks and the requests of a 10,000-case run, nothing else. */
async function floorRun(tree, baseURL) {
  const http = require('node:http');
  const { Slicer, SLICE_MS } = require('../out/src/core/slicer');
  const run = tree.controller.createTestRun(
    new vscode.TestRunRequest([tree.parent]),
    'floor',
    false,
  );
  for (const pass of ['enqueued', 'started']) {
    const slicer = new Slicer(SLICE_MS);
    for (const item of tree.items) {
      run[pass](item);
      await slicer.step();
    }
  }
  const concurrency = vscode.workspace.getConfiguration('promptops').get('eval.concurrency', 8);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < N) {
        const i = next++;
        await send(baseURL, agent, i);
        run.passed(tree.items[i], 50);
      }
    }),
  );
  agent.destroy();
  run.appendOutput(`${N} passed\r\n`);
  run.end();
}

module.exports.run = async function run() {
  const server = fork(path.join(__dirname, 'eval-warm-server.js'));
  const baseURL = await new Promise((resolve) => server.once('message', resolve));
  try {
    const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
    fs.writeFileSync(
      path.join(folder, 'promptops.config.yaml'),
      `providers:\n  - name: local\n    baseURL: ${baseURL}\n`,
    );
    fs.mkdirSync(path.join(folder, 'scale'), { recursive: true });
    const prompt = vscode.Uri.file(path.join(folder, 'scale', 'greet.prompt'));
    const fixtureFile = path.join(folder, 'scale', 'greet.fixtures.yaml');
    fs.writeFileSync(prompt.fsPath, PROMPT);
    fs.writeFileSync(fixtureFile, fixtures(-1));
    const extension = vscode.extensions.getExtension('promptops.promptops');
    const { root } = await extension.activate();
    await root.tests.refresh();
    // The fixture file open beside the run: its lenses and pass/fail marks refresh after it.
    if (process.env.PROMPTOPS_BENCH_OPEN === '1')
      await vscode.window.showTextDocument(vscode.Uri.file(fixtureFile));
    const profiler = process.env.PROMPTOPS_BENCH_PROFILE ? await startProfile() : undefined;
    const heap = process.env.PROMPTOPS_BENCH_HEAP ? await startHeapSampling() : undefined;
    const idle = await stalls(() => new Promise((resolve) => setTimeout(resolve, 3000)));
    const results = [];
    const floors = [];
    const tree = floorTree();
    for (let run = -1; run < RUNS; run++) {
      const floor = await stalls(() => floorRun(tree, baseURL));
      if (run >= 0) floors.push(floor);
      console.log(
        `floor ${run}: longest stall ${floor.max.toFixed(0)} ms, wall ${(floor.wallMs / 1000).toFixed(1)} s, longest GC pause ${floor.longestGc.toFixed(0)} ms (${floor.gcKind}); gaps over 50 ms: ${floor.gaps.join('; ') || 'none'}`,
      );
      fs.writeFileSync(fixtureFile, fixtures(run));
      await new Promise((resolve) => setTimeout(resolve, 500)); // the file watcher's refresh
      const result = await stalls(async () => {
        const outcome = await vscode.commands.executeCommand(
          'promptops.run',
          prompt,
          undefined,
          'no-cache',
        );
        const passed = [...outcome.states.values()].filter((s) => s === 'passed').length;
        if (passed !== N) throw new Error(`${passed} of ${N} cases passed`);
      });
      if (run >= 0) results.push(result);
      console.log(
        `run ${run}: longest stall ${result.max.toFixed(0)} ms, wall ${(result.wallMs / 1000).toFixed(1)} s, longest GC pause ${result.longestGc.toFixed(0)} ms (${result.gcKind}), heap after ${result.heapMb.toFixed(0)} MB; gaps over 50 ms: ${result.gaps.join('; ') || 'none'}`,
      );
    }
    if (profiler) await profiler.stop(process.env.PROMPTOPS_BENCH_PROFILE);
    if (heap) await heap.stop(process.env.PROMPTOPS_BENCH_HEAP);
    const maxes = results.map((r) => r.max);
    console.log(
      `editor: longest extension-host stall during a 10,000-case run (Test Explorer path${process.env.PROMPTOPS_BENCH_OPEN === '1' ? ', fixture file open' : ''}): median ${median(maxes).toFixed(0)} ms of ${RUNS} (target ≤ 50 ms); runs ${fmt(maxes)}`,
    );
    console.log(
      `  baseline (the same extension host idle for 3 s): ${idle.max.toFixed(0)} ms; run / baseline ${(median(maxes) / Math.max(idle.max, 1)).toFixed(2)}×`,
    );
    const floorMaxes = floors.map((r) => r.max);
    const pairs = maxes.map((m, i) => m / Math.max(floorMaxes[i] ?? 1, 1));
    console.log(
      `  floor (10,000 results marked in a test run of the bench's own, same requests over raw node:http at the same concurrency, alternated): median ${median(floorMaxes).toFixed(0)} ms; runs ${fmt(floorMaxes)}; ours / floor pair by pair: median ${median(pairs).toFixed(2)}×`,
    );
  } finally {
    server.kill();
  }
};
