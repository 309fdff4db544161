import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  describePreflightProblem,
  preflightProblems,
  summarizePreflightProblems,
} from '../../../src/core/eval/preflight-problems';
import { workspace } from '../helpers';

const PROMPT =
  '---\nmodel: local/tiny\ninput:\n  schema:\n    text: string\n    tone: string\n---\nSay {{text}} in a {{tone}} tone.';
// A fake key of the shape the secret detector knows (sk-… of OpenAI).
const SECRET = 'sk-proj-' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0';

const FIXTURES = [
  'cases:',
  '  - id: good',
  '    input: { text: hi, tone: calm }',
  '    assert:',
  '      - type: contains',
  '        value: hi',
  '  - id: no-tone',
  '    input: { text: hi }',
  '    assert: []',
  '  - id: typo',
  '    input: { text: hi, tone: calm }',
  '    assert:',
  '      - type: contians',
  '        value: hi',
  '  - id: leaky',
  `    input: { text: "${SECRET}", tone: calm }`,
  '    assert: []',
  '',
].join('\n');

test('preflightProblems names the cases with lint errors and those privacy blocks, and only those', async (t) => {
  const ws = workspace({ 'p.prompt': PROMPT, 'p.fixtures.yaml': FIXTURES });
  t.after(ws.cleanup);
  const problems = await preflightProblems([{ promptFile: ws.file('p.prompt'), root: ws.dir }]);
  const byCase = (id: string) => problems.filter((p) => p.caseId === id);
  assert.deepEqual(byCase('good'), []);
  assert.match(
    byCase('no-tone')
      .map((p) => p.message)
      .join('\n'),
    /tone/,
  );
  assert.ok(byCase('no-tone').every((p) => !p.notSent));
  assert.match(
    byCase('typo')
      .map((p) => p.message)
      .join('\n'),
    /contians.*contains/,
  );
  const leaky = byCase('leaky').find((p) => p.notSent);
  assert.ok(leaky, JSON.stringify(problems));
  assert.match(leaky.message, /^not sent: .*privacy policy blocks it/);
  assert.equal(leaky.line, 14);
  assert.ok(
    problems.every((p) => p.caseId !== undefined),
    JSON.stringify(problems),
  );
  assert.match(describePreflightProblem(leaky), /^case 'leaky': not sent: /);
  // A lint message that names its case already is not prefixed twice.
  const missing = byCase('no-tone')[0];
  assert.ok(missing);
  assert.equal(
    describePreflightProblem(missing),
    "case 'no-tone': input is missing required 'tone'. (PO301)",
  );
});

test('preflightProblems checks only the chosen cases, and the privacy policy of the target', async (t) => {
  const ws = workspace({ 'p.prompt': PROMPT, 'p.fixtures.yaml': FIXTURES });
  t.after(ws.cleanup);
  const only = await preflightProblems([
    { promptFile: ws.file('p.prompt'), root: ws.dir, caseIds: ['good', 'leaky'] },
  ]);
  // The secret is both a lint error of the fixture file (PO410) and a request privacy blocks.
  assert.deepEqual([...new Set(only.map((p) => p.caseId))], ['leaky']);
  assert.deepEqual(
    only.map((p) => p.notSent),
    [false, true],
  );
  const warned = await preflightProblems([
    {
      promptFile: ws.file('p.prompt'),
      root: ws.dir,
      caseIds: ['leaky'],
      privacy: { secrets: 'warn', pii: 'warn' },
    },
  ]);
  assert.deepEqual(
    warned.map((p) => p.message.replace(/:.*/, '')),
    ['OpenAI API key in a fixture file'],
  );
});

test('preflightProblems reports a secret in the prompt itself for every case it would block', async (t) => {
  const ws = workspace({
    'p.prompt': `---\nmodel: local/tiny\ninput:\n  schema:\n    text: string\n---\nKey ${SECRET}. Say {{text}}.`,
    'p.fixtures.yaml':
      'cases:\n  - id: a\n    input: { text: hi }\n  - id: b\n    input: { text: yo }\n',
  });
  t.after(ws.cleanup);
  const problems = await preflightProblems([{ promptFile: ws.file('p.prompt'), root: ws.dir }]);
  assert.deepEqual(
    problems.filter((p) => p.notSent).map((p) => p.caseId),
    ['a', 'b'],
  );
});

test('summarizePreflightProblems names the cases not sent and why, then those with lint errors', async (t) => {
  const ws = workspace({ 'p.prompt': PROMPT, 'p.fixtures.yaml': FIXTURES });
  t.after(ws.cleanup);
  const problems = await preflightProblems([{ promptFile: ws.file('p.prompt'), root: ws.dir }]);
  assert.equal(
    summarizePreflightProblems(problems),
    '1 case will not be sent (leaky): an OpenAI API key in message 1 (user); the privacy policy blocks it. ' +
      "Cases with lint errors: no-tone, typo, leaky (case 'no-tone': input is missing required 'tone'. (PO301) …).",
  );
  assert.equal(summarizePreflightProblems([]), '');
});
