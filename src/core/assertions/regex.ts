import type { AssertionHandler } from './types';
import { expectString, quote } from './util';

/** `value` is a JavaScript pattern; `flags` (e.g. `i`, `m`) optional. */
export const regex: AssertionHandler = (spec, context) => {
  const pattern = expectString(spec.value, 'regex');
  const flags = typeof spec.flags === 'string' ? spec.flags : '';
  const pass = new RegExp(pattern, flags).test(context.output);
  return {
    pass,
    reason: pass
      ? `output matches /${pattern}/${flags}`
      : `output does not match /${pattern}/${flags}: ${quote(context.output)}`,
    expected: `/${pattern}/${flags}`,
  };
};
