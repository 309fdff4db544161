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

test('PO305 invalid regex', async () => {
  const problems = await fixtureProblems(
    PROMPT,
    "cases:\n  - id: a\n    input: { subject: s }\n    assert:\n      - type: regex\n        value: '[0-9'\n      - type: regex\n        value: '^ok$'\n",
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.range.start.line]),
    [['PO305', 5]],
  );
  assert.match(problems[0]?.message ?? '', /missing closing \]/);
});
