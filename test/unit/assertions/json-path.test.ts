import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

const output = '```json\n{"category":"billing","tags":["a","b"],"score":0.9}\n```';

test('json-path compares the value at a path, says what it found', async () => {
  assert.equal(
    (await verdict({ type: 'json-path', path: '$.category', value: 'billing' }, output))[0],
    true,
  );
  assert.deepEqual(await verdict({ type: 'json-path', path: '$.category', value: 'bug' }, output), [
    false,
    '$.category is "billing", expected "bug"',
  ]);
});

test('json-path with wildcards, contains, and a missing path', async () => {
  assert.equal(
    (await verdict({ type: 'json-path', path: '$.tags[*]', value: 'b' }, output))[0],
    true,
  );
  assert.equal(
    (await verdict({ type: 'json-path', path: '$.category', contains: 'bill' }, output))[0],
    true,
  );
  assert.equal((await verdict({ type: 'json-path', path: '$.missing' }, output))[0], false);
});
