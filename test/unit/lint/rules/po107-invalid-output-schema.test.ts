import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';
import { Severity } from '../../../../src/core/types';

test('PO107: an output schema that does not compile', async () => {
  const bad = await promptProblems(
    '---\noutput:\n  format: json\n  schema:\n    type: object\n    properties: { score: { type: decimal } }\n---\nhi',
  );
  assert.deepEqual(codes(bad), ['PO107']);
});

test('PO107: a format Ajv does not know is a warning on the output schema, and nothing reaches the console', async (t) => {
  const printed: unknown[] = [];
  for (const name of ['log', 'warn', 'error'] as const)
    t.mock.method(console, name, (...args: unknown[]) => printed.push(args));
  const problems = await promptProblems(
    '---\noutput:\n  format: json\n  schema:\n    type: object\n    properties: { tel: { type: string, format: phone-po107 }, at: { type: string, format: date-time } }\n---\nhi',
  );
  assert.deepEqual(codes(problems), ['PO107']);
  assert.equal(problems[0]!.severity, Severity.Warning);
  assert.equal(
    problems[0]!.message,
    'Output schema: format "phone-po107" is not one the schema checker knows, so it is not checked (at #/properties/tel).',
  );
  assert.deepEqual(printed, []);
});
