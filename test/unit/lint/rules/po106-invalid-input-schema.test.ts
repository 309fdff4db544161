import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO106 invalid input schema; named schemas are information', async () => {
  const bad = await promptProblems('---\ninput:\n  schema:\n    tags(list): string\n---\n{{tags}}');
  assert.deepEqual(codes(bad), ['PO106']);
  assert.match(bad[0]?.message ?? '', /parenthetical types must be 'object' or 'array'/);
  const named = await promptProblems('---\ninput:\n  schema: Ticket\n---\nhi');
  assert.deepEqual(
    named.map((p) => [p.code, p.severity]),
    [['PO106', 'info']],
  );
});

test('PO106: a format the schema checker does not know is a warning, said once', async () => {
  const problems = await promptProblems(
    '---\ninput:\n  schema:\n    type: object\n    properties:\n      tel: { type: string, format: phone-po106 }\n      other: { type: string, format: phone-po106 }\n---\n{{tel}} {{other}}',
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.severity]),
    [
      ['PO106', 'warning'],
      ['PO106', 'warning'],
    ],
  );
  assert.deepEqual(
    problems.map((p) => p.message),
    [
      'Input schema: format "phone-po106" is not one the schema checker knows, so it is not checked (at #/properties/tel).',
      'Input schema: format "phone-po106" is not one the schema checker knows, so it is not checked (at #/properties/other).',
    ],
  );
  const known = await promptProblems(
    '---\ninput:\n  schema:\n    type: object\n    properties:\n      at: { type: string, format: date-time }\n---\n{{at}}',
  );
  assert.deepEqual(codes(known), []);
});
