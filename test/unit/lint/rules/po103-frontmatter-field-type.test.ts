import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO103 wrong field types, located at the value', async () => {
  const problems = await promptProblems(
    '---\nmodel: 42\noutput:\n  format: yaml\ntools: search\n---\nhi',
  );
  // A format name that is a string but not a known format is PO112's, not a type error.
  assert.deepEqual(codes(problems), ['PO103', 'PO112', 'PO103']);
  assert.match(
    problems[0]?.message ?? '',
    /^model: Invalid input: expected string, received number/,
  );
  assert.deepEqual(problems[1]?.range.start, { line: 3, character: 10 });
  assert.deepEqual(
    await promptProblems(
      '---\nmodel: a\nconfig: { temperature: 1 }\ntools: [search]\noutput: { format: json, schema: { a: string } }\n---\n{{json a}}',
    ),
    [],
  );
});
