import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO001: a NUL byte marks the file as binary', async () => {
  assert.deepEqual(codes(await promptProblems('a\u0000b')), ['PO001']);
});
