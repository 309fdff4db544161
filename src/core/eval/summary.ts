import { percentile, type CaseResult, type RunArtifact } from './artifact';

/** What a run's summary needs of a case. */
export type CaseFigures = Pick<CaseResult, 'status' | 'latencyMs' | 'tokens' | 'costUsd'>;

export function summarise(
  cases: readonly CaseFigures[],
  durationMs: number,
  cancelled: boolean,
): RunArtifact['summary'] {
  const passed = cases.filter((c) => c.status === 'pass').length;
  const failed = cases.filter((c) => c.status === 'fail').length;
  const errors = cases.filter((c) => c.status === 'error').length;
  const latencies = cases.map((c) => c.latencyMs).filter((l): l is number => l !== null);
  const tokens = cases.reduce(
    (t, c) => ({
      input: t.input + (c.tokens?.input ?? 0),
      output: t.output + (c.tokens?.output ?? 0),
      total: t.total + (c.tokens?.total ?? 0),
    }),
    { input: 0, output: 0, total: 0 },
  );
  return {
    total: cases.length,
    passed,
    failed,
    errors,
    passRate: cases.length ? passed / cases.length : 0,
    costUsd: cases.reduce((sum, c) => sum + (c.costUsd ?? 0), 0),
    tokens,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95) },
    durationMs,
    cancelled,
  };
}
