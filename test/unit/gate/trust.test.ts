// What `promptops check` must refuse, and what it must not: issue 13's rules, end to end through
// the CLI against a loopback OpenAI-compatible server.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { lastUserText, startFakeOpenAI, type Reply } from '../../support/openai-server';
import { EXAMPLES, gitRepo, runCli, workspace } from '../helpers';

const NAMES = ['Ada', 'Bob', 'Cy', 'Di', 'Ed', 'Flo'];

function fixtures(names: string[]): string {
  return (
    'cases:\n' +
    names
      .map(
        (n) =>
          `  - id: ${n.toLowerCase()}\n    input: { name: ${n} }\n    assert:\n      - type: contains\n        value: Hello\n`,
      )
      .join('')
  );
}

/** A project whose model greets everyone except names in `failing`. */
async function project(handler?: (who: string) => Reply | undefined) {
  const state = { failing: new Set<string>(), requests: 0 };
  const server = await startFakeOpenAI((request) => {
    state.requests++;
    const who = lastUserText(request.body).trim();
    return (
      handler?.(who) ?? {
        text: state.failing.has(who) ? 'no' : `Hello ${who}`,
        usage: { prompt_tokens: 10, completion_tokens: 2 },
      }
    );
  });
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    'p.prompt': '---\nmodel: local/m\ninput:\n  schema:\n    name: string\n---\n{{name}}\n',
    'p.fixtures.yaml': fixtures(NAMES),
  });
  const artifactFile = ws.file('.promptops/results/p.json');
  return {
    state,
    ws,
    artifactFile,
    artifact: () => JSON.parse(fs.readFileSync(artifactFile, 'utf8')) as Record<string, unknown>,
    eval: (...args: string[]) => runCli(ws.dir, ['eval', '--no-cache', ...args]),
    check: (...args: string[]) => runCli(ws.dir, ['check', '--no-lint', ...args]),
    cleanup: async () => {
      await server.close();
      ws.cleanup();
    },
  };
}

test('results of some cases only are incomplete, and check names the missing ones', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  assert.equal((await p.eval('--case', 'ada')).code, 0);
  const result = await p.check();
  assert.equal(result.code, 1);
  assert.match(
    result.stdout,
    /incomplete: 5 of 6 cases missing: bob, cy, di, ed, flo; run: promptops eval p\.prompt/,
  );
  // An artifact emptied by hand is no better.
  assert.equal((await p.eval()).code, 0);
  assert.equal((await p.check()).code, 0, 'the whole run passes');
  const emptied = { ...p.artifact(), cases: [] };
  fs.writeFileSync(p.artifactFile, JSON.stringify(emptied));
  assert.match((await p.check()).stdout, /incomplete: 6 of 6 cases missing: ada, bob/);
});

test('a run of some cases folds into fresh results; with nothing fresh it stays incomplete', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  p.state.failing.add('Cy');
  assert.equal((await p.eval()).code, 1);
  p.state.failing.clear();
  const rerun = await p.eval('--case', 'cy', '--json');
  assert.equal(rerun.code, 0, rerun.stdout);
  const runs = (JSON.parse(rerun.stdout) as { runs: { summary: { total: number } }[] }).runs;
  assert.equal(runs[0]?.summary.total, 1, 'the CLI reports what ran');
  const artifact = p.artifact() as {
    cases: { id: string; status: string }[];
    summary: { total: number; passed: number };
  };
  assert.deepEqual(
    artifact.cases.map((c) => [c.id, c.status]),
    NAMES.map((n) => [n.toLowerCase(), 'pass']),
    'the other cases kept, in fixture order',
  );
  assert.equal(artifact.summary.passed, 6);
  assert.equal((await p.check()).code, 0);
  // After an edit there is nothing fresh to keep: the subset is written alone, and is incomplete.
  fs.appendFileSync(p.ws.file('p.prompt'), '\n');
  await p.eval('--case', 'ada');
  assert.match((await p.check()).stdout, /incomplete: 5 of 6 cases missing/);
});

