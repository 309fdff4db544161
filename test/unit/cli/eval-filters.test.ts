import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readArtifact } from '../../../src/core/eval/artifact';
import { lastUserText, startFakeOpenAI, type Handler } from '../../support/openai-server';
import { runCli, workspace } from '../helpers';

// The minimal shapes of issue 17, exactly as written there.
const ISSUE_FIXTURES = `cases:
  - { id: a, input: { name: Ada }, tags: [smoke], assert: [{ type: contains-any, value: [HELLO, HI] }] }
  - { id: b, input: { name: Ada }, assert: [{ type: levenshtein, value: "Hello Ada", threshold: 2 }] }
  - { id: c, input: { name: Ada }, assert: [{ type: javascript, value: "output.includes('Ada')" }] }
  - { id: d, input: { name: Ada }, assert: [{ type: javascript, value: "file://checks/polite.js" }] }
`;

async function project(handler: Handler, fixtures: Record<string, string>) {
  const server = await startFakeOpenAI(handler);
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    'prompts/greet.prompt':
      '---\nmodel: local/tiny\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}',
    ...fixtures,
  });
  return {
    ws,
    server,
    cleanup: async () => {
      await server.close();
      ws.cleanup();
    },
  };
}

const polite =
  'module.exports = (output) => ({ pass: /hello|hi/i.test(output), score: 1, reason: "greets" });';

test('the issue 17 minimal shapes run as written: lists, levenshtein, inline and file javascript', async (t) => {
  let answer = 'Hello Ada';
  const p = await project(() => ({ text: answer }), {
    'prompts/greet.fixtures.yaml': ISSUE_FIXTURES,
    'prompts/checks/polite.js': polite,
  });
  t.after(p.cleanup);
  const outcomes = async () => {
    const { code, stderr } = await runCli(p.ws.dir, ['eval', '--no-cache']);
    assert.equal(code, 1, stderr);
    const artifact = readArtifact(p.ws.file('.promptops/results/prompts/greet.json'));
    return artifact.cases.map((c) => [c.id, c.status, c.assertions[0]?.reason]);
  };
  // contains-any is case-sensitive, as in promptfoo.
  assert.deepEqual(await outcomes(), [
    ['a', 'fail', 'output contains none of "HELLO", "HI"'],
    ['b', 'pass', 'edit distance 0 ≤ 2'],
    ['c', 'pass', 'the check returned true'],
    ['d', 'pass', 'greets'],
  ]);
  answer = 'HI Ada';
  assert.deepEqual(await outcomes(), [
    ['a', 'pass', 'output contains "HI"'],
    ['b', 'fail', 'edit distance 4 > 2'],
    ['c', 'pass', 'the check returned true'],
    ['d', 'pass', 'greets'],
  ]);
});

test('--tag and --exclude-tag (repeatable) run only the matching cases', async (t) => {
  const p = await project(
    (request) => ({ text: `Hello ${lastUserText(request.body).slice(13)}` }),
    {
      'prompts/greet.fixtures.yaml':
        'cases:\n  - { id: a, input: { name: a }, tags: [smoke], assert: [{ type: contains, value: Hello }] }\n  - { id: b, input: { name: b }, tags: [slow], assert: [{ type: contains, value: Hello }] }\n  - { id: c, input: { name: c }, tags: [smoke, slow], assert: [{ type: contains, value: Hello }] }\n  - { id: d, input: { name: d }, assert: [{ type: contains, value: Hello }] }\n',
    },
  );
  t.after(p.cleanup);
  // The cases a run sent (a subset run folds into the prompt's artifact, so ask the server).
  const ids = async (args: string[]) => {
    const before = p.server.requests.length;
    const r = await runCli(p.ws.dir, ['eval', '--json', '--no-cache', ...args]);
    assert.equal(r.code, 0, r.stderr);
    return p.server.requests
      .slice(before)
      .map((q) => lastUserText(q.body).slice(13))
      .sort();
  };
  assert.deepEqual(await ids(['--tag', 'smoke']), ['a', 'c']);
  assert.deepEqual(await ids(['--exclude-tag', 'slow']), ['a', 'd']);
  assert.deepEqual(await ids(['--tag', 'smoke', '--exclude-tag', 'slow']), ['a']);
  assert.deepEqual(await ids(['--tag', 'smoke', '--tag', 'slow']), ['a', 'b', 'c']);
  assert.deepEqual(await ids(['--tag', 'smoke', '--case', 'c']), ['c']);
  const none = await runCli(p.ws.dir, ['eval', '--tag', 'nope']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /skipped, no case tagged nope/);
  assert.match(none.stderr, /no case matches the --tag/);
});

test('--failed re-runs only the cases that failed or errored last time', async (t) => {
  let fixed = false;
  const p = await project(
    (request) => {
      const name = lastUserText(request.body).slice(13).trim();
      if (name === 'Bob' && !fixed) return { status: 400, body: { error: { message: 'bad' } } };
      return { text: fixed || name !== 'Grace' ? `Hello ${name}` : 'Hi' };
    },
    {
      'prompts/greet.fixtures.yaml':
        'cases:\n  - { id: ada, input: { name: Ada }, assert: [{ type: contains, value: Ada }] }\n  - { id: grace, input: { name: Grace }, assert: [{ type: contains, value: Grace }] }\n  - { id: bob, input: { name: Bob }, assert: [{ type: contains, value: Bob }] }\n',
    },
  );
  t.after(p.cleanup);
  const first = await runCli(p.ws.dir, ['eval']);
  assert.equal(first.code, 1);
  const before = p.server.requests.length;
  fixed = true;
  const again = await runCli(p.ws.dir, ['eval', '--failed', '--no-cache']);
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.equal(p.server.requests.length - before, 2, 'only grace and bob were sent');
  const rerun = p.server.requests
    .slice(before)
    .map((r) => lastUserText(r.body))
    .sort();
  assert.deepEqual(rerun, ['Say hello to Bob', 'Say hello to Grace']);
});

test('--failed with nothing failed says so and exits 0', async (t) => {
  const p = await project(() => ({ text: 'Hello Ada' }), {
    'prompts/greet.fixtures.yaml':
      'cases:\n  - { id: ada, input: { name: Ada }, assert: [{ type: contains, value: Ada }] }\n',
  });
  t.after(p.cleanup);
  const noResults = await runCli(p.ws.dir, ['eval', '--failed']);
  assert.equal(noResults.code, 0);
  assert.match(noResults.stderr, /skipped, no earlier results/);
  assert.equal((await runCli(p.ws.dir, ['eval'])).code, 0);
  const clean = await runCli(p.ws.dir, ['eval', '--failed']);
  assert.equal(clean.code, 0);
  assert.match(clean.stderr, /Nothing to re-run/);
});
