import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readArtifact } from '../../../src/core/eval/artifact';
import { startFakeOpenAI } from '../../support/openai-server';
import { runCli, workspace } from '../helpers';
import { check, graderAgainst, graderText } from './helpers';

const caseInfo = { id: 'ca', input: { state: 'California' } };

test('factuality: categories A, B, C, E pass and D fails; the grader sees output and reference', async (t) => {
  let category = 'B';
  const g = await graderAgainst(() => ({
    text: JSON.stringify({ category, reason: 'adds detail' }),
  }));
  t.after(g.close);
  const spec = { type: 'factuality', value: 'Sacramento is the capital of California' };
  const pass = await check(spec, 'Sacramento, since 1854.', {
    gradeWith: g.gradeWith,
    case: caseInfo,
  });
  assert.deepEqual([pass.pass, pass.reason], [true, 'grader: (B) adds detail']);
  const sent = graderText(g.server);
  assert.match(sent, /\[Expert\]: Sacramento is the capital of California/);
  assert.match(sent, /\[Submission\]: Sacramento, since 1854\./);
  assert.match(sent, /\[Input\]: \{"state":"California"\}/);
  category = 'D';
  const fail = await check(spec, 'Los Angeles', { gradeWith: g.gradeWith, case: caseInfo });
  assert.deepEqual([fail.pass, fail.reason], [false, 'grader: (D) adds detail']);
});

test('factuality without a grader model, or with a nonsense answer, is an assertion error', async (t) => {
  const none = await check({ type: 'factuality', value: 'x' }, 'y');
  assert.match(none.reason, /no grader model: set eval.graderModel/);
  const g = await graderAgainst(() => ({ text: '{"category":"Z","reason":"?"}' }));
  t.after(g.close);
  const odd = await check({ type: 'factuality', value: 'x' }, 'y', { gradeWith: g.gradeWith });
  assert.match(odd.reason, /the grader answered category 'Z'/);
});

test('a workspace overrides a grader prompt by name in .promptops/graders', async (t) => {
  const ws = workspace({
    '.promptops/graders/factuality.prompt':
      '---\noutput:\n  format: json\n  schema:\n    category: string\n    reason: string\n---\nOUR OWN GRADER {{reference}} / {{output}}',
  });
  const g = await graderAgainst(() => ({ text: '{"category":"A","reason":"ok"}' }), ws.dir);
  t.after(async () => {
    await g.close();
    ws.cleanup();
  });
  const r = await check({ type: 'factuality', value: 'ref' }, 'out', { gradeWith: g.gradeWith });
  assert.equal(r.pass, true);
  assert.equal(graderText(g.server), 'OUR OWN GRADER ref / out');
});

test('promptops eval with eval.graderModel: the grader reason lands in the artifact', async (t) => {
  const server = await startFakeOpenAI((request) =>
    request.body.model === 'grader'
      ? { text: '{"category":"D","reason":"the capital is Sacramento"}' }
      : { text: 'Los Angeles' },
  );
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\neval:\n  graderModel: local/grader\n`,
    'capital.prompt': '---\nmodel: local/tiny\n---\nCapital of {{state}}?',
    'capital.fixtures.yaml':
      'cases:\n  - id: ca\n    input: { state: California }\n    assert:\n      - { type: factuality, value: Sacramento is the capital of California }\n',
  });
  t.after(async () => {
    await server.close();
    ws.cleanup();
  });
  const r = await runCli(ws.dir, ['eval']);
  assert.equal(r.code, 1, r.stderr);
  const [result] = readArtifact(ws.file('.promptops/results/capital.json')).cases;
  assert.equal(result?.status, 'fail');
  assert.equal(result?.assertions[0]?.reason, 'grader: (D) the capital is Sacramento');
});
