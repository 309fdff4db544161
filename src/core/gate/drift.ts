import * as fs from 'node:fs';
import type { RunSummary } from '../eval/artifact';

export interface HistoryEntry {
  createdAt: string;
  prompt: string;
  model: string;
  mode?: string;
  summary: RunSummary;
}

export interface DriftFlag {
  metric: 'pass rate' | 'cost' | 'latency p95';
  direction: 'drop' | 'rise';
  /** Why it counts as significant, in words. */
  evidence: string;
}

export interface DriftSeries {
  prompt: string;
  model: string;
  runs: {
    createdAt: string;
    passRate: number;
    passed: number;
    total: number;
    costUsd: number;
    p95: number | null;
  }[];
  flags: DriftFlag[];
}

export const MIN_BASELINE_RUNS = 3;

export function readHistory(file: string): HistoryEntry[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .flatMap((line) => {
      try {
        const entry = JSON.parse(line) as HistoryEntry;
        return entry?.summary && typeof entry.prompt === 'string' ? [entry] : [];
      } catch {
        return []; // a torn last line (a killed process) is skipped, not fatal
      }
    });
}

function logFactorials(n: number): number[] {
  const table = [0];
  for (let i = 1; i <= n; i++) table.push((table[i - 1] ?? 0) + Math.log(i));
  return table;
}

/**
 * Fisher's exact test, one-sided both ways: baseline passed `a` of `n1`, latest passed `b` of
 * `n2`. Returns P(latest this low or lower) and P(this high or higher) under "same pass rate".
 */
export function fisherTails(
  a: number,
  n1: number,
  b: number,
  n2: number,
): { lower: number; upper: number } {
  const N = n1 + n2;
  const K = a + b;
  const lf = logFactorials(N);
  const logChoose = (n: number, k: number) => (lf[n] ?? 0) - (lf[k] ?? 0) - (lf[n - k] ?? 0);
  const p = (x: number) => Math.exp(logChoose(K, x) + logChoose(N - K, n2 - x) - logChoose(N, n2));
  const lo = Math.max(0, n2 - (N - K));
  const hi = Math.min(K, n2);
  let lower = 0;
  let upper = 0;
  for (let x = lo; x <= hi; x++) {
    if (x <= b) lower += p(x);
    if (x >= b) upper += p(x);
  }
  return { lower: Math.min(1, lower), upper: Math.min(1, upper) };
}

function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * The outlier test for a cost or a latency: `value` at least 3 standard deviations and 20 %
 * away from the mean of at least 3 baseline values. Returns the baseline's mean and sd when it is.
 */
export function outlier(values: number[], value: number): { mean: number; sd: number } | undefined {
  if (values.length < MIN_BASELINE_RUNS) return undefined;
  const { mean, sd } = meanSd(values);
  if (mean === 0) return undefined;
  const far = Math.abs(value - mean) >= 3 * sd && Math.abs(value - mean) >= 0.2 * Math.abs(mean);
  return far ? { mean, sd } : undefined;
}

/**
 * Per prompt and model, the latest run against a rolling baseline of the `window` runs before
 * it. Significant: a pass rate that Fisher's exact test puts below (or above) the baseline at
 * p < 0.05; a cost or p95 latency at least 3 standard deviations and 20 % away from the
 * baseline's mean. Needs at least 3 baseline runs.
 */
export function detectDrift(history: HistoryEntry[], window = 10): DriftSeries[] {
  const groups = new Map<string, HistoryEntry[]>();
  for (const entry of history) {
    if (entry.summary.cancelled) continue;
    const key = `${entry.prompt}\u0000${entry.model}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].map((entries) => {
    const sorted = [...entries].sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    const runs = sorted.map((e) => ({
      createdAt: e.createdAt,
      passRate: e.summary.passRate,
      passed: e.summary.passed,
      total: e.summary.total,
      costUsd: e.summary.costUsd,
      p95: e.summary.latencyMs.p95,
    }));
    const series: DriftSeries = {
      prompt: sorted[0]?.prompt ?? '',
      model: sorted[0]?.model ?? '',
      runs,
      flags: [],
    };
    const latest = runs[runs.length - 1];
    const baseline = runs.slice(-1 - window, -1);
    if (!latest || baseline.length < MIN_BASELINE_RUNS) return series;
    const a = baseline.reduce((s, r) => s + r.passed, 0);
    const n1 = baseline.reduce((s, r) => s + r.total, 0);
    if (n1 > 0 && latest.total > 0) {
      const { lower, upper } = fisherTails(a, n1, latest.passed, latest.total);
      const rate = `${Math.round((a / n1) * 100)}% over the last ${baseline.length} runs → ${Math.round(latest.passRate * 100)}%`;
      if (lower < 0.05)
        series.flags.push({
          metric: 'pass rate',
          direction: 'drop',
          evidence: `${rate} (Fisher's exact test, p = ${lower.toFixed(4)})`,
        });
      else if (upper < 0.05)
        series.flags.push({
          metric: 'pass rate',
          direction: 'rise',
          evidence: `${rate} (Fisher's exact test, p = ${upper.toFixed(4)})`,
        });
    }
    const flagOutlier = (
      metric: 'cost' | 'latency p95',
      values: number[],
      value: number | null,
      format: (x: number) => string,
    ) => {
      if (value === null) return;
      const far = outlier(values, value);
      if (!far) return;
      const { mean, sd } = far;
      series.flags.push({
        metric,
        direction: value > mean ? 'rise' : 'drop',
        evidence: `${format(value)} against a mean of ${format(mean)} (sd ${format(sd)}) over the last ${values.length} runs`,
      });
    };
    flagOutlier(
      'cost',
      baseline.map((r) => r.costUsd),
      latest.costUsd,
      (x) => `$${x.toFixed(4)}`,
    );
    flagOutlier(
      'latency p95',
      baseline.map((r) => r.p95).filter((x): x is number => x !== null),
      latest.p95,
      (x) => `${Math.round(x)} ms`,
    );
    return series;
  });
}
