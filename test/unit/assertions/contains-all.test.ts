import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';

test('contains-all passes only when every item is in the output, naming the missing ones', async () => {
  assert.equal((await check({ type: 'contains-all', value: ['a', 'b'] }, 'a and b')).pass, true);
  const miss = await check({ type: 'contains-all', value: ['a', 'B', 'c'] }, 'a and b');
  assert.equal(miss.pass, false);
  assert.match(miss.reason, /does not contain "B", "c"/);
});

test('contains-all with an empty list is an assertion error', async () => {
  const r = await check({ type: 'contains-all', value: [] }, 'x');
  assert.equal(r.pass, false);
  assert.match(r.reason, /at least one string/);
});
