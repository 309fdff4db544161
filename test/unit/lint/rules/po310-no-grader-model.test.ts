import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintFixtures } from '../../../../src/core/lint/linter';
import { workspace } from '../helpers';

const PROMPT = '---\ninput:\n  schema:\n    name: string\n---\nHello {{name}}';

async function problems(
  fixtures: string,
  options: { graderModel?: string | null; prompt?: string; files?: Record<string, string> } = {},
) {
  const ws = workspace({
    'p.prompt': options.prompt ?? PROMPT,
    'p.fixtures.yaml': fixtures,
    ...options.files,
  });
  try {
    const found = await lintFixtures(fixtures, ws.file('p.fixtures.yaml'), {
      ...(options.graderModel !== undefined ? { graderModel: options.graderModel } : {}),
    });
    return found.map((p) => [p.code, p.message, p.range.start.line, p.severity]);
  } finally {
    ws.cleanup();
  }
}

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
