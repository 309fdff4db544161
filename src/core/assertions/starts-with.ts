import type { AssertionHandler } from './types';
import { expectString, quote } from './util';

export const startsWith: AssertionHandler = (spec, context) => {
  const prefix = expectString(spec.value, 'starts-with');
  const pass = context.output.trimStart().startsWith(prefix);
  return {
    pass,
    reason: pass
      ? `output starts with ${quote(prefix)}`
      : `output starts with ${quote(context.output.trimStart().slice(0, prefix.length + 20))}`,
    expected: prefix,
  };
};
