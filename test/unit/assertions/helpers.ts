import { runAssertion } from '../../../src/core/assertions/registry';
import type {
  AssertionContext,
  AssertionResult,
  AssertionSpec,
} from '../../../src/core/assertions/types';
import { parseOutputJson } from '../../../src/core/eval/engine';

export function context(output: string, extra: Partial<AssertionContext> = {}): AssertionContext {
  return {
    output,
    json: parseOutputJson(output),
    latencyMs: 800,
    costUsd: 0.002,
    usage: { inputTokens: 100, outputTokens: 40, totalTokens: 140 },
    ...extra,
  };
}

/** Runs one assertion through the registry, as the engine does. */
export function check(
  spec: AssertionSpec,
  output: string,
  extra: Partial<AssertionContext> = {},
): Promise<AssertionResult> {
  return runAssertion(spec, context(output, extra));
}
