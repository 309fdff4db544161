import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { bleuScore } from '../../../src/core/assertions/bleu';
import { check } from './helpers';

test('bleu: identical text scores 1, unrelated text near 0', () => {
  assert.ok(bleuScore('The cat sat on the mat.', ['The cat sat on the mat.']) > 0.999);
  assert.ok(bleuScore('Dogs run in the park.', ['The cat sat on the mat.']) < 0.01);
});

test('bleu passes at threshold 0.5 by default, takes the best of several references', async () => {
  const refs = ['the quick brown fox jumps over the lazy dog', 'a fast fox'];
  assert.equal(
    (await check({ type: 'bleu', value: refs }, 'the quick brown fox jumps over the lazy dog'))
      .pass,
    true,
  );
  const r = await check({ type: 'bleu', value: 'the quick brown fox' }, 'slow green turtle');
  assert.equal(r.pass, false);
  assert.match(r.reason, /BLEU 0\.000 < 0\.5/);
});
