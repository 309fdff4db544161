import { percentile } from '../eval/artifact';
import { fisherTails, MIN_BASELINE_RUNS, outlier } from '../gate/drift';
import { costUsd, type Price } from '../providers/prices';
import type { GenerationRecord } from './otlp';

/** One time bucket of a version's production traffic. */
export interface BucketStats {
  start: string;
  requests: number;
  fallbacks: number;
  errors: number;
  costPerRequest: number | null;
  p95: number | null;
}

/** Production figures of one prompt version under one label. */
export interface VersionStats {
  prompt: string;
  label: string;
  version: string;
  firstSeen: string;
  lastSeen: string;
  requests: number;
  errors: number;
  /** Total over the requests whose cost is known (recorded, or priced from their tokens). */
  costUsd: number;
  costPerRequest: number | null;
  inputTokens: number;
  outputTokens: number;
  latencyMs: { p50: number | null; p95: number | null };
  fallbacks: number;
  fallbackRate: number;
  redacted: number;
  finishReasons: Record<string, number>;
  buckets: BucketStats[];
}

export type MonitorMetric =
  | 'guard fallback rate'
  | 'error rate'
  | 'cost per request'
  | 'latency p95';

export interface MonitorFlag {
  prompt: string;
  label: string;
  version: string;
  metric: MonitorMetric;
  direction: 'rise' | 'drop';
  /** `version`: the label's current version against the one it replaced; `time`: its latest bucket against the ones before. */
  scope: 'version' | 'time';
  evidence: string;
}

export interface MonitorReport {
  spans: number;
  generations: number;
  versions: VersionStats[];
  flags: MonitorFlag[];
}

export interface MonitorOptions {
  /** Width of a time bucket in ms (default an hour). */
  bucketMs?: number;
  /** Buckets of baseline before the latest (default 10, as `drift`'s runs). */
  window?: number;
  /** The price table for records without `promptops.cost.usd`. */
  price?: (provider: string, model: string) => Price | undefined;
}

export const HOUR_MS = 3_600_000;

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function recordCost(record: GenerationRecord, options: MonitorOptions): number | undefined {
  if (record.costUsd !== undefined) return record.costUsd;
  if (!record.model || (record.inputTokens === undefined && record.outputTokens === undefined))
    return undefined;
  const price = options.price?.(record.provider ?? '', record.model);
  return costUsd(price, record.inputTokens ?? 0, record.outputTokens ?? 0);
}

