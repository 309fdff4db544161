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

test('PO311 warns of guard-passes on a prompt without promptops.guard', async () => {
  const fixtures =
    'cases:\n  - id: a\n    input: { name: x }\n    assert:\n      - type: guard-passes\n';
  assert.deepEqual(await problems(fixtures), [
    [
      'PO311',
      '`guard-passes` on a prompt without promptops.guard: it can never pass.',
      4,
      'warning',
    ],
  ]);
  const guarded =
    '---\ninput:\n  schema:\n    name: string\npromptops.guard: { maxChars: 500 }\n---\nHello {{name}}';
  assert.deepEqual(await problems(fixtures, { prompt: guarded }), []);
});
