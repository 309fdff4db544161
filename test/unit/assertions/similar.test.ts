import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('similar uses the similarity model against its threshold', async () => {
  assert.equal(
    (
      await verdict({ type: 'similar', value: 'y', threshold: 0.5 }, 'x', {
        similarity: async () => 0.6,
      })
    )[0],
    true,
  );
});