/** Requests, fallbacks, errors, cost per request and p95 latency of some records. */
function figures(records: GenerationRecord[], options: MonitorOptions) {
  const costs = records.flatMap((r) => {
    const cost = recordCost(r, options);
    return cost === undefined ? [] : [cost];
  });
  const total = costs.reduce((s, c) => s + c, 0);
  const latencies = records.filter((r) => !r.error).map((r) => r.durationMs);
  return {
    requests: records.length,
    fallbacks: records.filter((r) => r.guard === 'fallback').length,
    errors: records.filter((r) => r.error !== undefined).length,
    costUsd: total,
    costPerRequest: costs.length ? total / costs.length : null,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}

function versionStats(records: GenerationRecord[], options: MonitorOptions): VersionStats {
  const sorted = [...records].sort((a, b) => a.start - b.start);
  const first = sorted[0]!;
  const bucketMs = options.bucketMs ?? HOUR_MS;
  const byBucket = new Map<number, GenerationRecord[]>();
  for (const r of sorted) {
    const start = Math.floor(r.start / bucketMs) * bucketMs;
    pushTo(byBucket, start, r);
  }
  const finishReasons: Record<string, number> = {};
  for (const r of sorted)
    for (const reason of r.finishReasons) finishReasons[reason] = (finishReasons[reason] ?? 0) + 1;
  const all = figures(sorted, options);
  return {
    prompt: first.prompt,
    label: first.label,
    version: first.version,
    firstSeen: new Date(first.start).toISOString(),
    lastSeen: new Date(sorted[sorted.length - 1]!.start).toISOString(),
    requests: all.requests,
    errors: all.errors,
    costUsd: all.costUsd,
    costPerRequest: all.costPerRequest,
    inputTokens: sorted.reduce((s, r) => s + (r.inputTokens ?? 0), 0),
    outputTokens: sorted.reduce((s, r) => s + (r.outputTokens ?? 0), 0),
    latencyMs: { p50: all.p50, p95: all.p95 },
    fallbacks: all.fallbacks,
    fallbackRate: all.requests ? all.fallbacks / all.requests : 0,
    redacted: sorted.filter((r) => r.guard === 'redacted').length,
    finishReasons,
    buckets: [...byBucket.entries()].map(([start, rs]) => {
      const f = figures(rs, options);
      return {
        start: new Date(start).toISOString(),
        requests: f.requests,
        fallbacks: f.fallbacks,
        errors: f.errors,
        costPerRequest: f.costPerRequest,
        p95: f.p95,
      };
    }),
  };
}

interface Side {
  name: string;
  /** For the rates: count of `metric` events and requests. */
  fallbacks: number;
  errors: number;
  requests: number;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Fisher's exact test (as `drift` applies to pass rates) on the fallback and error rates. */
function rateFlags(
  baseline: Side,
  latest: Side,
): Omit<MonitorFlag, 'prompt' | 'label' | 'version' | 'scope'>[] {
  const flags: Omit<MonitorFlag, 'prompt' | 'label' | 'version' | 'scope'>[] = [];
  if (baseline.requests === 0 || latest.requests === 0) return flags;
  for (const [metric, key] of [
    ['guard fallback rate', 'fallbacks'],
    ['error rate', 'errors'],
  ] as const) {
    const { lower, upper } = fisherTails(
      baseline[key],
      baseline.requests,
      latest[key],
      latest.requests,
    );
    const p = Math.min(lower, upper);
    if (p >= 0.05) continue;
    flags.push({
      metric,
      direction: upper < 0.05 ? 'rise' : 'drop',
      evidence: `${percent(baseline[key] / baseline.requests)} (${baseline.name}, ${baseline.requests} requests) → ${percent(latest[key] / latest.requests)} (${latest.name}, ${latest.requests} requests) (Fisher's exact test, p = ${p.toFixed(4)})`,
    });
  }
  return flags;
}

/** The outlier test `drift` applies to cost and latency: 3 sd and 20 % from the baseline buckets' mean. */
function outlierFlags(
  baseline: BucketStats[],
  baselineName: string,
  latest: { costPerRequest: number | null; p95: number | null },
  latestName: string,
): Omit<MonitorFlag, 'prompt' | 'label' | 'version' | 'scope'>[] {
  const checks = [
    [
      'cost per request',
      (b: BucketStats) => b.costPerRequest,
      latest.costPerRequest,
      (x: number) => `$${x.toFixed(6)}`,
    ],
    ['latency p95', (b: BucketStats) => b.p95, latest.p95, (x: number) => `${Math.round(x)} ms`],
  ] as const;
  return checks.flatMap(([metric, of, value, format]) => {
    if (value === null) return [];
    const values = baseline.map(of).filter((x): x is number => x !== null);
    const far = outlier(values, value);
    if (!far) return [];
    return [
      {
        metric,
        direction: value > far.mean ? ('rise' as const) : ('drop' as const),
        evidence: `${format(value)} (${latestName}) against a mean of ${format(far.mean)} (sd ${format(far.sd)}) over ${values.length} ${baselineName}`,
      },
    ];
  });
}

const short = (rev: string) => rev.slice(0, 7) || '(no version)';

/** The label's current version against the one it served before. */
function versionFlags(previous: VersionStats, current: VersionStats): MonitorFlag[] {
  const found = [
    ...rateFlags(
      { ...previous, name: short(previous.version) },
      { ...current, name: short(current.version) },
    ),
    ...outlierFlags(
      previous.buckets,
      `buckets of ${short(previous.version)}`,
      { costPerRequest: current.costPerRequest, p95: current.latencyMs.p95 },
      short(current.version),
    ),
  ];
  return found.map((f) => ({
    ...f,
    prompt: current.prompt,
    label: current.label,
    version: current.version,
    scope: 'version',
  }));
}

/** The current version's latest bucket against the `window` buckets before it. */
function timeFlags(current: VersionStats, window: number): MonitorFlag[] {
  const latest = current.buckets[current.buckets.length - 1];
  const baseline = current.buckets.slice(-1 - window, -1);
  if (!latest || baseline.length < MIN_BASELINE_RUNS) return [];
  const sum = (key: 'fallbacks' | 'errors' | 'requests') =>
    baseline.reduce((s, b) => s + b[key], 0);
  const found = [
    ...rateFlags(
      {
        name: `${baseline.length} buckets before`,
        fallbacks: sum('fallbacks'),
        errors: sum('errors'),
        requests: sum('requests'),
      },
      { ...latest, name: `bucket of ${latest.start}` },
    ),
    ...outlierFlags(baseline, 'buckets before', latest, `bucket of ${latest.start}`),
  ];
  return found.map((f) => ({
    ...f,
    prompt: current.prompt,
    label: current.label,
    version: current.version,
    scope: 'time',
  }));
}

/**
 * Production figures per prompt, label and version, and the changes that count as significant
 * by the tests `promptops drift` uses: Fisher's exact test (p < 0.05) for the guard fallback
 * and error rates, and 3 standard deviations and 20 % from the baseline's mean for cost per
 * request and p95 latency (over time buckets, at least 3 of them).
 */
export function monitorTraces(
  records: GenerationRecord[],
  spans: number,
  options: MonitorOptions = {},
): MonitorReport {
  const groups = new Map<string, GenerationRecord[]>();
  for (const r of records) {
    const key = [r.prompt, r.label, r.version].join('\u0000');
    pushTo(groups, key, r);
  }
  const versions = [...groups.values()]
    .map((rs) => versionStats(rs, options))
    .sort(
      (a, b) =>
        a.prompt.localeCompare(b.prompt) ||
        a.label.localeCompare(b.label) ||
        a.firstSeen.localeCompare(b.firstSeen),
    );
  const flags: MonitorFlag[] = [];
  const byLabel = new Map<string, VersionStats[]>();
  for (const v of versions) pushTo(byLabel, `${v.prompt}\u0000${v.label}`, v);
  for (const served of byLabel.values()) {
    const current = served[served.length - 1]!;
    const previous = served[served.length - 2];
    if (previous) flags.push(...versionFlags(previous, current));
    flags.push(...timeFlags(current, options.window ?? 10));
  }
  return { spans, generations: records.length, versions, flags };
}
