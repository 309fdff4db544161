import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, fixtureProblems, FIXTURE_PROMPT } from '../helpers';

test('PO300 broken YAML and wrong shape, located', async () => {
  assert.deepEqual(
    codes(await fixtureProblems(FIXTURE_PROMPT, 'cases:\n  - id: a\n    input: { subject: x\n')),
    ['PO300'],
  );
  const shape = await fixtureProblems(FIXTURE_PROMPT, 'cases:\n  - input: { subject: x }\n');
  assert.deepEqual(
    shape.map((p) => [p.code, p.message, p.range.start.line]),
    [['PO300', 'cases.0.id: Invalid input: expected string, received undefined', 1]],
  );
  assert.deepEqual(codes(await fixtureProblems(FIXTURE_PROMPT, 'nothing: here\n')), ['PO300']);
});

test('PO300 an empty fixture file (or comments only) says so plainly, not "expected object, received null"', async () => {
  for (const text of ['', '# cases to come\n', '\n\n']) {
    const problems = await fixtureProblems(FIXTURE_PROMPT, text);
    assert.deepEqual(
      problems.map((p) => [p.code, p.message, p.range.start.line]),
      [
        [
          'PO300',
          'The fixture file is empty: add `cases:`, a list of cases each with an `id` and an `input`',
          0,
        ],
      ],
      JSON.stringify(text),
    );
  }
});
