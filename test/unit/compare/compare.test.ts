import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { compareArtifacts } from '../../../src/core/compare/compare';
import { mcnemarExact } from '../../../src/core/compare/stats';
import { jsonDiff, wordDiff } from '../../../src/core/compare/textdiff';
import type { CaseResult, RunArtifact } from '../../../src/core/eval/artifact';
import { lastUserText, startFakeOpenAI } from '../../support/openai-server';
import { runCli, workspace } from '../helpers';

test('exact McNemar p-values match hand-computed binomial tails', () => {
  assert.equal(mcnemarExact(0, 0), 1);
  assert.equal(mcnemarExact(0, 5), 2 / 32);
  assert.equal(mcnemarExact(3, 3), 1);
  assert.ok(Math.abs(mcnemarExact(1, 9) - 22 / 1024) < 1e-12);
  assert.ok(Math.abs(mcnemarExact(10, 2) - (2 * 79) / 4096) < 1e-12);
  assert.ok(mcnemarExact(0, 40) < 1e-10, 'large samples stay finite');
});

test('1 MB outputs are compared quickly: common prefix and suffix around the change', () => {
  const a = 'x'.repeat(600_000) + 'old' + 'y'.repeat(400_000);
  const b = 'x'.repeat(600_000) + 'new' + 'y'.repeat(400_000);
  const started = Date.now();
  const segments = wordDiff(a, b);
  assert.deepEqual(
    segments.map((s) => [s.kind, s.text.length]),
    [
      ['same', 600_000],
      ['removed', 3],
      ['added', 3],
      ['same', 400_000],
    ],
  );
  assert.ok(Date.now() - started < 2000, 'no quadratic diff on huge outputs');
});

test('word and JSON diffs', () => {
  assert.deepEqual(
    wordDiff('the quick fox', 'the slow fox').filter((s) => s.kind !== 'same'),
    [
      { text: 'quick', kind: 'removed' },
      { text: 'slow', kind: 'added' },
    ],
  );
  assert.deepEqual(
    jsonDiff(
      { a: 1, tags: ['x'], same: { k: 1 } },
      { tags: ['x', 'y'], a: 2, same: { k: 1 }, new: true },
    ),
    [
      { path: '$.a', kind: 'changed', a: 1, b: 2 },
      { path: '$.new', kind: 'added', b: true },
      { path: '$.tags[1]', kind: 'added', b: 'y' },
    ],
  );
});

function artifact(cases: [string, CaseResult['status'], string][], source = 'x'): RunArtifact {
  return {
    schemaVersion: 1,
    tool: { name: 'promptops', version: '0' },
    createdAt: '2026-11-29T00:00:00.000Z',
    prompt: { path: 'p.prompt', name: 'p', sha256: '0', source },
    fixtures: null,
    configHash: '0',
    model: {
      id: 'local/m',
      provider: 'local',
      model: 'm',
      baseURL: 'http://127.0.0.1',
      parameters: {},
    },
    mode: 'live',
    cases: cases.map(([id, status, text]) => ({
      id,
      repeat: 0,
      input: {},
      messages: [],
      output: { text },
      status,
      score: status === 'pass' ? 1 : 0,
      assertions: [],
      latencyMs: 100,
      tokens: { input: 1, output: 1, total: 2 },
      costUsd: 0.001,
      attempts: 1,
      cached: false,
    })),
    summary: {
      total: 0,
      passed: 0,
      failed: 0,
      errors: 0,
      passRate: 0,
      costUsd: 0,
      tokens: { input: 0, output: 0, total: 0 },
      latencyMs: { p50: null, p95: null },
      durationMs: 0,
      cancelled: false,
    },
  };
}

