import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';

test('rouge-n passes at or above threshold 0.75 by default and scores the overlap', async () => {
  const same = await check(
    { type: 'rouge-n', value: 'the cat sat on the mat' },
    'the cat sat on the mat',
  );
  assert.equal(same.pass, true);
  assert.equal(same.score, 1);
  const other = await check({ type: 'rouge-n', value: 'the cat sat on the mat' }, 'dogs run fast');
  assert.equal(other.pass, false);
  assert.ok(other.score < 0.75);
  assert.match(other.reason, /ROUGE-N 0\.\d{3} < 0\.75/);
});

test('rouge-n takes its own threshold', async () => {
  const r = await check(
    { type: 'rouge-n', value: 'the cat sat on the mat', threshold: 0.3 },
    'the cat lay on a rug',
  );
  assert.equal(r.pass, true);
});
