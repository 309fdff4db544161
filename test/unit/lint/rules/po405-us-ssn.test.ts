import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO405: fires on a US social security number', async () => {
  const text = 'ssn 536-22-8417';
  assert.deepEqual(codes(await promptProblems(text)), ['PO405'], text);
});
