import {
  describeCalls,
  describeMatch,
  matchingCalls,
  recordedCalls,
  toolMatchOf,
} from './tool-calls';
import type { AssertionHandler, AssertionSpec } from './types';

/** The model did not call the tool (with those arguments); without a value, called no tool at all. */
export const toolNotCalled: AssertionHandler = (spec: AssertionSpec, context) => {
  const recorded = recordedCalls(context);
  if ('missing' in recorded) return recorded.missing;
  if (spec.value === undefined) {
    const pass = recorded.calls.length === 0;
    return {
      pass,
      reason: pass ? 'no tool was called' : `tools were called; ${describeCalls(recorded.calls)}`,
    };
  }
  const match = toolMatchOf(spec, 'tool-not-called');
  const count = matchingCalls(recorded.calls, match).length;
  return {
    pass: count === 0,
    reason:
      count === 0
        ? `${describeMatch(match)} was not called`
        : `${describeMatch(match)} was called ${count} time(s); ${describeCalls(recorded.calls)}`,
  };
};