test('cases are matched by id; flips, p-value and fixtures that changed are reported', () => {
  const a = artifact(
    [
      ['one', 'pass', 'yes'],
      ['two', 'fail', 'no'],
      ['three', 'pass', 'same'],
      ['gone', 'pass', 'x'],
    ],
    'Be formal.\n',
  );
  const b = artifact(
    [
      ['one', 'fail', 'nope'],
      ['two', 'pass', 'yes'],
      ['three', 'pass', 'same'],
      ['new', 'pass', 'y'],
    ],
    'Be casual.\n',
  );
  const c = compareArtifacts(a, b, { a: 'A', b: 'B' });
  assert.deepEqual(
    c.cases.map((x) => [x.id, x.change, x.outputChanged]),
    [
      ['one', 'pass→fail', true],
      ['two', 'fail→pass', true],
      ['three', 'pass→pass', false],
    ],
  );
  assert.deepEqual([c.regressions, c.improvements, c.pValue], [1, 1, 1]);
  assert.deepEqual([c.onlyA, c.onlyB], [['gone'], ['new']]);
  assert.ok(Math.abs(c.a.passRate - 2 / 3) < 1e-9 && Math.abs(c.b.passRate - 2 / 3) < 1e-9);
  assert.deepEqual(
    c.template.filter((s) => s.kind !== 'same').map((s) => [s.kind, s.text]),
    [
      ['removed', 'Be formal.\n'],
      ['added', 'Be casual.\n'],
    ],
  );
});

const cli = (cwd: string, argv: string[]) => runCli(cwd, argv);

test('promptops compare: HEAD against the working copy, in a git repository, against a loopback model', async (t) => {
  // The model answers in the tone the system message asks for; B's tone breaks case 'formal'.
  const server = await startFakeOpenAI((request) => {
    const system = request.body.messages[0]?.content;
    const who = lastUserText(request.body).trim();
    return {
      text: String(system).includes('casual')
        ? `hey ${who} <script>alert(1)</script><img src=x onerror=alert(2)>`
        : `Good day, ${who}.`,
    };
  });
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    'greet.prompt':
      '---\nmodel: local/m\ninput:\n  schema:\n    name: string\n---\n{{role "system"}}Be formal.\n{{role "user"}}{{name}}\n',
    'greet.fixtures.yaml':
      'cases:\n  - id: formal\n    input: { name: Ada }\n    assert:\n      - type: contains\n        value: Good day\n  - id: named\n    input: { name: Bob }\n    assert:\n      - type: contains\n        value: Bob\n',
  });
  t.after(async () => {
    await server.close();
    ws.cleanup();
  });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws.dir, stdio: 'pipe' });
  git('init', '-q');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'formal greetings');
  fs.writeFileSync(
    ws.file('greet.prompt'),
    fs.readFileSync(ws.file('greet.prompt'), 'utf8').replace('Be formal.', 'Be casual.'),
  );

  const { gitVersions } = await import('../../../src/core/compare/versions');
  const { differsFromHead } = await import('../../../src/core/git/git');
  assert.deepEqual(
    gitVersions(ws.dir, ws.file('greet.prompt')).map((v) => v.subject),
    ['formal greetings'],
  );
  assert.equal(differsFromHead(ws.file('greet.prompt')), true);
  assert.equal(differsFromHead(ws.file('greet.fixtures.yaml')), false);

  const md = await cli(ws.dir, ['compare', 'greet.prompt']);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /### PromptOps comparison: greet\.prompt/);
  assert.match(
    md.stdout,
    /\*\*A\*\* [0-9a-f]{7} \d{4}-\d{2}-\d{2} formal greetings · `local\/m` → \*\*B\*\* working copy/,
  );
  assert.match(md.stdout, /\| pass rate \| 100% \| 50% \| −50 pt \|/);
  assert.match(
    md.stdout,
    /2 shared cases: \*\*1 pass→fail\*\*, \*\*0 fail→pass\*\*; exact McNemar p = 1\.000 \(not significant/,
  );
  assert.match(
    md.stdout,
    /- Good day, Ada\.\n\+ hey Ada <script>/,
    'outputs sit inside a diff fence',
  );
  assert.match(
    md.stdout,
    /- \{\{role "system"\}\}Be formal\.\n\+ \{\{role "system"\}\}Be casual\./,
  );
  const written = fs.readdirSync(ws.file('.promptops/comparisons'));
  assert.deepEqual(written, ['greet--HEAD--working.md']);

  const page = await cli(ws.dir, ['compare', 'greet.prompt', '--format', 'html']);
  assert.doesNotMatch(page.stdout, /<script>|<img /, 'model output is text, never markup');
  assert.match(
    page.stdout,
    /&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;/,
  );
  assert.match(page.stdout, /Content-Security-Policy" content="default-src 'none'/);

  const models = await cli(ws.dir, [
    'compare',
    'greet.prompt',
    '--model-a',
    'local/m',
    '--model-b',
    'local/m2',
    '--format',
    'json',
  ]);
  const parsed = JSON.parse(models.stdout) as { a: { model: string }; b: { model: string } };
  assert.deepEqual([parsed.a.model, parsed.b.model], ['local/m', 'local/m2']);
  const requestsBefore = server.requests.length;
  await cli(ws.dir, ['compare', 'greet.prompt']);
  assert.equal(
    server.requests.length,
    requestsBefore,
    'both sides answered from the cache the second time',
  );
});

