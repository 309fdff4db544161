import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lastUserText, startFakeOpenAI } from '../../support/openai-server';
import { runCli, workspace } from '../helpers';

/** A project whose model greets everyone except names in `failing`, taking `delayMs`. */
async function project(options: { failing?: string[]; delayMs?: number } = {}) {
  const state = { failing: new Set(options.failing ?? []), delayMs: options.delayMs ?? 0 };
  const server = await startFakeOpenAI((request) => {
    const who = lastUserText(request.body).trim();
    return {
      text: state.failing.has(who) ? 'no' : `Hello ${who}`,
      delayMs: state.delayMs,
      usage: { prompt_tokens: 1000, completion_tokens: 100 },
    };
  });
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n    prices:\n      m: { input: 1, output: 2 }\n`,
    'p.prompt': '---\nmodel: local/m\ninput:\n  schema:\n    name: string\n---\n{{name}}\n',
    'p.fixtures.yaml':
      'cases:\n' +
      ['Ada', 'Bob', 'Cy', 'Di']
        .map(
          (n) =>
            `  - id: ${n.toLowerCase()}\n    input: { name: ${n} }\n    assert:\n      - type: contains\n        value: Hello\n`,
        )
        .join(''),
  });
  return {
    state,
    server,
    ws,
    eval: (...args: string[]) => runCli(ws.dir, ['eval', '--no-cache', ...args]),
    check: (...args: string[]) => runCli(ws.dir, ['check', ...args]),
    cleanup: async () => {
      await server.close();
      ws.cleanup();
    },
  };
}

test('fresh results pass; editing the prompt, the fixtures or the config makes them stale', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  assert.equal((await p.check()).code, 1, 'no results yet');
  assert.match(
    (await p.check()).stdout,
    /✗ p\.prompt\n {4}missing: no results \(\.promptops\/results\/p\.json\); run: promptops eval p\.prompt/,
  );
  assert.equal((await p.eval()).code, 0);
  const fresh = await p.check();
  assert.equal(fresh.code, 0, fresh.stdout);
  assert.match(fresh.stdout, /✓ p\.prompt {2}100% · \$0\.0048\n\nGate passed: 1 prompt checked\./);
  const edit = (file: string, from: string, to: string) =>
    fs.writeFileSync(p.ws.file(file), fs.readFileSync(p.ws.file(file), 'utf8').replace(from, to));
  edit('p.prompt', '{{name}}', 'Hi {{name}}');
  assert.match(
    (await p.check()).stdout,
    /stale: results are stale: the prompt changed; run: promptops eval p\.prompt/,
  );
  edit('p.prompt', 'Hi {{name}}', '{{name}}');
  edit('p.fixtures.yaml', 'value: Hello', 'value: Hello ');
  assert.match((await p.check()).stdout, /results are stale: the fixtures changed/);
  edit('p.fixtures.yaml', 'value: Hello \n', 'value: Hello\n');
  assert.equal((await p.check()).code, 0, 'back to what was evaluated');
  // What cannot change an answer or a verdict does not make results stale.
  fs.appendFileSync(
    p.ws.file('promptops.config.yaml'),
    '# a comment\ngate:\n  maxCostUsd: 1\nlint:\n  rules: { PO202: off }\n',
  );
  const config = fs.readFileSync(p.ws.file('promptops.config.yaml'), 'utf8');
  fs.writeFileSync(
    p.ws.file('promptops.config.yaml'),
    config.replace(
      'providers:\n',
      'providers:\n  - name: other\n    baseURL: http://127.0.0.1:9/v1\n',
    ),
  );
  const untouched = await p.check();
  assert.equal(
    untouched.code,
    0,
    `comments, gate:, lint: and other providers: ${untouched.stdout}`,
  );
  fs.appendFileSync(p.ws.file('promptops.config.yaml'), 'eval:\n  privacy: { pii: redact }\n');
  assert.match(
    (await p.check()).stdout,
    /results are stale: the privacy policy changed: \{"pii":"warn","secrets":"block"\} → \{"pii":"redact","secrets":"block"\}/,
  );
});

test('a partial is part of what results were made from: editing it, or one it includes, makes them stale', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  fs.writeFileSync(
    p.ws.file('p.prompt'),
    fs.readFileSync(p.ws.file('p.prompt'), 'utf8').replace('{{name}}\n', '{{> style}}{{name}}\n'),
  );
  fs.writeFileSync(p.ws.file('_style.prompt'), '{{> tone}}');
  fs.writeFileSync(p.ws.file('_tone.prompt'), 'Be brief. ');
  assert.equal((await p.eval()).code, 0);
  assert.equal((await p.check()).code, 0, 'fresh');
  fs.writeFileSync(p.ws.file('_tone.prompt'), 'Be warm. ');
  assert.match(
    (await p.check()).stdout,
    /results are stale: the partial 'tone' changed; run: promptops eval p\.prompt/,
  );
  fs.writeFileSync(p.ws.file('_tone.prompt'), 'Be brief. ');
  fs.rmSync(p.ws.file('_style.prompt'));
  assert.match(
    (await p.check()).stdout,
    /results are stale: the partials 'style', 'tone' changed/,
    'a partial that is gone, and the one only it used',
  );
  // Results from before partials were recorded say so, rather than that a partial changed.
  fs.writeFileSync(p.ws.file('_style.prompt'), '{{> tone}}');
  const artifactFile = p.ws.file('.promptops/results/p.json');
  const artifact = JSON.parse(fs.readFileSync(artifactFile, 'utf8')) as { partials?: unknown };
  delete artifact.partials;
  fs.writeFileSync(artifactFile, JSON.stringify(artifact));
  assert.match(
    (await p.check()).stdout,
    /results are stale: they do not record the partials the prompt uses \('style', 'tone'; results from before PromptOps recorded them\)/,
  );
});

test("thresholds: pass rate, cost, p95 latency and per-case pass fraction; the prompt's own gate", async (t) => {
  const p = await project({ failing: ['Di'], delayMs: 30 });
  t.after(p.cleanup);
  await p.eval('--repeat', '2');
  const result = await p.check(
    '--min-pass-rate',
    '0.9',
    '--max-cost',
    '0.001',
    '--max-p95-ms',
    '5',
    '--min-case-pass-fraction',
    '0.5',
  );
  assert.equal(result.code, 1);
  assert.match(result.stdout, /threshold: pass rate 75% < 90%/);
  assert.match(result.stdout, /threshold: cost \$0\.0096 > \$0\.001/);
  assert.match(result.stdout, /threshold: latency p95 \d+ ms > 5 ms/);
  assert.match(result.stdout, /threshold: cases below a 50% pass fraction: di \(0\/2\)/);
  assert.doesNotMatch(result.stdout, /stale|incomplete/, 'a --repeat run is recorded as such');
  // promptops.gate in the prompt applies when no flag overrides it.
  await p.eval();
  fs.writeFileSync(
    p.ws.file('p.prompt'),
    fs
      .readFileSync(p.ws.file('p.prompt'), 'utf8')
      .replace('---\n{{name}}', 'promptops.gate: { minPassRate: 0.8 }\n---\n{{name}}'),
  );
  await p.eval();
  const gated = await p.check();
  assert.match(gated.stdout, /threshold: pass rate 75% < 80%/);
  assert.equal((await p.check('--min-pass-rate', '0.5')).code, 0, 'flags override the prompt');
});

test('with no gate set, every case must pass', async (t) => {
  const p = await project({ failing: ['Di'] });
  t.after(p.cleanup);
  await p.eval();
  const result = await p.check();
  assert.equal(result.code, 1);
  assert.match(
    result.stdout,
    /threshold: 1 of 4 cases did not pass \(every case must pass unless gate\.minPassRate says otherwise\)/,
  );
  assert.equal((await p.check('--min-pass-rate', '0.75')).code, 0, 'relaxed explicitly');
});

test('baselines: a case that passed and now fails is a regression unless allowed; folder and git ref', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  await p.eval();
  fs.cpSync(p.ws.file('.promptops/results'), p.ws.file('baseline'), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
      cwd: p.ws.dir,
      stdio: 'pipe',
    });
  git('init', '-q');
  git('add', '.');
  git('commit', '-qm', 'baseline');
  assert.equal((await p.check('--baseline', 'baseline')).code, 0, 'no change, no regression');
  p.state.failing.add('Bob');
  await p.eval();
  const folder = await p.check('--baseline', 'baseline');
  assert.equal(folder.code, 1);
  assert.match(
    folder.stdout,
    /regression: passed in the baseline, fails now: bob \(allow with gate\.allowRegressions\)/,
  );
  assert.match(folder.stdout, /regression: pass rate 100% → 75% \(tolerance 0 points\)/);
  const ref = await p.check('--baseline', 'HEAD');
  assert.match(ref.stdout, /regression: passed in the baseline, fails now: bob/);
  fs.appendFileSync(
    p.ws.file('promptops.config.yaml'),
    'gate:\n  minPassRate: 0.75\n  allowRegressions: [bob]\n  tolerance: { passRate: 0.25 }\n',
  );
  await p.eval();
  const allowed = await p.check('--baseline', 'baseline');
  assert.equal(allowed.code, 0, `allowed and within tolerance: ${allowed.stdout}`);
});

/** Sets every case's latency (and the summary's percentiles) in the prompt's results: the gate's
 * latency rules judged on exact figures, not on how fast this machine answered. */
function setLatency(file: string, ms: number): void {
  const artifact = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    cases: { latencyMs: number | null }[];
    summary: { latencyMs: { p50: number | null; p95: number | null } };
  };
  for (const c of artifact.cases) c.latencyMs = ms;
  artifact.summary.latencyMs = { p50: ms, p95: ms };
  fs.writeFileSync(file, JSON.stringify(artifact, null, 2));
}

test('a latency regression needs both the relative tolerance and 50 ms: jitter on a fast model is not one', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  const results = p.ws.file('.promptops/results/p.json');
  await p.eval();
  setLatency(results, 4);
  fs.cpSync(p.ws.file('.promptops/results'), p.ws.file('baseline'), { recursive: true });
  setLatency(results, 24); // far above +25 % of 4 ms, but only 20 ms more
  const jitter = await p.check('--baseline', 'baseline', '--no-lint');
  assert.equal(jitter.code, 0, jitter.stdout);
  setLatency(results, 154);
  const slower = await p.check('--baseline', 'baseline', '--no-lint');
  assert.equal(slower.code, 1, slower.stdout);
  assert.match(slower.stdout, /regression: latency p95 4 → 154 ms \(tolerance \+25%\)/);
});

test('lint errors fail the gate; JUnit, JSON and the GitHub step summary', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  await p.eval();
  fs.appendFileSync(p.ws.file('p.fixtures.yaml'), '  - id: ada\n    input: { name: Ada }\n');
  await p.eval();
  const summary = p.ws.file('summary.md');
  const previous = process.env.GITHUB_STEP_SUMMARY;
  process.env.GITHUB_STEP_SUMMARY = summary;
  try {
    const result = await p.check('--junit', 'gate.xml', '--json');
    assert.equal(result.code, 1);
    const parsed = JSON.parse(result.stdout) as {
      ok: boolean;
      prompts: { problems: { kind: string; message: string }[] }[];
    };
    assert.equal(parsed.ok, false);
    assert.ok(
      parsed.prompts[0]?.problems.some(
        (x) => x.kind === 'lint' && /PO307 Case id 'ada' is already used/.test(x.message),
      ),
    );
  } finally {
    if (previous === undefined) delete process.env.GITHUB_STEP_SUMMARY;
    else process.env.GITHUB_STEP_SUMMARY = previous;
  }
  assert.match(
    fs.readFileSync(summary, 'utf8'),
    /### PromptOps gate: failed\n\n\| \| prompt \| pass rate \| cost \| problems \|/,
  );
  assert.match(
    fs.readFileSync(p.ws.file('gate.xml'), 'utf8'),
    /<testcase classname="promptops\.check" name="p\.prompt">\n {6}<failure message="lint: p\.fixtures\.yaml:\d+:\d+ PO307/,
  );
  assert.equal((await p.check('--no-lint')).code, 0);
});

test('the bundled examples pass the gate', async () => {
  const examples = path.join(__dirname, '..', '..', '..', '..', 'examples');
  const result = await runCli(examples, ['check']);
  assert.equal(result.code, 0, result.stdout);
});

test('check usage errors exit 2', async (t) => {
  const ws = workspace({ 'a.prompt': 'hi' });
  t.after(ws.cleanup);
  assert.match(
    (await runCli(ws.dir, ['check', '--min-pass-rate', '2'])).stderr,
    /--min-pass-rate takes a number from 0 to 1/,
  );
  assert.match((await runCli(ws.dir, ['check'])).stderr, /no prompts with fixture files under \./);
  assert.equal((await runCli(ws.dir, ['check', 'nope'])).code, 2);
});

test('a sharded eval, merged, equals the unsharded run and passes the gate', async (t) => {
  const p = await project({ failing: ['Cy'] });
  t.after(p.cleanup);
  const names = ['Ada', 'Bob', 'Cy', 'Di', 'Ed', 'Flo', 'Gus', 'Hal'];
  fs.writeFileSync(
    p.ws.file('p.fixtures.yaml'),
    'cases:\n' +
      names
        .map(
          (n) =>
            `  - id: ${n.toLowerCase()}\n    input: { name: ${n} }\n    assert:\n      - type: contains\n        value: Hello\n`,
        )
        .join(''),
  );
  assert.equal((await p.eval()).code, 1, 'cy fails');
  const whole = JSON.parse(fs.readFileSync(p.ws.file('.promptops/results/p.json'), 'utf8'));
  const shardDirs: string[] = [];
  for (const index of [1, 2, 3]) {
    fs.rmSync(p.ws.file('.promptops/results'), { recursive: true, force: true });
    await p.eval('--shard', `${index}/3`);
    const shard = JSON.parse(fs.readFileSync(p.ws.file('.promptops/results/p.json'), 'utf8'));
    assert.deepEqual(shard.shard, { index, count: 3 });
    fs.cpSync(p.ws.file('.promptops/results'), p.ws.file(`shard-${index}`), { recursive: true });
    shardDirs.push(`shard-${index}`);
  }
  fs.rmSync(p.ws.file('.promptops/results'), { recursive: true, force: true });
  const merged = await runCli(p.ws.dir, ['merge', ...shardDirs]);
  assert.equal(merged.code, 0, merged.stderr);
  assert.match(merged.stdout, /p\.prompt: 3 shards, 7\/8 passed/);
  const result = JSON.parse(fs.readFileSync(p.ws.file('.promptops/results/p.json'), 'utf8'));
  const view = (a: {
    cases: { id: string; status: string; output: unknown }[];
    summary: { passed: number; failed: number; total: number };
  }) => ({
    cases: a.cases.map((c) => [c.id, c.status, c.output]),
    passed: a.summary.passed,
    failed: a.summary.failed,
    total: a.summary.total,
  });
  assert.deepEqual(view(result), view(whole));
  assert.equal(result.shard, undefined);
  assert.equal(
    (await p.check('--min-pass-rate', '0.8')).code,
    0,
    'the merged results are fresh and pass',
  );
  assert.match(
    (await runCli(p.ws.dir, ['eval', '--shard', '4/3'])).stderr,
    /--shard takes i\/n with 1 ≤ i ≤ n/,
  );
});
