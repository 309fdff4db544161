import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';

test('contains-any passes when one item is in the output, fails when none is', async () => {
  assert.equal(
    (await check({ type: 'contains-any', value: ['HELLO', 'HI'] }, 'HI Ada')).pass,
    true,
  );
  const miss = await check({ type: 'contains-any', value: ['HELLO', 'HI'] }, 'hi Ada');
  assert.equal(miss.pass, false);
  assert.match(miss.reason, /none of "HELLO", "HI"/);
});

test('contains-any reads a comma-separated string as promptfoo does, and rejects a non-list', async () => {
  assert.equal(
    (await check({ type: 'contains-any', value: 'yes, sure' }, 'sure thing')).pass,
    true,
  );
  const bad = await check({ type: 'contains-any', value: { a: 1 } }, 'x');
  assert.equal(bad.pass, false);
  assert.match(bad.reason, /assertion failed to run: contains-any needs a list of strings/);
});

test('not-contains-any passes when no item is present', async () => {
  assert.equal((await check({ type: 'not-contains-any', value: ['x', 'y'] }, 'abc')).pass, true);
  assert.equal((await check({ type: 'not-contains-any', value: ['a', 'y'] }, 'abc')).pass, false);
});
