// The npm package as a user gets it (npm pack, npm i -g of the tarball) and the GitHub Action's
// script run the way the runner runs it. npm runs with --offline: esbuild bundles the code into
// dist/ and the one runtime dependency (@opentelemetry/api) is bundled into the tarball
// (bundleDependencies), so nothing is fetched, on a machine with an empty npm cache too.
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startFakeOpenAI, lastUserText } from '../../support/openai-server';
import * as YAML from 'yaml';
import { REPO, workspace } from '../helpers';
import { version } from '../../../package.json';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'po-pack-'));
let tarball = '';
const npmEnv = { ...process.env, npm_config_offline: 'true', npm_config_update_notifier: 'false' };

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? npmEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

before(async () => {
  // dist/ is built by the test command; --ignore-scripts skips prepack's production rebuild.
  const packed = await run(
    'npm',
    ['pack', '--ignore-scripts', '--pack-destination', tmp, '--json'],
    { cwd: REPO },
  );
  assert.equal(packed.code, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(tmp, info?.filename ?? '');
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('the tarball holds the bundles, schemas, grammar, action and docs, and nothing of src/ or test/', () => {
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  for (const expected of [
    'package/package.json',
    'package/dist/cli.js',
    'package/dist/cli-main.js',
    'package/dist/tokenizer.js',
    'package/dist/runtime.js',
    'package/dist/report.js',
    'package/action.yml',
    'package/scripts/action/run.sh',
    'package/README.md',
    'package/LICENSE',
    'package/schemas/config.schema.json',
  ])
    assert.ok(files.includes(expected), expected);
  // The one runtime dependency travels in the tarball (bundleDependencies), nothing else does.
  const ours = files.filter((f) => !f.startsWith('package/node_modules/@opentelemetry/api/'));
  assert.ok(
    !ours.some(
      (f) => /^package\/(src|test|out|examples|node_modules)\//.test(f) || f.endsWith('.map'),
    ),
    ours.join('\n'),
  );
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  assert.equal(pkg.private, undefined);
  assert.deepEqual(
    Object.keys((pkg.dependencies ?? {}) as object),
    ['@opentelemetry/api'],
    'everything is bundled by esbuild but the OpenTelemetry API (one global registry shared by its copies)',
  );
  assert.deepEqual(pkg.bundleDependencies, ['@opentelemetry/api'], 'installs with no registry');
  assert.ok(pkg.repository && Array.isArray(pkg.keywords));
});

test('npm i -g of the tarball gives a promptops that lints, replays and checks a copy of the examples', async () => {
  const prefix = path.join(tmp, 'global');
  const installed = await run('npm', ['install', '--global', '--prefix', prefix, tarball], {
    cwd: tmp,
  });
  assert.equal(installed.code, 0, installed.stderr);
  const cli = path.join(prefix, 'bin', 'promptops');
  const examples = path.join(tmp, 'examples');
  fs.cpSync(path.join(REPO, 'examples'), examples, { recursive: true });
  const env = { ...npmEnv, OPENAI_API_KEY: '' };
  assert.equal((await run(cli, ['--version'], { cwd: examples, env })).stdout.trim(), version);
  const lint = await run(cli, ['lint'], { cwd: examples, env });
  assert.equal(lint.code, 0, lint.stdout + lint.stderr);
  const replay = await run(cli, ['eval', '--replay'], { cwd: examples, env });
  assert.equal(replay.code, 0, replay.stdout + replay.stderr);
  assert.match(replay.stdout, /12\/12 cases passed/);
  const check = await run(cli, ['check'], { cwd: examples, env });
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /Gate passed: 6 prompts checked/);
});

function runnerEnv(
  dir: string,
  inputs: Record<string, string>,
  extra: Record<string, string> = {},
) {
  const summary = path.join(dir, 'summary.md');
  const output = path.join(dir, 'output.txt');
  return {
    summary,
    output,
    env: {
      ...npmEnv,
      npm_config_prefix: path.join(dir, 'runner-global'),
      GITHUB_WORKSPACE: dir,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      GITHUB_ACTIONS: 'true',
      ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k}`, v])),
      ...extra,
    },
  };
}

test('the action script, run as the runner does: eval-check installs the CLI, runs evals and the gate, writes the step summary, outputs and reports', async (t) => {
  const server = await startFakeOpenAI((r) => ({ text: `Hello ${lastUserText(r.body).slice(6)}` }));
  t.after(() => server.close());
  const ws = workspace({
    'app/promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    'app/prompts/greet.prompt':
      '---\nmodel: local/m\ninput:\n  schema:\n    name: string\n---\nGreet {{name}}',
    'app/prompts/greet.fixtures.yaml':
      'cases:\n  - id: ada\n    input: { name: Ada }\n    assert:\n      - type: contains\n        value: Ada\n',
  });
  t.after(ws.cleanup);
  const local = path.relative(ws.dir, tarball);
  const runner = runnerEnv(ws.dir, {
    COMMAND: 'eval-check',
    PATHS: 'prompts',
    VERSION: local,
    REQUIRE_LIVE: 'false',
    REPORTS: 'promptops-reports',
    WORKING_DIRECTORY: 'app',
  });
  const result = await run('bash', [path.join(REPO, 'scripts', 'action', 'run.sh')], {
    cwd: ws.dir,
    env: runner.env,
  });
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const summary = fs.readFileSync(runner.summary, 'utf8');
  assert.match(summary, new RegExp(`^## PromptOps ${version.replace(/\./g, '\\.')}`));
  assert.match(summary, /`promptops eval-check prompts --junit promptops-reports\/gate\.xml`/);
  assert.match(summary, /greet\.prompt/);
  assert.match(fs.readFileSync(runner.output, 'utf8'), /^passed=true$/m);
  for (const report of ['evals.xml', 'gate.xml', 'gate.txt', 'report.html'])
    assert.ok(fs.existsSync(path.join(ws.dir, 'app', 'promptops-reports', report)), report);
  assert.ok(
    fs.existsSync(path.join(ws.dir, 'app', '.promptops', 'results', 'prompts', 'greet.json')),
  );
});

test('the action script: check fails on missing results (passed=false, exit 1), and a bad input is one ::error line, exit 2', async (t) => {
  const ws = workspace({
    'prompts/greet.prompt': '---\nmodel: local/m\n---\nHi',
    'prompts/greet.fixtures.yaml': 'cases:\n  - id: a\n',
  });
  t.after(ws.cleanup);
  const runner = runnerEnv(ws.dir, { VERSION: tarball, BASELINE: 'pr-base' });
  const failed = await run('bash', [path.join(REPO, 'scripts', 'action', 'run.sh')], {
    cwd: ws.dir,
    env: runner.env,
  });
  assert.equal(failed.code, 1, failed.stdout + failed.stderr);
  assert.match(fs.readFileSync(runner.output, 'utf8'), /^passed=false$/m);
  assert.doesNotMatch(
    fs.readFileSync(runner.summary, 'utf8'),
    /--baseline/,
    'pr-base without GITHUB_BASE_REF means no baseline',
  );
  const bad = runnerEnv(ws.dir, { COMMAND: 'deploy', VERSION: tarball });
  const usage = await run('bash', [path.join(REPO, 'scripts', 'action', 'run.sh')], {
    cwd: ws.dir,
    env: bad.env,
  });
  assert.equal(usage.code, 2);
  assert.match(
    usage.stdout,
    /^::error title=PromptOps::command must be check or eval-check, not 'deploy'$/m,
  );
});

test('the action script: check passes on the replayed examples, and require-live fails them', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-action-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.cpSync(path.join(REPO, 'examples'), path.join(dir, 'examples'), { recursive: true });
  const script = path.join(REPO, 'scripts', 'action', 'run.sh');
  const inputs = { VERSION: tarball, PATHS: 'examples' };
  const passing = runnerEnv(dir, inputs);
  const passed = await run('bash', [script], { cwd: dir, env: passing.env });
  assert.equal(passed.code, 0, passed.stdout + passed.stderr);
  const live = runnerEnv(dir, { ...inputs, REQUIRE_LIVE: 'true' });
  fs.rmSync(live.output, { force: true });
  const failed = await run('bash', [script], { cwd: dir, env: live.env });
  assert.equal(failed.code, 1, failed.stdout + failed.stderr);
  assert.match(fs.readFileSync(live.summary, 'utf8'), /--require-live/);
  assert.match(fs.readFileSync(live.output, 'utf8'), /^passed=false$/m);
});

test('action.yml is a composite action whose inputs reach the script', () => {
  const action = YAML.parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
    runs: { using: string; steps: { uses?: string; run?: string; env?: Record<string, string> }[] };
  };
  assert.equal(action.runs.using, 'composite');
  for (const input of ['command', 'paths', 'baseline', 'require-live', 'version'])
    assert.ok(action.inputs[input], input);
  assert.equal(action.inputs.command?.default, 'check');
  const step = action.runs.steps.find((s) => s.run?.includes('scripts/action/run.sh'));
  assert.equal(step?.env?.INPUT_REQUIRE_LIVE, '${{ inputs.require-live }}');
  assert.equal(step?.env?.INPUT_VERSION, '${{ inputs.version }}');
  assert.ok(action.runs.steps.some((s) => s.uses === 'actions/upload-artifact@v4'));
});
