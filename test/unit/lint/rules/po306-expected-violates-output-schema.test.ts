import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixtureProblems, FIXTURE_PROMPT } from '../helpers';

test('PO306 expected JSON values are checked against the output schema', async () => {
  const problems = await fixtureProblems(
    FIXTURE_PROMPT,
    `cases:
  - id: a
    input: { subject: s }
    assert:
      - type: json-path
        path: $.category
        value: invoices
      - type: json-path
        path: $.category
        value: billing
      - type: json-path
        path: $.priority
        value: high
      - type: equals
        value: { category: bug, score: "high" }
`,
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.message]),
    [
      [
        'PO306',
        'Expected value violates the output schema: value must be one of "billing", "bug".',
      ],
      ['PO306', "'priority' is not a field of the output schema."],
      ['PO306', 'Expected value violates the output schema: score must be number.'],
    ],
  );
});
