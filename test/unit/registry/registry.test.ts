import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '../../../src/core/config';
import { evalPrompt } from '../../../src/core/eval/engine';
import { ProviderRegistry } from '../../../src/core/providers/registry';
import { loadPrompt } from '../../../src/core/registry/load';
import {
  judgeVersion,
  labelPrompt,
  PromotionRefused,
  rollbackPrompt,
  versionSource,
} from '../../../src/core/registry/promote';
import {
  parseRegistry,
  readRegistry,
  REGISTRY_FILE,
  REGISTRY_LOCK,
  RegistryError,
  updateRegistry,
  writeRegistry,
} from '../../../src/core/registry/registry';
import { lastUserText, startFakeOpenAI } from '../../support/openai-server';
import { gitRepo, REPO, runCli, workspace } from '../helpers';

const V1 =
  '---\nmodel: local/tiny\ninput:\n  schema:\n    name: string\npromptops.guard:\n  maxChars: 40\n  fallback: Sorry.\n---\nSay hello to {{name}}.\n';
const V2 = V1.replace('Say hello to', 'Greet');
const V3 = V1.replace('Say hello to', 'Please welcome');
const FIXTURES =
  'cases:\n  - id: ada\n    input: { name: Ada }\n    assert:\n      - type: contains\n        value: Ada\n';

