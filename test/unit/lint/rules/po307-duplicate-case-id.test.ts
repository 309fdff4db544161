import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixtureProblems, FIXTURE_PROMPT } from '../helpers';

test('PO307 duplicate case ids', async () => {
  const problems = await fixtureProblems(
    FIXTURE_PROMPT,
    'cases:\n  - id: a\n    input: { subject: s }\n  - id: a\n    input: { subject: t }\n',
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.message, p.range.start.line]),
    [['PO307', "Case id 'a' is already used by case #1.", 3]],
  );
});
