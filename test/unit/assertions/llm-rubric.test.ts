import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('llm-rubric needs a grader model, and applies its threshold to the score', async () => {
  assert.match((await verdict({ type: 'llm-rubric', value: 'polite' }, 'x'))[1], /no grader model/);
  const graded = await verdict({ type: 'llm-rubric', value: 'polite', threshold: 0.8 }, 'x', {
    grade: async () => ({ pass: true, score: 0.7, reason: 'mostly polite' }),
  });
  assert.deepEqual(graded, [false, 'grader: mostly polite (score 0.70, threshold 0.8)']);
});
