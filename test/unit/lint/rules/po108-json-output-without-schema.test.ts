import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO108: JSON output without a schema; with one it is clean', async () => {
  assert.deepEqual(codes(await promptProblems('---\noutput:\n  format: json\n---\nhi')), ['PO108']);
  assert.deepEqual(
    await promptProblems('---\noutput:\n  format: json\n  schema: { answer: string }\n---\nhi'),
    [],
  );
});
