import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixtureFindings as problems } from '../helpers';

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
