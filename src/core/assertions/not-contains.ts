import type { AssertionHandler } from './types';
import { expectString, quote } from './util';

export const notContains: AssertionHandler = (spec, context) => {
  const needle = expectString(spec.value, 'not-contains');
  const pass = !context.output.includes(needle);
  return {
    pass,
    reason: pass ? `output does not contain ${quote(needle)}` : `output contains ${quote(needle)}`,
  };
};
