import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';

test('icontains-any ignores case; fails when no item is present in any case', async () => {
  assert.equal(
    (await check({ type: 'icontains-any', value: ['HELLO', 'HI'] }, 'hi Ada')).pass,
    true,
  );
  const miss = await check({ type: 'icontains-any', value: ['HELLO', 'HI'] }, 'Good day');
  assert.equal(miss.pass, false);
  assert.match(miss.reason, /ignoring case/);
});
