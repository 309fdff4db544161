import { compilePattern } from './pattern';
import type { AssertionHandler } from './types';
import { expectString, quote } from './util';

/** `value` is a pattern (RE2 syntax, linear time: see pattern.ts); `flags` (`i`, `m`, `s`) optional. */
export const regex: AssertionHandler = (spec, context) => {
  const pattern = expectString(spec.value, 'regex');
  const flags = typeof spec.flags === 'string' ? spec.flags : '';
  const pass = compilePattern(pattern, flags).test(context.output);
  return {
    pass,
    reason: pass
      ? `output matches /${pattern}/${flags}`
      : `output does not match /${pattern}/${flags}: ${quote(context.output)}`,
    expected: `/${pattern}/${flags}`,
  };
};
