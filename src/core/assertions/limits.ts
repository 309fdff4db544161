import type { AssertionHandler } from './types';
import { expectNumber } from './util';

export const maxLatencyMs: AssertionHandler = (spec, context) => {
  const limit = expectNumber(spec.value, 'max-latency-ms');
  const pass = context.latencyMs <= limit;
  return {
    pass,
    reason: `latency ${Math.round(context.latencyMs)} ms ${pass ? '≤' : '>'} ${limit} ms`,
    expected: limit,
  };
};

export const maxCostUsd: AssertionHandler = (spec, context) => {
  const limit = expectNumber(spec.value, 'max-cost-usd');
  if (context.costUsd === undefined)
    return {
      pass: false,
      reason: 'cost unknown: no price for this model (add prices: in promptops.config.yaml)',
    };
  const pass = context.costUsd <= limit;
  return {
    pass,
    reason: `cost $${context.costUsd.toFixed(6)} ${pass ? '≤' : '>'} $${limit}`,
    expected: limit,
  };
};

export const maxTokens: AssertionHandler = (spec, context) => {
  const limit = expectNumber(spec.value, 'max-tokens');
  if (!context.usage)
    return { pass: false, reason: 'token usage unknown: the provider did not report it' };
  const pass = context.usage.outputTokens <= limit;
  return {
    pass,
    reason: `${context.usage.outputTokens} output tokens ${pass ? '≤' : '>'} ${limit}`,
    expected: limit,
  };
};