test('compare errors: a revision that does not exist, an untracked prompt, no git repository', async (t) => {
  const ws = workspace({
    'a.prompt': '---\nmodel: local/m\n---\nhi\n',
    'a.fixtures.yaml': 'cases:\n  - id: x\n',
  });
  t.after(ws.cleanup);
  const noRepo = await cli(ws.dir, ['compare', 'a.prompt']);
  assert.equal(noRepo.code, 2);
  assert.match(noRepo.stderr, /is not a git revision here|not a git repository/);
  execFileSync('git', ['init', '-q'], { cwd: ws.dir });
  fs.writeFileSync(ws.file('b.txt'), 'x');
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', 'b.txt'], {
    cwd: ws.dir,
  });
  execFileSync(
    'git',
    ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'x'],
    { cwd: ws.dir },
  );
  const untracked = await cli(ws.dir, ['compare', 'a.prompt', '--a', 'HEAD']);
  assert.equal(untracked.code, 2);
  assert.match(untracked.stderr, /a\.prompt does not exist at HEAD \(is it tracked by git\?\)/);
  const badRev = await cli(ws.dir, ['compare', 'a.prompt', '--a', 'no-such-branch']);
  assert.match(
    badRev.stderr,
    /'no-such-branch' is not a git revision here, nor a saved run of a\.prompt/,
  );
});

test('a saved run is a version: its prompt snapshot is compared after the file changed', async (t) => {
  const server = await startFakeOpenAI((request) => ({
    text: String(request.body.messages[0]?.content).includes('v2') ? 'second' : 'first',
  }));
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    'p.prompt': '---\nmodel: local/m\n---\n{{role "system"}}v1\n{{role "user"}}go\n',
    'p.fixtures.yaml':
      'cases:\n  - id: c\n    assert:\n      - type: equals\n        value: first\n',
  });
  t.after(async () => {
    await server.close();
    ws.cleanup();
  });
  assert.equal((await cli(ws.dir, ['eval'])).code, 0);
  const { savedRuns } = await import('../../../src/core/eval/artifact');
  const runs = savedRuns(ws.dir, 'p.prompt');
  assert.equal(runs.length, 1);
  fs.writeFileSync(
    ws.file('p.prompt'),
    fs.readFileSync(ws.file('p.prompt'), 'utf8').replace('v1', 'v2'),
  );
  const result = await cli(ws.dir, [
    'compare',
    'p.prompt',
    '--a',
    runs[0]!.id,
    '--b',
    'working',
    '--format',
    'json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const parsed = JSON.parse(result.stdout) as { a: { label: string }; cases: { change: string }[] };
  assert.match(parsed.a.label, /^run \d{8}T\d+Z \(local\/m\)$/);
  assert.deepEqual(
    parsed.cases.map((c) => c.change),
    ['pass→fail'],
  );
});

test('JSON answers are compared structurally and pretty-printed, so formatting alone is no change', () => {
  const a = artifact([['j', 'pass', '{"category":"billing","priority":"low"}']]);
  const b = artifact([['j', 'pass', '{ "priority": "high",\n  "category": "billing" }']]);
  a.cases[0]!.output = {
    text: a.cases[0]!.output!.text,
    json: { category: 'billing', priority: 'low' },
  };
  b.cases[0]!.output = {
    text: b.cases[0]!.output!.text,
    json: { priority: 'high', category: 'billing' },
  };
  const [c] = compareArtifacts(a, b, { a: 'A', b: 'B' }).cases;
  assert.deepEqual(c?.json, [{ path: '$.priority', kind: 'changed', a: 'low', b: 'high' }]);
  assert.ok(
    c?.words.some((s) => s.kind === 'same' && s.text.includes('{\n')),
    'pretty-printed, not the raw one-line text',
  );
});
