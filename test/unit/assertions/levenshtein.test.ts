import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';

test('levenshtein: threshold is the largest edit distance that passes', async () => {
  const spec = { type: 'levenshtein', value: 'Hello Ada', threshold: 2 };
  assert.equal((await check(spec, 'Hello Ada')).pass, true);
  assert.equal((await check(spec, 'Hallo Ada!')).pass, true); // 2 edits
  const far = await check(spec, 'Hallo Adam!'); // 3 edits
  assert.equal(far.pass, false);
  assert.equal(far.reason, 'edit distance 3 > 2');
});

test('levenshtein defaults to promptfoo threshold 5', async () => {
  assert.equal((await check({ type: 'levenshtein', value: 'abcdef' }, 'abcdefghijk')).pass, true);
  assert.equal((await check({ type: 'levenshtein', value: 'abcdef' }, 'abcdefghijkl')).pass, false);
});
