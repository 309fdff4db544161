import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO404: fires on an IBAN', async () => {
  const text = 'iban DE44 5001 0517 5407 3249 31';
  assert.deepEqual(codes(await promptProblems(text)), ['PO404'], text);
});
