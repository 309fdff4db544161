import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../../src/cli/main';
import { EXAMPLES, REPO } from '../helpers';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    (t) => out.push(t),
    (t) => err.push(t),
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

test('render prints Dotprompt messages as JSON', async () => {
  const { code, stdout, stderr } = await run(
    'render',
    path.join(EXAMPLES, 'triage.prompt'),
    '--input',
    '{"subject":"Refund","body":"Please refund me"}',
  );
  assert.equal(code, 0, stderr);
  const rendered = JSON.parse(stdout);
  assert.equal(rendered.model, 'openai/gpt-4o-mini');
  assert.deepEqual(
    rendered.messages.map((m: { role: string }) => m.role),
    ['system', 'user'],
  );
  assert.match(rendered.messages[1].content[0].text, /Plan: free\nSubject: Refund/);
});

test('render reads input from a JSON or YAML file', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-cli-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'in.yaml'), 'subject: From YAML\nbody: b\n');
  const { code, stdout } = await run(
    'render',
    path.join(EXAMPLES, 'triage.prompt'),
    '--input-file',
    path.join(dir, 'in.yaml'),
  );
  assert.equal(code, 0);
  assert.match(stdout, /Subject: From YAML/);
});

test('render takes its input from a fixture case', async () => {
  const { code, stdout, stderr } = await run(
    'render',
    path.join(EXAMPLES, 'triage.prompt'),
    '--case',
    'outage-enterprise',
  );
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /Plan: enterprise · 4 earlier tickets\\nSubject: Dashboard down for our whole team/,
  );
  const missing = await run('render', path.join(EXAMPLES, 'triage.prompt'), '--case', 'nope');
  assert.equal(missing.code, 2);
  assert.match(
    missing.stderr,
    /--case nope: no such case in .*triage\.fixtures\.yaml \(cases: double-charge, outage-enterprise, feature-dark-mode\)/,
  );
  const both = await run(
    'render',
    path.join(EXAMPLES, 'triage.prompt'),
    '--case',
    'x',
    '--input',
    '{}',
  );
  assert.match(both.stderr, /use one of --input, --input-file and --case/);
});

test('user errors exit 2 with one line that says what and where', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-cli-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string | Buffer) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const cases: [string[], RegExp][] = [
    [['render', write('yaml.prompt', '---\nmodel: [a\n---\nhi')], /yaml\.prompt:\d+:\d+: YAML: /],
    [['render', write('hbs.prompt', 'hello\n{{name')], /hbs\.prompt:2:1: Unclosed '\{\{'/],
    [['render', write('bin.prompt', Buffer.from([0x61, 0, 0x62]))], /binary data/],
    [
      ['render', write('partial.prompt', 'x {{> gone}}')],
      /partial\.prompt:1:7: Partial 'gone' not found/,
    ],
    [['render', path.join(dir, 'missing.prompt')], /prompt file not found/],
    [['render', dir], /is a directory/],
    [['render', path.join(EXAMPLES, 'triage.prompt'), '--input', '[1]'], /must be a JSON object/],
    [['render', path.join(EXAMPLES, 'triage.prompt'), '--input', '{'], /--input is not valid JSON/],
    [['render'], /needs a prompt file/],
    [['render', 'a', '--nope'], /Unknown option '--nope'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ];
  for (const [argv, expected] of cases) {
    const { code, stderr } = await run(...argv);
    assert.equal(code, 2, `${argv.join(' ')} → ${stderr}`);
    assert.match(stderr, expected);
    assert.equal(stderr.split('\n').length, 1, 'one line, no stack trace');
  }
});

test('help and version', async () => {
  assert.match((await run('--help')).stdout, /Usage: promptops <command>/);
  assert.match((await run('render', '--help')).stdout, /Usage: promptops render/);
  assert.equal(
    (await run('--version')).stdout,
    JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version,
  );
});

test('the bundled CLI binary sets its exit code and keeps stdout clean', () => {
  const cli = path.join(REPO, 'dist', 'cli.js');
  assert.ok(fs.existsSync(cli), 'dist/cli.js is built before the tests (npm run build)');
  const ok = spawnSync(
    process.execPath,
    [cli, 'render', path.join(EXAMPLES, 'summarize.prompt'), '--input', '{"title":"T","text":"x"}'],
    { encoding: 'utf8' },
  );
  assert.equal(ok.status, 0, ok.stderr);
  assert.doesNotThrow(() => JSON.parse(ok.stdout));
  const bad = spawnSync(process.execPath, [cli, 'render', 'nope.prompt'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stdout, '');
  assert.match(bad.stderr, /^promptops render: prompt file not found: nope\.prompt\n$/);
});
