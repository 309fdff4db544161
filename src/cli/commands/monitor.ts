import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { MIN_BASELINE_RUNS } from '../../core/gate/drift';
import {
  HOUR_MS,
  monitorTraces,
  type MonitorReport,
  type VersionStats,
} from '../../core/monitor/monitor';
import { readTraces, TraceFileError, type GenerationRecord } from '../../core/monitor/otlp';
import { listPrice } from '../../core/providers/prices';
import { workspaceConfig } from '../config';
import { EXIT, UsageError } from '../errors';

export const MONITOR_HELP = `Usage: promptops monitor <traces…> [--bucket 1h] [--window N] [--json]

Reads OTLP/JSON traces (the OpenTelemetry Collector's file exporter: JSON lines of
ExportTraceServiceRequest) with the spans require('promptops') emits, and reports per prompt,
label and version: requests, cost, tokens, latency p50/p95, guard fallback rate, finish reasons.
Flags, with the tests promptops drift uses:
  - between versions: a label's current version against the one it served before;
  - over time: the current version's latest time bucket against the N before it (default 10,
    at least ${MIN_BASELINE_RUNS});
guard fallback and error rates by Fisher's exact test (p < 0.05); cost per request and p95
latency when at least 3 standard deviations and 20% from the baseline buckets' mean.
  --bucket <N>m|h|d  width of a time bucket (default 1h)
  --json             the report as JSON
Exit codes: 0 no flag, 1 a flag fired, 2 usage or input error.`;

const UNIT_MS: Record<string, number> = { m: 60_000, h: HOUR_MS, d: 24 * HOUR_MS };

export function parseBucket(text: string | undefined): number {
  if (text === undefined) return HOUR_MS;
  const match = /^(\d+)([mhd])$/.exec(text);
  const n = match ? Number(match[1]) : 0;
  if (!match || n <= 0)
    throw new UsageError(`--bucket takes a width such as 15m, 1h or 1d, not '${text}'`);
  return n * UNIT_MS[match[2]!]!;
}

/** Reads trace files for `monitor` and `capture`; an unreadable or malformed file is a usage error. */
export function tracesFrom(files: string[]): { records: GenerationRecord[]; spans: number } {
  if (files.length === 0) throw new UsageError('give at least one OTLP/JSON traces file');
  try {
    return readTraces(files);
  } catch (error) {
    if (error instanceof TraceFileError) throw new UsageError(error.message);
    throw error;
  }
}

const usd = (x: number | null) => (x === null ? '–' : `$${x.toFixed(x < 0.01 ? 6 : 4)}`);
const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);

function versionLine(v: VersionStats): string {
  const reasons = Object.entries(v.finishReasons)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${Math.round((n / v.requests) * 100)}%`)
    .join(', ');
  return [
    `  ${v.label || '(no label)'} ${v.version.slice(0, 7) || '(no version)'}`,
    `${v.requests} requests${v.errors ? ` (${v.errors} errors)` : ''}`,
    `cost ${usd(v.costUsd)} (${usd(v.costPerRequest)}/request)`,
    `tokens ${v.inputTokens} in / ${v.outputTokens} out`,
    `p50 ${ms(v.latencyMs.p50)} p95 ${ms(v.latencyMs.p95)}`,
    `fallback ${(v.fallbackRate * 100).toFixed(1)}%`,
    `finish ${reasons || '–'}`,
    `${v.firstSeen.slice(0, 16)} → ${v.lastSeen.slice(0, 16)}`,
  ].join(' · ');
}

function printReport(report: MonitorReport, out: (text: string) => void): void {
  let prompt = '';
  for (const v of report.versions) {
    if (v.prompt !== prompt) out((prompt = v.prompt));
    out(versionLine(v));
  }
  for (const f of report.flags)
    out(
      `! ${f.prompt} ${f.label} ${f.version.slice(0, 7)}: ${f.metric} ${f.direction} ${f.scope === 'version' ? 'since the previous version' : 'over time'}: ${f.evidence}`,
    );
  if (!report.flags.length)
    out(`${report.generations} generations in ${report.spans} spans; no significant change`);
}

export async function monitorCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      bucket: { type: 'string' },
      window: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(MONITOR_HELP);
    return EXIT.ok;
  }
  const window = values.window === undefined ? 10 : Number(values.window);
  if (!Number.isInteger(window) || window < MIN_BASELINE_RUNS)
    throw new UsageError(
      `--window takes a whole number ≥ ${MIN_BASELINE_RUNS}, not '${values.window}'`,
    );
  const bucketMs = parseBucket(values.bucket);
  const { records, spans } = tracesFrom(positionals);
  if (records.length === 0)
    throw new UsageError(
      `no promptops generation spans in ${positionals.join(', ')} (${spans} spans read): see docs/telemetry.md`,
    );
  const { config } = workspaceConfig(process.cwd());
  const providers = config.providers ?? [];
  const price = (provider: string, model: string) =>
    listPrice(provider, model, providers.find((p) => p.name === provider)?.prices);
  const report = monitorTraces(records, spans, { bucketMs, window, price });
  if (values.json)
    out(
      JSON.stringify(
        {
          flagged: report.flags.length > 0,
          files: positionals.map((f) => path.resolve(f)),
          ...report,
        },
        null,
        2,
      ),
    );
  else printReport(report, out);
  return report.flags.length ? EXIT.failed : EXIT.ok;
}
