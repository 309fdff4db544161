import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('contains passes when the text is in the output, and says what is missing', async () => {
  assert.equal((await verdict({ type: 'contains', value: 'Ada' }, 'Hello Ada'))[0], true);
  assert.deepEqual(await verdict({ type: 'contains', value: 'Bob' }, 'Hello Ada'), [
    false,
    'output does not contain "Bob"',
  ]);
});

test('contains without a string value fails with a clear reason', async () => {
  assert.match((await verdict({ type: 'contains' }, 'x'))[1], /contains needs a string value/);
});
