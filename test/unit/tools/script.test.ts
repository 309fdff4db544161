import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { answerToolCall, subsetMatches } from '../../../src/core/tools/script';

test('one scripted result answers every call, whatever the arguments', () => {
  const script = { returns: { tempC: 21, sky: 'sunny' } };
  assert.deepEqual(answerToolCall(script, 'getWeather', { city: 'Paris' }), {
    result: { tempC: 21, sky: 'sunny' },
  });
  assert.deepEqual(answerToolCall(script, 'getWeather', 'not json'), {
    result: { tempC: 21, sky: 'sunny' },
  });
});

test('a list of when/returns is tried in order; the first matching subset wins; a bare answer is the fallback', () => {
  const script = [
    { when: { city: 'Paris' }, returns: 'paris' },
    { when: { city: 'Paris', units: 'F' }, returns: 'never reached' },
    { when: { city: 'Oslo' }, error: 'upstream timeout' },
    { returns: 'anywhere else' },
  ];
  assert.deepEqual(answerToolCall(script, 'w', { city: 'Paris', units: 'F' }), {
    result: 'paris',
  });
  assert.deepEqual(answerToolCall(script, 'w', { city: 'Oslo' }), { error: 'upstream timeout' });
  assert.deepEqual(answerToolCall(script, 'w', { city: 'Rome' }), { result: 'anywhere else' });
});

test('no script, or no matching when, is a clear tool error and never a result', () => {
  const none = answerToolCall(undefined, 'deleteUser', { id: 1 });
  assert.equal(none.result, undefined);
  assert.match(none.error ?? '', /^no scripted result for tool deleteUser: .*never executed/);
  const unmatched = answerToolCall([{ when: { city: 'Paris' }, returns: 1 }], 'w', {
    city: 'Rome',
  });
  assert.match(
    unmatched.error ?? '',
    /no scripted result for tool w with arguments \{"city":"Rome"\}: no when: of its 1 scripted answer/,
  );
});

test('a scripted answer with neither returns nor error returns null (the call happened, nothing came back)', () => {
  assert.deepEqual(answerToolCall({}, 'ping', {}), { result: null });
});

test('subsetMatches: nested objects are subsets, arrays match whole, scalars are not coerced', () => {
  const args = { city: 'Paris', opts: { units: 'C', days: [1, 2] }, n: 3 };
  assert.equal(subsetMatches({}, args), true);
  assert.equal(subsetMatches({ city: 'Paris' }, args), true);
  assert.equal(subsetMatches({ opts: { units: 'C' } }, args), true);
  assert.equal(subsetMatches({ opts: { days: [1, 2] } }, args), true);
  assert.equal(subsetMatches({ opts: { days: [1] } }, args), false);
  assert.equal(subsetMatches({ n: '3' }, args), false);
  assert.equal(subsetMatches({ missing: undefined }, args), false);
  assert.equal(subsetMatches({ city: 'Paris' }, 'Paris'), false);
  assert.equal(subsetMatches({ city: 'Paris' }, ['Paris']), false);
  assert.equal(subsetMatches(null, null), true);
  assert.equal(subsetMatches([{ a: 1 }], [{ a: 1, b: 2 }]), true);
});
