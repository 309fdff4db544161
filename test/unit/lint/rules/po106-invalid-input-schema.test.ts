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
