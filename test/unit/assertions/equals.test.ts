import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('equals compares the trimmed text, case sensitive', async () => {
  assert.deepEqual(await verdict({ type: 'equals', value: 'Yes' }, ' Yes\n'), [
    true,
    'output equals the expected text',
  ]);
  assert.equal((await verdict({ type: 'equals', value: 'Yes' }, 'yes'))[0], false);
});

test('equals with a JSON value compares the parsed output, whatever the key order', async () => {
  const output = '```json\n{"category":"billing","tags":["a","b"],"score":0.9}\n```';
  assert.equal(
    (
      await verdict(
        { type: 'equals', value: { score: 0.9, tags: ['a', 'b'], category: 'billing' } },
        output,
      )
    )[0],
    true,
    'key order does not matter',
  );
});
