import {
  describeCalls,
  describeMatch,
  matchingCalls,
  recordedCalls,
  toolMatchOf,
} from './tool-calls';
import type { AssertionHandler } from './types';

/** The model called the tool (with arguments that include `args`), at least once or `times` times. */
export const toolCalled: AssertionHandler = (spec, context) => {
  const match = toolMatchOf(spec, 'tool-called');
  const recorded = recordedCalls(context);
  if ('missing' in recorded) return recorded.missing;
  const count = matchingCalls(recorded.calls, match).length;
  const pass = match.times === undefined ? count > 0 : count === match.times;
  const wanted = match.times === undefined ? 'at least once' : `${match.times} time(s)`;
  return {
    pass,
    reason: pass
      ? `${describeMatch(match)} was called ${count} time(s)`
      : `${describeMatch(match)} was called ${count} time(s), expected ${wanted}; ${describeCalls(recorded.calls)}`,
    expected: match,
  };
};