test('a summary that disagrees with its cases is refused', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  p.state.failing.add('Bob');
  await p.eval();
  const artifact = p.artifact() as { summary: Record<string, unknown> };
  artifact.summary.passed = 6;
  artifact.summary.failed = 0;
  artifact.summary.passRate = 1;
  fs.writeFileSync(p.artifactFile, JSON.stringify(artifact));
  const result = await p.check('--min-pass-rate', '0');
  assert.equal(result.code, 1);
  assert.match(
    result.stdout,
    /invalid: the summary does not match the cases \(passed 6 ≠ 5 counted, failed 0 ≠ 1 counted, pass rate 1 ≠ 0\.8333333333333334 counted\): the artifact was edited or truncated/,
  );
});

test('errors fail by default; every case errored never passes; zero cases never pass', async (t) => {
  const p = await project((who) =>
    who === 'Di' || p.state.failing.has('*')
      ? { status: 500, body: { error: { message: 'boom' } } }
      : undefined,
  );
  t.after(p.cleanup);
  await p.eval('--retries', '0');
  const one = await p.check();
  assert.match(one.stdout, /threshold: 1 case errored \(an errored case was not evaluated/);
  assert.equal(
    (await p.check('--max-errors', '1', '--min-pass-rate', '0.8')).code,
    0,
    'tolerated when the gate says so',
  );
  p.state.failing.add('*');
  await p.eval('--retries', '0');
  const all = await p.check('--max-errors', '100', '--min-pass-rate', '0');
  assert.equal(all.code, 1);
  assert.match(all.stdout, /threshold: every case errored \(6 of 6\): nothing was evaluated/);
  fs.writeFileSync(
    p.ws.file('p.fixtures.yaml'),
    'cases:\n  - id: later\n    skip: not yet\n    input: { name: Ada }\n',
  );
  await p.eval();
  assert.match(
    (await p.check('--min-pass-rate', '0')).stdout,
    /incomplete: the fixture file has no cases to run \(all skipped or none\): zero cases never pass/,
  );
});

test('shards: one alone is incomplete; merge refuses a shard twice or mixed counts, and names a missing one', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  const results = p.ws.file('.promptops/results');
  for (const index of [1, 2, 3]) {
    fs.rmSync(results, { recursive: true, force: true });
    await p.eval('--shard', `${index}/3`);
    fs.cpSync(results, p.ws.file(`shard-${index}`), { recursive: true });
  }
  fs.rmSync(results, { recursive: true, force: true });
  await p.eval('--shard', '1/2');
  fs.cpSync(results, p.ws.file('half-1'), { recursive: true });
  const alone = await p.check();
  assert.match(
    alone.stdout,
    /incomplete: these are the results of shard 1\/2 only \(\d of 6 cases missing: [^)]*\); combine the shards with promptops merge/,
  );
  const merge = (...dirs: string[]) => runCli(p.ws.dir, ['merge', ...dirs]);
  assert.match((await merge('shard-1', 'shard-1')).stderr, /shard 1\/3 is given twice/);
  assert.match(
    (await merge('shard-1', 'half-1')).stderr,
    /the results come from runs split differently \(--shard i\/3, --shard i\/2\)/,
  );
  const twoOfThree = await merge('shard-1', 'shard-3');
  assert.equal(twoOfThree.code, 0, twoOfThree.stderr);
  assert.deepEqual(p.artifact().shards, { count: 3, merged: [1, 3] });
  assert.match(
    (await p.check()).stdout,
    /incomplete: the merge lacks shard 2\/3 \(\d of 6 cases missing: [^)]*\); merge every shard's results/,
  );
  assert.equal((await merge('shard-1', 'shard-2', 'shard-3')).code, 0);
  assert.equal((await p.check()).code, 0, 'all shards merged');
});

test('staleness names the setting that changed, and --repeat is checked as such', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  fs.appendFileSync(
    p.ws.file('promptops.config.yaml'),
    'eval:\n  graderModel: local/gpt-4o-mini\n',
  );
  await p.eval('--repeat', '2');
  assert.equal((p.artifact().cases as unknown[]).length, 12);
  assert.equal((await p.check()).code, 0, 'a --repeat run is fresh and complete');
  const artifact = p.artifact() as { cases: { id: string; repeat: number }[] };
  artifact.cases = artifact.cases.filter((c) => !(c.id === 'ed' && c.repeat === 1));
  const summary = (p.artifact() as { summary: Record<string, number> }).summary;
  fs.writeFileSync(
    p.artifactFile,
    JSON.stringify({ ...artifact, summary: { ...summary, total: 11, passed: 11 } }),
  );
  assert.match((await p.check()).stdout, /incomplete: 1 of 12 cases missing: ed;/);
  await p.eval('--repeat', '2');
  fs.writeFileSync(
    p.ws.file('promptops.config.yaml'),
    fs
      .readFileSync(p.ws.file('promptops.config.yaml'), 'utf8')
      .replace('local/gpt-4o-mini', 'local/gpt-4o'),
  );
  assert.match(
    (await p.check()).stdout,
    /stale: results are stale: the grader model changed: local\/gpt-4o-mini → local\/gpt-4o; run: promptops eval p\.prompt/,
  );
});

