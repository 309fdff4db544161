import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { lastUserText, startFakeOpenAI } from '../../support/openai-server';
import { gitRepo, runCli, workspace } from '../helpers';

// The workspace is a folder of a larger repository (VS Code opened on it, or the CLI run from it,
// as CI does with examples/): git paths must be taken relative to it, not to the repository's top.
test('versions, baselines and labels work in a workspace that is a folder of the repository', async (t) => {
  const failing = new Set<string>();
  const server = await startFakeOpenAI((request) => {
    const who = lastUserText(request.body).trim();
    return { text: failing.has(who) ? 'no' : `Hello ${who}` };
  });
  const PROMPT = '---\nmodel: local/m\ninput:\n  schema:\n    name: string\n---\n{{name}}\n';
  const ws = workspace({
    'README.md': 'the repository top\n',
    'prompts/promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    'prompts/p.prompt': PROMPT,
    'prompts/p.fixtures.yaml':
      'cases:\n' +
      ['Ada', 'Bob']
        .map(
          (n) =>
            `  - id: ${n.toLowerCase()}\n    input: { name: ${n} }\n    assert:\n      - type: contains\n        value: Hello\n`,
        )
        .join(''),
  });
  t.after(async () => {
    await server.close();
    ws.cleanup();
  });
  const dir = ws.file('prompts');
  const { commit } = gitRepo(ws.dir);
  assert.equal((await runCli(dir, ['eval', '--no-cache'])).code, 0);
  const v1 = commit('v1 with results');

  // The gate against a git baseline finds the committed results and sees the regression.
  failing.add('Bob');
  await runCli(dir, ['eval', '--no-cache']);
  const gate = await runCli(dir, ['check', '--baseline', 'HEAD', '--no-lint']);
  assert.equal(gate.code, 1);
  assert.match(gate.stdout, /regression: passed in the baseline, fails now: bob/);
  const typo = await runCli(dir, ['check', '--baseline', 'origin/mian']);
  assert.deepEqual(
    [typo.code, typo.stderr],
    [2, 'promptops check: --baseline origin/mian is neither a folder nor a git revision here'],
  );

  // Versions: show, compare and labels read the prompt at a revision.
  fs.writeFileSync(ws.file('prompts/p.prompt'), PROMPT.replace('{{name}}', 'Hi {{name}}'));
  assert.equal((await runCli(dir, ['show', 'p.prompt', '--rev', 'HEAD'])).stdout, PROMPT.trimEnd());
  const compared = await runCli(dir, [
    'compare',
    'p.prompt',
    '--a',
    'HEAD',
    '--b',
    'working',
    '--format',
    'json',
  ]);
  assert.equal(compared.code, 0, compared.stderr);
  assert.equal(JSON.parse(compared.stdout).cases.length, 2);
  // v1's results were committed with it: they vouch for v1 (the working copy's now fail).
  const labelled = await runCli(dir, ['label', 'p.prompt', 'production', '--rev', v1]);
  assert.equal(labelled.code, 0, labelled.stderr);
  assert.match(
    labelled.stdout,
    new RegExp(`\\(results: 100% pass, \\.promptops/results/p\\.json at ${v1.slice(0, 7)}\\)`),
  );
  assert.equal((await runCli(dir, ['show', 'p.prompt'])).stdout, PROMPT.trimEnd());
  assert.ok(
    fs.existsSync(ws.file('prompts/promptops.registry.yaml')),
    'the registry is the workspace’s, beside its config',
  );
});
