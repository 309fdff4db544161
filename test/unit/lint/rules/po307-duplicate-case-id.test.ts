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

test('PO307 duplicate case ids', async () => {
  const problems = await fixtureProblems(
    PROMPT,
    'cases:\n  - id: a\n    input: { subject: s }\n  - id: a\n    input: { subject: t }\n',
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.message, p.range.start.line]),
    [['PO307', "Case id 'a' is already used by case #1.", 3]],
  );
});
