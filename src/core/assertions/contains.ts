import type { AssertionHandler } from './types';
import { expectString, quote } from './util';

export const contains: AssertionHandler = (spec, context) => {
  const needle = expectString(spec.value, 'contains');
  const pass = context.output.includes(needle);
  return {
    pass,
    reason: pass ? `output contains ${quote(needle)}` : `output does not contain ${quote(needle)}`,
    expected: needle,
  };
};
