import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixtureProblems, FIXTURE_PROMPT } from '../helpers';

test('PO308 warns of a pattern that backtracks badly; PO305 rejects what RE2 cannot run (lookaround)', async () => {
  const problems = await fixtureProblems(
    FIXTURE_PROMPT,
    "cases:\n  - id: a\n    input: { subject: s }\n    assert:\n      - type: regex\n        value: '(A+)+$'\n      - type: regex\n        value: '^A+$'\n      - type: regex\n        value: '(?=a)b'\n",
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.range.start.line]),
    [
      ['PO308', 5],
      ['PO305', 9],
    ],
  );
  const redos = problems.find((p) => p.code === 'PO308');
  assert.match(redos?.message ?? '', /can backtrack exponentially/);
});
