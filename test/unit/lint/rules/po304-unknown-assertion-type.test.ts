import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, codes, fixtureProblems, FIXTURE_PROMPT } from '../helpers';

test('PO304 unknown assertion type with a rename fix; negated types are known', async () => {
  const text =
    'cases:\n  - id: a\n    input: { subject: s }\n    assert:\n      - type: contain\n        value: x\n      - type: not-regex\n        value: a\n      - type: not-icontains\n        value: b\n';
  const problems = await fixtureProblems(FIXTURE_PROMPT, text);
  assert.deepEqual(codes(problems), ['PO304']);
  assert.match(problems[0]?.message ?? '', /did you mean 'contains'\?/);
  assert.match(applyEdits(text, problems[0]?.fixes[0]?.edits ?? []), /- type: contains\n/);
});
