import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO406: fires on a public IP address', async () => {
  const text = 'ip 84.17.33.201';
  assert.deepEqual(codes(await promptProblems(text)), ['PO406'], text);
});
