import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ASSERTIONS, runAssertion, runAssertions } from '../../../src/core/assertions/registry';
import { ASSERTION_TYPES } from '../../../src/core/assertions/names';
import type { AssertionSpec } from '../../../src/core/assertions/types';
import { context } from './helpers';

test('every known type has a handler', () => {
  assert.deepEqual(Object.keys(ASSERTIONS).sort(), [...ASSERTION_TYPES].sort());
});

test('negation with not: true or a not- prefix', async () => {
  const negated = await runAssertion(
    { type: 'contains', value: 'Ada', not: true },
    context('Hello Ada'),
  );
  assert.deepEqual(
    [negated.pass, negated.negated, negated.reason],
    [false, true, 'NOT (output contains "Ada")'],
  );
  assert.equal(
    (await runAssertion({ type: 'not-regex', value: 'error' }, context('all good'))).pass,
    true,
  );
  assert.equal((await runAssertion({ type: 'not-is-json' }, context('{}'))).pass, false);
});

test('case verdicts: all must pass by default; with a threshold, the weighted score decides', async () => {
  const specs: AssertionSpec[] = [
    { type: 'contains', value: 'Ada', weight: 3 },
    { type: 'contains', value: 'Bob', weight: 1 },
  ];
  const strict = await runAssertions(specs, context('Hello Ada'));
  assert.deepEqual([strict.pass, strict.score], [false, 0.75]);
  assert.equal((await runAssertions(specs, context('Hello Ada'), 0.7)).pass, true);
  assert.equal((await runAssertions(specs, context('Hello Ada'), 0.8)).pass, false);
  assert.equal((await runAssertions([], context('anything'))).pass, true);
  assert.match(
    (await runAssertion({ type: 'frobnicate' }, context('x'))).reason,
    /unknown assertion type 'frobnicate'/,
  );
});
