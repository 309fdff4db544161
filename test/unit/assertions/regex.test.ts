import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('regex matches the output, with flags', async () => {
  assert.equal((await verdict({ type: 'regex', value: '^\\d{3}$' }, '123'))[0], true);
  assert.equal((await verdict({ type: 'regex', value: 'ADA', flags: 'i' }, 'ada'))[0], true);
});

test('regex with an invalid pattern fails to run with the reason', async () => {
  assert.match(
    (await verdict({ type: 'regex', value: '[' }, 'x'))[1],
    /assertion failed to run: Invalid regular expression/,
  );
});
