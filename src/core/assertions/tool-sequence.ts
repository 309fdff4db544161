import { describeCalls, recordedCalls } from './tool-calls';
import type { AssertionHandler } from './types';
import { expectStringList } from './util';

/**
 * The tools were called in this order. Other calls may come between them; with `exact: true` the
 * calls are exactly these, in this order.
 */
export const toolSequence: AssertionHandler = (spec, context) => {
  const names = expectStringList(spec.value, 'tool-sequence');
  const recorded = recordedCalls(context);
  if ('missing' in recorded) return recorded.missing;
  const called = recorded.calls.map((c) => c.name);
  const exact = spec.exact === true;
  let matched = 0;
  if (exact) {
    while (matched < names.length && called[matched] === names[matched]) matched++;
  } else {
    for (const name of called) if (name === names[matched]) matched++;
  }
  const pass = matched === names.length && (!exact || called.length === names.length);
  const wanted = names.join(' → ');
  return {
    pass,
    reason: pass
      ? `tools were called in order: ${wanted}`
      : `expected ${exact ? 'exactly ' : ''}${wanted}, ${matched < names.length ? `'${names[matched]}' (step ${matched + 1}) did not follow` : 'other calls came too'}; ${describeCalls(recorded.calls)}`,
    expected: names,
  };
};
