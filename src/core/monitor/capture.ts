import { sha256 } from '../hash';
import { redactValue } from '../telemetry/content';
import type { GenerationRecord } from './otlp';

export interface CaptureOptions {
  /** The registry key of the prompt (`prompts/triage.prompt`), as spans carry it in `promptops.prompt`. */
  prompt: string;
  /** How many distinct inputs to keep. */
  sample: number;
  /** The same seed and traces give the same sample. */
  seed: string;
  /** Only generations served under this label / at this commit (a prefix is enough). */
  label?: string;
  version?: string;
}

export interface CaptureResult {
  /** Generations of the prompt in the traces (after the label and version filters). */
  generations: number;
  /** Of those, the ones with a recorded input (the application opted in to content). */
  withInput: number;
  /** Distinct inputs, after redaction. */
  distinct: number;
  cases: { id: string; input: Record<string, unknown> }[];
}

/** JSON with object keys sorted, so the same input always has the same text (and hash). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * A reproducible random sample of the production inputs recorded for a prompt: redacted (again:
 * an input recorded by an older version of the redaction gets today's), deduplicated, and
 * ordered by a seeded hash, so the sample depends on the seed and the set of inputs, not on the
 * order of the spans or the files.
 */
export function captureInputs(records: GenerationRecord[], options: CaptureOptions): CaptureResult {
  const matching = records.filter(
    (r) =>
      r.prompt === options.prompt &&
      (options.label === undefined || r.label === options.label) &&
      (options.version === undefined || r.version.startsWith(options.version)),
  );
  const distinct = new Map<string, Record<string, unknown>>();
  let withInput = 0;
  for (const record of matching) {
    if (!record.input) continue;
    withInput++;
    const input = redactValue(record.input) as Record<string, unknown>;
    distinct.set(canonical(input), input);
  }
  const ranked = [...distinct.entries()]
    .map(([text, input]) => ({ text, input, rank: sha256(`${options.seed}\u0000${text}`) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .slice(0, options.sample);
  return {
    generations: matching.length,
    withInput,
    distinct: distinct.size,
    cases: ranked.map(({ text, input }) => ({ id: `prod-${sha256(text).slice(0, 12)}`, input })),
  };
}
