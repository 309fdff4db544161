import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixtureFindings as problems } from '../helpers';

test('PO310 warns of model-graded assertions without a grader model, only when none is configured', async () => {
  const fixtures =
    'cases:\n  - id: a\n    input: { name: x }\n    assert:\n      - { type: llm-rubric, value: is polite }\n';
  assert.deepEqual(await problems(fixtures, { graderModel: null }), [
    [
      'PO310',
      '`llm-rubric` needs a grader model: set eval.graderModel in promptops.config.yaml.',
      4,
      'warning',
    ],
  ]);
  assert.deepEqual(await problems(fixtures, { graderModel: 'openai/gpt-4o-mini' }), []);
  assert.deepEqual(await problems(fixtures), [], 'unknown configuration: no warning');
});