/** A git repository with a prompt at V1 committed, a config with a gate, and a loopback model. */
async function repo(t: { after: (fn: () => unknown) => void }) {
  let answer = (name: string) => `Hello ${name}`;
  const server = await startFakeOpenAI((request) => ({
    text: answer(lastUserText(request.body).replace(/^.* |\.$/g, '')),
  }));
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\ngate:\n  minPassRate: 1\n`,
    'prompts/greet.prompt': V1,
    'prompts/greet.fixtures.yaml': FIXTURES,
  });
  t.after(async () => {
    await server.close();
    ws.cleanup();
  });
  const { git, commit } = gitRepo(ws.dir);
  const configFile = ws.file('promptops.config.yaml');
  const config = loadConfig(configFile);
  const prompt = ws.file('prompts/greet.prompt');
  const context = { root: ws.dir, config };
  const evaluate = () =>
    evalPrompt(prompt, {
      root: ws.dir,
      registry: new ProviderRegistry(config.providers ?? [], { env: {} }),
      version: '0.0.0-test',
    });
  return {
    ws,
    git,
    commit,
    prompt,
    context,
    evaluate,
    setAnswer: (fn: (name: string) => string) => (answer = fn),
  };
}

test('label refuses a version with no results, and writes nothing', async (t) => {
  const r = await repo(t);
  r.commit('v1');
  await assert.rejects(labelPrompt(r.prompt, 'production', r.context), (error: unknown) => {
    assert.ok(error instanceof PromotionRefused);
    assert.equal(error.problems[0]?.kind, 'missing');
    assert.match(error.message, /no results for prompts\/greet\.prompt at [0-9a-f]{7}/);
    return true;
  });
  assert.equal(fs.existsSync(r.ws.file(REGISTRY_FILE)), false);
});

test('label promotes a version whose results pass, and records who, when, from and to', async (t) => {
  const r = await repo(t);
  const v1 = r.commit('v1');
  await r.evaluate();
  const outcome = await labelPrompt(r.prompt, 'production', {
    ...r.context,
    now: () => new Date('2026-11-29T10:00:00Z'),
  });
  assert.equal(outcome.moved, true);
  assert.equal(outcome.to, v1);
  const registry = readRegistry(r.ws.dir);
  const entry = registry.prompts['prompts/greet.prompt'];
  assert.equal(entry?.labels.production?.rev, v1);
  assert.deepEqual(entry?.history, [
    {
      label: 'production',
      action: 'label',
      from: null,
      to: v1,
      sha256: entry?.labels.production?.sha256,
      by: 'Ada Lovelace <ada@example.com>',
      at: '2026-11-29T10:00:00.000Z',
    },
  ]);
  assert.equal(
    fs.readFileSync(
      r.ws.file(`.promptops/versions/${entry?.labels.production?.sha256}.prompt`),
      'utf8',
    ),
    V1,
  );
  // The same label at the same version again changes nothing.
  const again = await labelPrompt(r.prompt, 'production', r.context);
  assert.equal(again.moved, false);
  assert.equal(readRegistry(r.ws.dir).prompts['prompts/greet.prompt']?.history.length, 1);
});

test('label refuses a stale version (results of another prompt text) and a failing one; --force is recorded', async (t) => {
  const r = await repo(t);
  r.commit('v1');
  await r.evaluate();
  fs.writeFileSync(r.prompt, V2);
  const v2 = r.commit('v2');
  await assert.rejects(
    labelPrompt(r.prompt, 'staging', r.context),
    (error: unknown) =>
      error instanceof PromotionRefused &&
      error.problems.some((p) => p.kind === 'stale') &&
      /the prompt changed/.test(error.message),
  );

  r.setAnswer(() => 'Hello nobody');
  await r.evaluate(); // results of v2 now, but failing
  const verdict = await judgeVersion(r.prompt, 'HEAD', r.context);
  assert.deepEqual(
    verdict.problems.map((p) => p.kind),
    ['threshold'],
  );
  await assert.rejects(
    labelPrompt(r.prompt, 'staging', r.context),
    (error: unknown) =>
      error instanceof PromotionRefused && /pass rate 0% < 100%/.test(error.message),
  );

  const forced = await labelPrompt(r.prompt, 'staging', { ...r.context, force: true });
  assert.equal(forced.to, v2);
  const move = readRegistry(r.ws.dir).prompts['prompts/greet.prompt']?.history[0];
  assert.deepEqual(move?.forced, ['pass rate 0% < 100%']);
});

test('rollback restores the previous version exactly, rollbacks skip rolled-back versions, and loadPrompt follows', async (t) => {
  const r = await repo(t);
  const v1 = r.commit('v1');
  await r.evaluate();
  await labelPrompt(r.prompt, 'production', r.context);
  fs.writeFileSync(r.prompt, V2);
  const v2 = r.commit('v2');
  await r.evaluate();
  await labelPrompt(r.prompt, 'production', r.context);
  fs.writeFileSync(r.prompt, V3);
  const v3 = r.commit('v3');
  await r.evaluate();
  await labelPrompt(r.prompt, 'production', r.context);
  assert.equal((await loadPrompt('greet', { root: r.ws.dir })).source, V3);

  const first = rollbackPrompt(r.prompt, r.context);
  assert.deepEqual([first.from, first.to], [v3, v2]);
  assert.equal(versionSource(r.ws.dir, r.prompt, { label: 'production' }).source, V2);
  assert.equal((await loadPrompt('prompts/greet.prompt', { root: r.ws.dir })).source, V2);
  const second = rollbackPrompt(r.prompt, r.context);
  assert.deepEqual([second.from, second.to], [v2, v1]);
  assert.equal((await loadPrompt('greet', { root: r.ws.dir, label: 'production' })).source, V1);
  assert.throws(
    () => rollbackPrompt(r.prompt, r.context),
    /'production' of prompts\/greet\.prompt has no earlier version to roll back to/,
  );
  assert.throws(
    () => rollbackPrompt(r.prompt, { ...r.context, label: 'staging' }),
    /has no label 'staging' \(labels: production\)/,
  );
  assert.deepEqual(
    readRegistry(r.ws.dir).prompts['prompts/greet.prompt']?.history.map(
      (m) => `${m.action} ${m.from?.slice(0, 7) ?? '-'}→${m.to.slice(0, 7)}`,
    ),
    [
      `label -→${v1.slice(0, 7)}`,
      `label ${v1.slice(0, 7)}→${v2.slice(0, 7)}`,
      `label ${v2.slice(0, 7)}→${v3.slice(0, 7)}`,
      `rollback ${v3.slice(0, 7)}→${v2.slice(0, 7)}`,
      `rollback ${v2.slice(0, 7)}→${v1.slice(0, 7)}`,
    ],
  );
});

test('loadPrompt renders the labelled text and applies its guard, without git once deployed', async (t) => {
  const r = await repo(t);
  r.commit('v1');
  await r.evaluate();
  await labelPrompt(r.prompt, 'production', r.context);
  fs.writeFileSync(r.prompt, V2); // the working copy moved on; production did not
  fs.rmSync(r.ws.file('.git'), { recursive: true, force: true }); // a deployed app has no repository
  const prompt = await loadPrompt('greet', { root: r.ws.dir });
  assert.equal(prompt.source, V1);
  assert.equal(prompt.model, 'local/tiny');
  assert.match(prompt.rev, /^[0-9a-f]{40}$/);
  const messages = await prompt.render({ name: 'Grace' });
  assert.equal(
    messages
      .at(-1)
      ?.content.map((p) => ('text' in p ? p.text : ''))
      .join('')
      .trim(),
    'Say hello to Grace.',
  );
  assert.deepEqual(prompt.guard('Hello Grace'), {
    action: 'pass',
    output: 'Hello Grace',
    reasons: [],
  });
  const long = prompt.guard('x'.repeat(100));
  assert.equal(long.action, 'fallback');
  assert.equal(long.output, 'Sorry.');
  // The package entry an application requires: require('promptops').
  const entry = path.join(REPO, 'dist', 'runtime.js');
  assert.ok(fs.existsSync(entry), 'built by npm run build');
  assert.equal(
    (
      JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
        exports: Record<string, string>;
      }
    ).exports['.'],
    './dist/runtime.js',
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const packaged = require(entry) as {
    loadPrompt: typeof loadPrompt;
    guardOutput: unknown;
    toOpenAIMessages: (messages: unknown) => unknown;
  };
  const fromPackage = await packaged.loadPrompt('greet', { root: r.ws.dir });
  assert.equal(fromPackage.source, V1);
  assert.deepEqual(packaged.toOpenAIMessages(await fromPackage.render({ name: 'Ada' })), [
    { role: 'user', content: 'Say hello to Ada.' },
  ]);
  assert.equal(typeof packaged.guardOutput, 'function');
  await assert.rejects(
    loadPrompt('nope', { root: r.ws.dir }),
    /no labelled prompt 'nope' in the registry \(labelled: prompts\/greet\.prompt\)/,
  );
  await assert.rejects(
    loadPrompt('greet', { root: r.ws.dir, label: 'canary' }),
    /has no label 'canary' \(labels: production\)/,
  );
});

test('a label pins the partials too: the gate judges them at the commit, loadPrompt renders them as labelled, rollback restores them', async (t) => {
  const r = await repo(t);
  const withPartial = V1.replace('Say hello to {{name}}.', '{{> tone}}Say hello to {{name}}.');
  fs.writeFileSync(r.prompt, withPartial);
  fs.writeFileSync(r.ws.file('prompts/_tone.prompt'), 'Kindly. ');
  const v1 = r.commit('v1 with a partial');
  await r.evaluate();
  r.commit('v1 results');
  const first = await labelPrompt(r.prompt, 'production', { ...r.context, rev: v1 });
  const pinned = readRegistry(r.ws.dir).prompts['prompts/greet.prompt']?.labels.production
    ?.partials;
  assert.deepEqual(Object.keys(pinned ?? {}), ['tone']);
  assert.equal(
    fs.readFileSync(r.ws.file(`.promptops/versions/${pinned?.tone}.prompt`), 'utf8'),
    'Kindly. ',
  );
  assert.deepEqual(first.move?.partials, pinned);
  // The partial changes in a commit of its own; its results were not re-run: the gate says so.
  fs.writeFileSync(r.ws.file('prompts/_tone.prompt'), 'Briskly. ');
  const v2 = r.commit('a brisker tone');
  await assert.rejects(
    labelPrompt(r.prompt, 'staging', { ...r.context, rev: v2 }),
    /results are stale: the partial 'tone' changed/,
  );
  await r.evaluate();
  r.commit('v2 results');
  await labelPrompt(r.prompt, 'production', r.context);
  const text = async () =>
    (await (await loadPrompt('greet', { root: r.ws.dir })).render({ name: 'Ada' }))
      .at(-1)
      ?.content.map((p) => ('text' in p ? p.text : ''))
      .join('')
      .trim();
  assert.equal(await text(), 'Briskly. Say hello to Ada.');
  rollbackPrompt(r.prompt, r.context);
  // Rolled back, with the working copy's partial changed again and no repository: the labelled partial.
  fs.writeFileSync(r.ws.file('prompts/_tone.prompt'), 'Loudly. ');
  fs.rmSync(r.ws.file('.git'), { recursive: true, force: true });
  assert.equal(await text(), 'Kindly. Say hello to Ada.');
});

test('a registry edited into nonsense gives a clear error and is never overwritten; bad labels and revisions are refused', async (t) => {
  const r = await repo(t);
  r.commit('v1');
  await r.evaluate();
  for (const [text, message] of [
    ['version: 1\nprompts: [', /promptops\.registry\.yaml:\d+: not valid YAML/],
    [
      'version: 2\nprompts: {}\n',
      /promptops\.registry\.yaml: version: .*; fix it or restore it from git/,
    ],
    [
      'version: 1\nprompts:\n  a.prompt:\n    labels:\n      production: { rev: zz, sha256: x }\n    history: []\n',
      /prompts\.a\.prompt\.labels\.production\.rev: expected a full hex commit id/,
    ],
  ] as const) {
    fs.writeFileSync(r.ws.file(REGISTRY_FILE), text);
    await assert.rejects(
      labelPrompt(r.prompt, 'production', r.context),
      (error: unknown) => error instanceof RegistryError && message.test(error.message),
    );
    assert.equal(fs.readFileSync(r.ws.file(REGISTRY_FILE), 'utf8'), text, 'left as it was');
  }
  fs.rmSync(r.ws.file(REGISTRY_FILE));
  assert.throws(() =>
    writeRegistry(r.ws.dir, {
      version: 1,
      prompts: {
        'a.prompt': { labels: { production: { rev: 'nope', sha256: 'x' } }, history: [] },
      },
    }),
  );
  assert.equal(
    fs.existsSync(r.ws.file(REGISTRY_FILE)),
    false,
    'an invalid registry is never written',
  );
  assert.deepEqual(parseRegistry(''), { version: 1, prompts: {} });
  await assert.rejects(
    labelPrompt(r.prompt, 'prod uction', r.context),
    /'prod uction' is not a label name/,
  );
  await assert.rejects(
    labelPrompt(r.prompt, 'production', { ...r.context, rev: 'no-such-branch' }),
    /'no-such-branch' is not a git revision/,
  );
  fs.rmSync(r.ws.file('.git'), { recursive: true, force: true });
  await assert.rejects(
    labelPrompt(r.prompt, 'production', r.context),
    /is not in a git repository: labels point at git commits/,
  );
});

test('promptops label / rollback / show from the command line, with exit codes', async (t) => {
  const r = await repo(t);
  const v1 = r.commit('v1');
  const refused = await runCli(r.ws.dir, ['label', 'prompts/greet.prompt', 'production']);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /refusing to label prompts\/greet\.prompt@[0-9a-f]{7} 'production':\n {2}- no results/,
  );
  await r.evaluate();
  const labelled = await runCli(r.ws.dir, ['label', 'prompts/greet.prompt', 'production']);
  assert.equal(labelled.code, 0, labelled.stderr);
  assert.match(
    labelled.stdout,
    new RegExp(
      `prompts/greet\\.prompt: 'production' → ${v1.slice(0, 7)} \\(results: 100% pass, \\.promptops/results/prompts/greet\\.json\\); recorded in promptops\\.registry\\.yaml`,
    ),
  );
  fs.writeFileSync(r.prompt, V2);
  const v2 = r.commit('v2');
  const forced = await runCli(r.ws.dir, [
    'label',
    'prompts/greet.prompt',
    'production',
    '--rev',
    v2.slice(0, 10),
    '--force',
  ]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stderr, /forced past:\n {2}- results are stale: the prompt changed/);
  assert.equal((await runCli(r.ws.dir, ['show', 'prompts/greet.prompt'])).stdout, V2.trimEnd());
  assert.equal(
    (await runCli(r.ws.dir, ['show', 'prompts/greet.prompt', '--rev', v1])).stdout,
    V1.trimEnd(),
  );
  const back = await runCli(r.ws.dir, ['rollback', 'prompts/greet.prompt']);
  assert.equal(back.code, 0, back.stderr);
  assert.match(
    back.stdout,
    new RegExp(`'production' rolled back ${v2.slice(0, 7)} → ${v1.slice(0, 7)}`),
  );
  assert.equal(
    (await runCli(r.ws.dir, ['show', 'prompts/greet.prompt', '--label', 'production'])).stdout,
    V1.trimEnd(),
  );
  const none = await runCli(r.ws.dir, ['show', 'prompts/greet.prompt', '--label', 'staging']);
  assert.deepEqual(
    [none.code, none.stderr],
    [2, "promptops show: prompts/greet.prompt has no label 'staging'"],
  );
  const missing = await runCli(r.ws.dir, ['label', 'prompts/nope.prompt', 'production']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /prompts\/nope\.prompt does not exist/);
});

test('updateRegistry: moves from several processes at once all land (the lock), and a stale lock is taken over', async (t) => {
  const ws = workspace({});
  t.after(ws.cleanup);
  const module = path.join(REPO, 'out', 'src', 'core', 'registry', 'registry.js');
  // Each child records 25 moves of its own label, each a read-change-write of the whole file.
  const child = (name: string) =>
    new Promise<number>((resolve, reject) => {
      const script = `const { updateRegistry } = require(${JSON.stringify(module)});
        for (let i = 0; i < 25; i++) updateRegistry(process.argv[1], (r) => {
          const e = (r.prompts['p.prompt'] ??= { labels: {}, history: [] });
          const rev = (i.toString(16) + '${name}').padStart(40, 'a');
          e.labels['${name}'] = { rev, sha256: 'b'.repeat(64) };
          e.history.push({ label: '${name}', action: 'label', from: null, to: rev, sha256: 'b'.repeat(64), by: 'test', at: new Date().toISOString() });
        });`;
      const spawned = spawn(process.execPath, ['-e', script, ws.dir], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      spawned.stderr.on('data', (d) => (stderr += d));
      spawned.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(stderr))));
    });
  await Promise.all(['a1', 'b2', 'c3', 'd4'].map(child));
  const entry = readRegistry(ws.dir).prompts['p.prompt'];
  assert.equal(entry?.history.length, 100, 'no move lost');
  assert.deepEqual(Object.keys(entry?.labels ?? {}).sort(), ['a1', 'b2', 'c3', 'd4']);
  assert.equal(fs.existsSync(path.join(ws.dir, REGISTRY_LOCK)), false, 'the lock is released');
  // A lock left by a killed process (older than the few milliseconds a move takes) does not block.
  fs.writeFileSync(path.join(ws.dir, REGISTRY_LOCK), '999999 long ago\n');
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(ws.dir, REGISTRY_LOCK), old, old);
  updateRegistry(ws.dir, (r) => void delete r.prompts['p.prompt']);
  assert.deepEqual(readRegistry(ws.dir).prompts, {});
  // A change that throws writes nothing and releases the lock.
  assert.throws(
    () =>
      updateRegistry(ws.dir, () => {
        throw new RegistryError('no');
      }),
    RegistryError,
  );
  assert.equal(fs.existsSync(path.join(ws.dir, REGISTRY_LOCK)), false);
});

test('updateRegistry gives up with a clear error when one holder keeps the lock (not stale) too long', (t) => {
  const ws = workspace({});
  t.after(ws.cleanup);
  fs.mkdirSync(ws.file('.promptops'), { recursive: true });
  fs.writeFileSync(path.join(ws.dir, REGISTRY_LOCK), `${process.pid} now\n`);
  const started = Date.now();
  assert.throws(
    () => updateRegistry(ws.dir, () => undefined),
    /promptops\.registry\.yaml is being written by another PromptOps command/,
  );
  assert.ok(Date.now() - started >= 5_000, 'it waited for the holder first');
  assert.ok(
    fs.existsSync(path.join(ws.dir, REGISTRY_LOCK)),
    "another command's lock is left alone",
  );
});
