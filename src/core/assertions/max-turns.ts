import type { AssertionHandler } from './types';
import { expectNumber } from './util';

/**
 * The case took at most `value` model calls. Without a value: it finished within the prompt's
 * maxTurns, that is the model answered rather than still asking for tools when the loop stopped.
 */
export const maxTurns: AssertionHandler = (spec, context) => {
  if (context.modelTurns === undefined)
    return { pass: false, reason: 'the number of model turns was not recorded' };
  const turns = context.modelTurns;
  if (spec.value !== undefined) {
    const limit = expectNumber(spec.value, 'max-turns');
    const pass = turns <= limit;
    return {
      pass,
      reason: `${turns} model turn(s) ${pass ? '≤' : '>'} ${limit}`,
      expected: limit,
    };
  }
  if (context.maxTurns === undefined)
    return { pass: false, reason: 'max-turns needs a number in value (no maxTurns was in force)' };
  const cutOff = turns >= context.maxTurns && context.finishReason === 'tool_calls';
  return {
    pass: !cutOff,
    reason: cutOff
      ? `the loop stopped at maxTurns (${context.maxTurns}) with the model still calling tools`
      : `${turns} model turn(s), within maxTurns (${context.maxTurns})`,
    expected: context.maxTurns,
  };
};
