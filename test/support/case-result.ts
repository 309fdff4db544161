import type { CaseResult } from '../../src/core/eval/artifact';

/** A case's result as a run records it, passing unless told otherwise, for tests that read results. */
export function caseResult(fields: Partial<CaseResult> & { id: string }): CaseResult {
  return {
    repeat: 0,
    input: {},
    messages: [],
    output: { text: '' },
    status: 'pass',
    score: 1,
    assertions: [],
    latencyMs: 1,
    tokens: null,
    costUsd: null,
    attempts: 1,
    cached: false,
    ...fields,
  };
}
