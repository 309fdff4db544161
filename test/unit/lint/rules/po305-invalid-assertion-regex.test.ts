import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixtureProblems, FIXTURE_PROMPT } from '../helpers';

test('PO305 invalid regex', async () => {
  const problems = await fixtureProblems(
    FIXTURE_PROMPT,
    "cases:\n  - id: a\n    input: { subject: s }\n    assert:\n      - type: regex\n        value: '[0-9'\n      - type: regex\n        value: '^ok$'\n",
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.range.start.line]),
    [['PO305', 5]],
  );
  assert.match(problems[0]?.message ?? '', /missing closing \]/);
});
