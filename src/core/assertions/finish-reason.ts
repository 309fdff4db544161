import type { AssertionHandler } from './types';
import { expectString } from './util';

/** Why the last model turn ended is `value` (stop, tool_calls, length, content_filter, …). */
export const finishReason: AssertionHandler = (spec, context) => {
  const expected = expectString(spec.value, 'finish-reason').trim();
  if (context.finishReason === undefined)
    return { pass: false, reason: 'finish reason unknown: the provider did not report one' };
  const pass = context.finishReason === expected;
  return {
    pass,
    reason: pass
      ? `finish reason is ${expected}`
      : `finish reason is ${context.finishReason}, expected ${expected}`,
    expected,
  };
};
