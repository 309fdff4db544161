import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';

test("finish-reason compares the last turn's finish reason", async () => {
  assert.equal(
    (await check({ type: 'finish-reason', value: 'stop' }, '', { finishReason: 'stop' })).pass,
    true,
  );
  const cut = await check({ type: 'finish-reason', value: 'stop' }, '', { finishReason: 'length' });
  assert.equal(cut.pass, false);
  assert.equal(cut.reason, 'finish reason is length, expected stop');
  assert.equal(
    (await check({ type: 'not-finish-reason', value: 'length' }, '', { finishReason: 'stop' }))
      .pass,
    true,
  );
});

test('finish-reason fails when the provider reported none, and needs a value', async () => {
  assert.match(
    (await check({ type: 'finish-reason', value: 'stop' }, '')).reason,
    /finish reason unknown/,
  );
  assert.match(
    (await check({ type: 'finish-reason' }, '', { finishReason: 'stop' })).reason,
    /needs a string value/,
  );
});
