import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('max-latency-ms, max-cost-usd (unknown cost fails) and max-tokens', async () => {
  assert.deepEqual(await verdict({ type: 'max-latency-ms', value: 500 }, 'x'), [
    false,
    'latency 800 ms > 500 ms',
  ]);
  assert.equal((await verdict({ type: 'max-cost-usd', value: 0.01 }, 'x'))[0], true);
  assert.match(
    (await verdict({ type: 'max-cost-usd', value: 0.01 }, 'x', { costUsd: undefined }))[1],
    /cost unknown/,
  );
  assert.deepEqual(await verdict({ type: 'max-tokens', value: 30 }, 'x'), [
    false,
    '40 output tokens > 30',
  ]);
});
