import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO403: fires on a payment card number', async () => {
  const text = 'card 4539 1488 0343 6467';
  assert.deepEqual(codes(await promptProblems(text)), ['PO403'], text);
});
