import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';

test('max-turns with a value: the case took at most that many model calls', async () => {
  assert.equal((await check({ type: 'max-turns', value: 3 }, '', { modelTurns: 3 })).pass, true);
  const over = await check({ type: 'max-turns', value: 2 }, '', { modelTurns: 3 });
  assert.deepEqual([over.pass, over.reason], [false, '3 model turn(s) > 2']);
});

test("max-turns without a value: fails when the loop was cut off at the prompt's maxTurns", async () => {
  const cut = await check({ type: 'max-turns' }, '', {
    modelTurns: 5,
    maxTurns: 5,
    finishReason: 'tool_calls',
  });
  assert.equal(cut.pass, false);
  assert.match(cut.reason, /stopped at maxTurns \(5\) with the model still calling tools/);
  const answered = await check({ type: 'max-turns' }, '', {
    modelTurns: 5,
    maxTurns: 5,
    finishReason: 'stop',
  });
  assert.equal(answered.pass, true);
  const early = await check({ type: 'max-turns' }, '', {
    modelTurns: 1,
    maxTurns: 5,
    finishReason: 'tool_calls',
  });
  assert.equal(early.pass, true, 'returnToolRequests stops at the first request, within maxTurns');
});

test('max-turns fails clearly when turns were not recorded or no limit is known', async () => {
  assert.match((await check({ type: 'max-turns', value: 2 }, '')).reason, /not recorded/);
  assert.match(
    (await check({ type: 'max-turns' }, '', { modelTurns: 1 })).reason,
    /needs a number/,
  );
});
