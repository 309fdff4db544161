import type { AssertionHandler } from './types';
import { jsonEqual, quote } from './util';

/** A string value: the output, trimmed, is exactly it. A JSON value: the parsed output equals it structurally. */
export const equals: AssertionHandler = (spec, context) => {
  if (spec.value !== null && typeof spec.value === 'object') {
    if (!context.json.ok)
      return {
        pass: false,
        reason: `output is not JSON (${context.json.error})`,
        expected: spec.value,
      };
    const pass = jsonEqual(context.json.value, spec.value);
    return {
      pass,
      reason: pass
        ? 'output equals the expected JSON'
        : 'output JSON differs from the expected JSON',
      expected: spec.value,
    };
  }
  const expected = String(spec.value ?? '');
  const pass = context.output.trim() === expected;
  return {
    pass,
    reason: pass
      ? 'output equals the expected text'
      : `expected ${quote(expected)}, got ${quote(context.output)}`,
    expected,
  };
};
