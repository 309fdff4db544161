import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, graderAgainst, graderText } from './helpers';

test('model-graded-closedqa passes on the grader verdict Y and fails on N', async (t) => {
  let verdict = 'Y';
  const g = await graderAgainst(() => ({
    text: JSON.stringify({ verdict, reason: 'it is polite' }),
  }));
  t.after(g.close);
  const spec = { type: 'model-graded-closedqa', value: 'is polite' };
  const yes = await check(spec, 'Thank you!', { gradeWith: g.gradeWith });
  assert.deepEqual([yes.pass, yes.reason], [true, 'grader: it is polite']);
  assert.match(graderText(g.server), /\[Criterion\]: is polite/);
  verdict = 'N';
  assert.equal((await check(spec, 'Go away', { gradeWith: g.gradeWith })).pass, false);
});
