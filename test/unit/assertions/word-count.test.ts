import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';

test('word-count: an exact number, or a min/max range', async () => {
  assert.equal((await check({ type: 'word-count', value: 3 }, 'one two  three')).pass, true);
  assert.equal((await check({ type: 'word-count', value: 2 }, 'one two three')).pass, false);
  assert.equal(
    (await check({ type: 'word-count', value: { min: 2, max: 4 } }, 'a b c')).pass,
    true,
  );
  const long = await check({ type: 'word-count', value: { max: 2 } }, 'a b c');
  assert.equal(long.pass, false);
  assert.equal(long.reason, '3 words, expected at most 2');
  assert.equal((await check({ type: 'word-count', min: 4 }, 'a b c')).pass, false);
});

test('word-count without a count or with min above max is an assertion error', async () => {
  assert.match((await check({ type: 'word-count' }, 'a')).reason, /needs a number value/);
  assert.match(
    (await check({ type: 'word-count', value: { min: 5, max: 2 } }, 'a')).reason,
    /min 5 is above max 2/,
  );
});
