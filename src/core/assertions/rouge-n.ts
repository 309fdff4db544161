import type * as JsRouge from 'js-rouge';
import type { AssertionHandler } from './types';
import { expectString } from './util';

/** ROUGE-N (unigram by default) F-score of the output against the reference `value` is at least `threshold` (default 0.75). */
export const rouge: AssertionHandler = (spec, context) => {
  const reference = expectString(spec.value, 'rouge-n');
  const threshold = spec.threshold ?? 0.75;
  // Required on first use: the bundles evaluate js-rouge (its tokenizer's Unicode patterns) only
  // for a run that has a rouge-n assertion.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { n: rougeN } = require('js-rouge') as typeof JsRouge;
  const score = context.output.trim() ? rougeN(context.output, reference, {}) : 0;
  const pass = score >= threshold;
  return {
    pass,
    score,
    reason: `ROUGE-N ${score.toFixed(3)} ${pass ? '≥' : '<'} ${threshold}`,
    expected: reference,
  };
};
