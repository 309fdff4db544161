import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintPrompt } from '../../../../src/core/lint/linter';
import { applyEdits, codes, promptProblems, workspace } from '../helpers';

const SCHEMA = `---
model: openai/gpt-4o-mini
input:
  schema:
    customer: string, who wrote
    tier?(enum): [free, pro]
    docs(array):
      title: string
---
`;

test('PO202 unused input, counting uses in partials; the fix removes the entry', async (t) => {
  const ws = workspace({
    'a.prompt': `${SCHEMA}{{customer}} {{> footer}}`,
    '_footer.prompt': '{{#each docs}}{{title}}{{/each}}',
  });
  t.after(ws.cleanup);
  const text = `${SCHEMA}{{customer}} {{> footer}}`;
  const problems = (await lintPrompt(text, ws.file('a.prompt'))).filter((p) => p.code === 'PO202');
  assert.deepEqual(
    problems.map((p) => p.message),
    ["Input 'tier' is declared but the template never uses it."],
  );
  assert.equal(problems[0]?.severity, 'warning');
  const removed = applyEdits(text, problems[0]?.fixes[0]?.edits ?? []);
  assert.doesNotMatch(removed, /tier/);
  assert.match(removed, /customer: string, who wrote\n {4}docs\(array\):/);
  assert.deepEqual(codes(await promptProblems(`${SCHEMA}{{json this}}`)), []);
});