test('fixtures are hashed from the bytes that ran: invalid UTF-8 stays fresh, an edit during the run does not', async (t) => {
  let edit: (() => void) | undefined;
  const p = await project((who) => {
    edit?.();
    edit = undefined;
    return { text: `Hello ${who}` };
  });
  t.after(p.cleanup);
  const file = p.ws.file('p.fixtures.yaml');
  fs.writeFileSync(
    file,
    Buffer.concat([Buffer.from('# caf\xe9\n', 'latin1'), Buffer.from(fixtures(NAMES))]),
  );
  await p.eval();
  const fresh = await p.check();
  assert.equal(fresh.code, 0, `bytes that are not UTF-8: ${fresh.stdout}`);
  edit = () => fs.appendFileSync(file, '  - id: late\n    input: { name: Late }\n');
  await p.eval('--concurrency', '1');
  assert.match(
    (await p.check()).stdout,
    /results are stale: the fixtures changed/,
    'the cases that ran are the ones recorded',
  );
});

test('--record records answers that came from the cache; --replay says where it looked; --require-live', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  assert.equal((await runCli(p.ws.dir, ['eval'])).code, 0, 'fills the cache');
  const before = p.state.requests;
  assert.equal((await runCli(p.ws.dir, ['eval', '--record'])).code, 0);
  assert.equal(p.state.requests, before, 'answered from the cache');
  const replay = await runCli(p.ws.dir, ['eval', '--replay']);
  assert.equal(replay.code, 0, replay.stdout);
  const gate = await p.check();
  assert.equal(gate.code, 0);
  assert.match(
    gate.stdout,
    /✓ p\.prompt {2}100% · \$0\.0000 {2}\(replayed: answers from recordings\)/,
  );
  assert.match(
    (await p.check('--require-live')).stdout,
    /replay: the answers came from recordings/,
  );
  fs.writeFileSync(p.ws.file('p.prompt'), fs.readFileSync(p.ws.file('p.prompt'), 'utf8') + 'Hi\n');
  await runCli(p.ws.dir, ['eval', '--replay', '--case', 'ada']);
  const missed = (p.artifact() as { cases: { error?: string }[] }).cases[0]?.error;
  assert.equal(
    missed,
    'no recording in .promptops/recordings for case ada with this request (prompt text, input, model and parameters); record one with --record',
  );
});

test('the project is the nearest folder up with promptops.config.yaml or .promptops/', async (t) => {
  const ws = workspace({});
  t.after(ws.cleanup);
  fs.cpSync(EXAMPLES, ws.file('examples'), { recursive: true });
  fs.rmSync(ws.file('examples/.promptops/results'), { recursive: true });
  const evaluated = await runCli(ws.dir, ['eval', '--replay', 'examples']);
  assert.equal(evaluated.code, 0, evaluated.stderr + evaluated.stdout);
  assert.ok(fs.existsSync(ws.file('examples/.promptops/results/triage.json')));
  assert.ok(!fs.existsSync(ws.file('.promptops')), 'nothing written where the command ran');
  const gate = await runCli(ws.dir, ['check', 'examples']);
  assert.equal(gate.code, 0, gate.stdout);
  assert.match(gate.stdout, /✓ examples\/triage\.prompt/);
});

test('a label refuses an incomplete version unless forced, and records the override', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  const { commit } = gitRepo(p.ws.dir);
  commit('v1');
  await p.eval('--case', 'ada');
  const refused = await runCli(p.ws.dir, ['label', 'p.prompt', 'production']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /5 of 6 cases missing/);
  const forced = await runCli(p.ws.dir, ['label', 'p.prompt', 'production', '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stderr, /forced past:\n {2}- 5 of 6 cases missing/);
  assert.match(fs.readFileSync(p.ws.file('promptops.registry.yaml'), 'utf8'), /forced:/);
});
