import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, graderAgainst, graderText } from './helpers';

test('g-eval: criteria and steps go to the grader; its 0–10 score over 10 meets threshold 0.7', async (t) => {
  let score = 8;
  const g = await graderAgainst(() => ({ text: JSON.stringify({ score, reason: 'clear' }) }));
  t.after(g.close);
  const spec = {
    type: 'g-eval',
    value: 'The answer is clear',
    steps: ['Read it', 'Judge clarity'],
  };
  const good = await check(spec, 'Short and clear.', { gradeWith: g.gradeWith });
  assert.deepEqual([good.pass, good.score], [true, 0.8]);
  const sent = graderText(g.server);
  assert.match(sent, /Follow these evaluation steps:\nRead it\nJudge clarity/);
  assert.match(sent, /\[Criteria\]: The answer is clear/);
  score = 5;
  assert.equal((await check(spec, 'Rambling', { gradeWith: g.gradeWith })).pass, false);
});
