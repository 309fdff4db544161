import * as fs from 'node:fs';
import { GEN_AI, PROMPTOPS } from '../telemetry/conventions';

/** One generation span of a prompt version, read back from OTLP/JSON. */
export interface GenerationRecord {
  prompt: string;
  label: string;
  /** `promptops.version`: the commit the label pointed at. */
  version: string;
  /** Start, ms since the epoch. */
  start: number;
  durationMs: number;
  provider?: string;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  costUsd?: number;
  finishReasons: string[];
  guard?: string;
  /** `error.type`, when the call failed. */
  error?: string;
  /** The recorded input variables (only when the application opted in), as recorded: redacted. */
  input?: Record<string, unknown>;
}

export class TraceFileError extends Error {}

type AnyValue = {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: AnyValue[] };
};
type KeyValue = { key?: string; value?: AnyValue };
interface OtlpSpan {
  name?: string;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: KeyValue[];
}
interface TraceRequest {
  resourceSpans?: { scopeSpans?: { spans?: OtlpSpan[] }[] }[];
}

/** An OTLP/JSON AnyValue as a plain value (int64 arrives as a decimal string, per the OTLP JSON mapping). */
function plain(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  return undefined;
}

const nanosToMs = (n: string | number | undefined) => (n === undefined ? NaN : Number(n) / 1e6);

function parseInput(text: unknown): Record<string, unknown> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A span as a generation record, when it is one of ours (a GenAI span with `promptops.prompt`). */
export function generationRecord(span: OtlpSpan): GenerationRecord | undefined {
  const a = new Map((span.attributes ?? []).map((kv) => [kv.key ?? '', plain(kv.value)]));
  const str = (key: string) =>
    typeof a.get(key) === 'string' ? (a.get(key) as string) : undefined;
  const num = (key: string) =>
    typeof a.get(key) === 'number' ? (a.get(key) as number) : undefined;
  const prompt = str(PROMPTOPS.prompt);
  if (!prompt || !str(GEN_AI.operationName)) return undefined;
  const start = nanosToMs(span.startTimeUnixNano);
  const end = nanosToMs(span.endTimeUnixNano);
  if (!Number.isFinite(start) || !Number.isFinite(end)) return undefined;
  const record: GenerationRecord = {
    prompt,
    label: str(PROMPTOPS.label) ?? '',
    version: str(PROMPTOPS.version) ?? '',
    start,
    durationMs: Math.max(0, end - start),
    finishReasons: ((a.get(GEN_AI.finishReasons) as unknown[] | undefined) ?? []).filter(
      (r): r is string => typeof r === 'string',
    ),
  };
  const optional: [keyof GenerationRecord, unknown][] = [
    ['provider', str(GEN_AI.providerName) ?? str(GEN_AI.system)],
    ['model', str(GEN_AI.requestModel) ?? str(GEN_AI.responseModel)],
    ['inputTokens', num(GEN_AI.inputTokens)],
    ['outputTokens', num(GEN_AI.outputTokens)],
    ['costUsd', num(PROMPTOPS.costUsd)],
    ['guard', str(PROMPTOPS.guardOutcome)],
    ['error', str(GEN_AI.errorType)],
    ['input', parseInput(a.get(PROMPTOPS.input))],
  ];
  for (const [key, value] of optional)
    if (value !== undefined) (record as unknown as Record<string, unknown>)[key] = value;
  return record;
}

function requestsOf(text: string, file: string): TraceRequest[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  try {
    const whole: unknown = JSON.parse(trimmed); // one (pretty-printed) request, or an array of them
    return (Array.isArray(whole) ? whole : [whole]) as TraceRequest[];
  } catch {
    // JSON lines, as the Collector's file exporter writes them
  }
  const lines = text.split(/\r?\n/);
  let last = lines.length - 1;
  while (last > 0 && !lines[last]?.trim()) last--;
  return lines.flatMap((line, index) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as TraceRequest];
    } catch (error) {
      if (index === last) return []; // a torn last line (the writer was killed) is skipped
      throw new TraceFileError(
        `${file}:${index + 1}: not OTLP/JSON (${(error as Error).message.split('\n')[0]})`,
      );
    }
  });
}

/**
 * Reads OTLP/JSON trace files: JSON lines of ExportTraceServiceRequest (the OpenTelemetry
 * Collector's file exporter), or one request per file. Returns PromptOps generation spans;
 * other spans, and lines of metrics or logs, are passed over.
 */
export function readTraces(files: string[]): { records: GenerationRecord[]; spans: number } {
  const records: GenerationRecord[] = [];
  let spans = 0;
  for (const file of files) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new TraceFileError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code}`);
    }
    for (const request of requestsOf(text, file))
      for (const resource of request?.resourceSpans ?? [])
        for (const scope of resource?.scopeSpans ?? [])
          for (const span of scope?.spans ?? []) {
            spans++;
            const record = generationRecord(span);
            if (record) records.push(record);
          }
  }
  return { records, spans };
}
