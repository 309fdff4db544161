import type { AssertionHandler } from './types';

/** The prompt's output guard (promptops.guard) would let this answer through (possibly redacted). */
export const guardPasses: AssertionHandler = (_spec, context) => {
  if (!context.guard) return { pass: false, reason: 'the prompt declares no promptops.guard' };
  if (context.guard.action === 'fallback')
    return {
      pass: false,
      reason: `the guard would use the fallback: ${context.guard.reasons.join('; ')}`,
    };
  return {
    pass: true,
    reason:
      context.guard.action === 'redacted'
        ? `the guard lets it through, redacted (${context.guard.reasons.join('; ')})`
        : 'the guard lets it through',
  };
};
