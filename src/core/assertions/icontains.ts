import type { AssertionHandler } from './types';
import { expectString, quote } from './util';

export const icontains: AssertionHandler = (spec, context) => {
  const needle = expectString(spec.value, 'icontains');
  const pass = context.output.toLowerCase().includes(needle.toLowerCase());
  return {
    pass,
    reason: pass
      ? `output contains ${quote(needle)} (ignoring case)`
      : `output does not contain ${quote(needle)} (ignoring case)`,
    expected: needle,
  };
};
