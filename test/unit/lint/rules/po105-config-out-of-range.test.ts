import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promptProblems } from '../helpers';

test('PO105 config out of range', async () => {
  const problems = await promptProblems(
    '---\nconfig:\n  temperature: 7\n  topP: 0.5\n  maxOutputTokens: 1.5\n  presencePenalty: -3\n---\nhi',
  );
  assert.deepEqual(
    problems.map((p) => p.message),
    [
      'config.temperature is 7; it must be a number ≥ 0 ≤ 2.',
      'config.maxOutputTokens is 1.5; it must be an integer ≥ 1.',
      'config.presencePenalty is -3; it must be a number ≥ -2 ≤ 2.',
    ],
  );
  assert.deepEqual(
    await promptProblems(
      '---\nconfig: { temperature: 2, topP: 1, topK: 40, maxOutputTokens: 100 }\n---\nhi',
    ),
    [],
  );
});
