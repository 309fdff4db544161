import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixtureProblems } from '../helpers';

const PROMPT = `---
input:
  schema:
    subject: string
    plan?(enum): [free, pro]
    count?: integer
  default:
    count: 1
output:
  format: json
  schema:
    category(enum): [billing, bug]
    score: number
---
{{subject}} {{plan}} {{count}}`;

test('PO306 expected JSON values are checked against the output schema', async () => {
  const problems = await fixtureProblems(
    PROMPT,
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
