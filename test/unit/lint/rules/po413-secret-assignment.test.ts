import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO413: fires on a secret assignment', async () => {
  const text = 'client_secret: Tr0ub4dor&3xK9!qZ';
  assert.deepEqual(codes(await promptProblems(text)), ['PO413'], text);
});
