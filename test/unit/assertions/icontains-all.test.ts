import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';

test('icontains-all ignores case; fails when an item is missing', async () => {
  assert.equal(
    (await check({ type: 'icontains-all', value: ['ADA', 'hello'] }, 'Hello ada')).pass,
    true,
  );
  const miss = await check({ type: 'icontains-all', value: ['ADA', 'bye'] }, 'Hello ada');
  assert.equal(miss.pass, false);
  assert.match(miss.reason, /does not contain "bye"/);
});
