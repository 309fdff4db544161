import { distance } from 'fastest-levenshtein';
import type { AssertionHandler } from './types';
import { expectString } from './util';

/** promptfoo's default: at most 5 edits. */
export const LEVENSHTEIN_DEFAULT_THRESHOLD = 5;

/** The edit distance between the output and `value` is at most `threshold` (default 5). */
export const levenshtein: AssertionHandler = (spec, context) => {
  const expected = expectString(spec.value, 'levenshtein');
  const threshold = spec.threshold ?? LEVENSHTEIN_DEFAULT_THRESHOLD;
  const edits = distance(context.output, expected);
  const pass = edits <= threshold;
  return {
    pass,
    reason: `edit distance ${edits} ${pass ? '≤' : '>'} ${threshold}`,
    expected,
  };
};
