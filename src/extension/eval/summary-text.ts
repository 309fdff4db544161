import type { CaseResult, RunArtifact } from '../../core/eval/artifact';

/** `✓ 812 ms · $0.0004 · cached` */
export function caseSummary(result: CaseResult): string {
  const mark = result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : '!';
  const parts = [
    result.status === 'error'
      ? `${mark} ${(result.error ?? 'error').slice(0, 60)}`
      : `${mark} ${result.latencyMs === null ? '–' : `${Math.round(result.latencyMs)} ms`}`,
  ];
  if (result.costUsd !== null) parts.push(`$${result.costUsd.toFixed(4)}`);
  if (result.cached) parts.push('cached');
  return parts.join(' · ');
}

export function runSummary(artifact: RunArtifact): string {
  const s = artifact.summary;
  return `${s.passed === s.total ? '✓' : '✗'} ${s.passed}/${s.total} · $${s.costUsd.toFixed(4)}${s.cancelled ? ' · cancelled' : ''}`;
}
