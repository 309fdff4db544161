import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO412: fires on a private key header', async () => {
  const text = '-----BEGIN PRIVATE KEY-----';
  assert.deepEqual(codes(await promptProblems(text)), ['PO412'], text);
});
