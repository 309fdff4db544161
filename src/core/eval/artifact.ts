import * as fs from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { copyFileAtomic, writeJsonAtomic, writeJsonAtomicAsync } from '../fs/atomic';
import { RunFingerprintSchema } from './fingerprint';

z.config(en());

export const ARTIFACT_SCHEMA_VERSION = 1;

const Tokens = z.object({ input: z.number(), output: z.number(), total: z.number() });

export const AssertionResultSchema = z.object({
  type: z.string(),
  pass: z.boolean(),
  score: z.number(),
  weight: z.number(),
  reason: z.string(),
  negated: z.boolean(),
  expected: z.optional(z.unknown()),
});

const ToolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  args: z.unknown(),
  argsError: z.optional(z.string()),
  result: z.optional(z.unknown()),
  error: z.optional(z.string()),
  turn: z.int(),
});

const TranscriptEntrySchema = z.object({
  role: z.enum(['user', 'model', 'tool']),
  text: z.optional(z.string()),
  toolCalls: z.optional(z.array(ToolCallSchema)),
  finishReason: z.optional(z.string()),
  tokens: z.optional(z.nullable(Tokens)),
  latencyMs: z.optional(z.nullable(z.number())),
  cached: z.optional(z.boolean()),
});

export const CaseResultSchema = z.object({
  id: z.string(),
  /** 0-based repeat index. */
  repeat: z.int(),
  input: z.record(z.string(), z.unknown()),
  /** The messages sent (after redaction), as Dotprompt renders them. */
  messages: z.array(z.unknown()),
  output: z.nullable(z.object({ text: z.string(), json: z.optional(z.unknown()) })),
  status: z.enum(['pass', 'fail', 'error']),
  score: z.number(),
  assertions: z.array(AssertionResultSchema),
  latencyMs: z.nullable(z.number()),
  tokens: z.nullable(Tokens),
  costUsd: z.nullable(z.number()),
  attempts: z.int(),
  cached: z.boolean(),
  error: z.optional(z.string()),
  /** The run was cancelled before this case had an answer (status `error`). */
  cancelled: z.optional(z.boolean()),
  redactions: z.optional(
    z.array(z.object({ type: z.string(), placeholder: z.string(), message: z.int() })),
  ),
  /** What the prompt's output guard did with the answer, when it declares one. */
  guard: z.optional(
    z.object({ action: z.enum(['pass', 'redacted', 'fallback']), reasons: z.array(z.string()) }),
  ),
  warnings: z.optional(z.array(z.string())),
  /** A multi-step case (tools, turns): every user turn, model reply and scripted tool answer. */
  transcript: z.optional(z.array(TranscriptEntrySchema)),
  /** A case with scripted turns: how each turn's reply was judged. */
  turns: z.optional(
    z.array(
      z.object({
        index: z.int(),
        user: z.string(),
        output: z.string(),
        pass: z.boolean(),
        score: z.number(),
        assertions: z.array(AssertionResultSchema),
      }),
    ),
  ),
});

export const SummarySchema = z.object({
  total: z.int(),
  passed: z.int(),
  failed: z.int(),
  errors: z.int(),
  passRate: z.number(),
  costUsd: z.number(),
  tokens: Tokens,
  latencyMs: z.object({ p50: z.nullable(z.number()), p95: z.nullable(z.number()) }),
  durationMs: z.number(),
  cancelled: z.boolean(),
  /** Share of answered cases whose answer the guard replaced by the fallback (when a guard is declared). */
  fallbackRate: z.optional(z.number()),
});

/** The result artifact of one run of one prompt: the contract CI checks (schemas/results.schema.json). */
export const RunArtifactSchema = z.object({
  schemaVersion: z.literal(ARTIFACT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('promptops'), version: z.string() }),
  createdAt: z.string(),
  prompt: z.object({ path: z.string(), name: z.string(), sha256: z.string(), source: z.string() }),
  fixtures: z.nullable(z.object({ path: z.string(), sha256: z.string() })),
  /** sha256 of each partial the prompt rendered with, by name (null: no such partial); absent when it uses none. */
  partials: z.optional(z.record(z.string(), z.nullable(z.string()))),
  /** Hash of the fingerprint: everything besides the files that decides the results. */
  configHash: z.string(),
  /** What configHash was made from, so the gate can name what changed (absent before 0.2.0). */
  fingerprint: z.optional(RunFingerprintSchema),
  model: z.object({
    id: z.string(),
    provider: z.string(),
    model: z.string(),
    baseURL: z.string(),
    parameters: z.record(z.string(), z.unknown()),
  }),
  mode: z.enum(['live', 'replay', 'record']),
  /** Present on the results of one shard of a sharded run (promptops merge combines them). */
  shard: z.optional(z.object({ index: z.int(), count: z.int() })),
  /** Present on what promptops merge wrote: how many shards the run had and which were merged. */
  shards: z.optional(z.object({ count: z.int(), merged: z.array(z.int()) })),
  /** Present when the requests went through the provider's Batch API (eval --batch). */
  /** The provider's batch; a run sent as several batches lists each in `parts` (id: the first). */
  batch: z.optional(
    z.object({
      id: z.string(),
      status: z.string(),
      parts: z.optional(z.array(z.object({ id: z.string(), status: z.string() }))),
    }),
  ),
  cases: z.array(CaseResultSchema),
  summary: SummarySchema,
});

export type RunArtifact = z.infer<typeof RunArtifactSchema>;
export type CaseResult = z.infer<typeof CaseResultSchema>;
/** A result artifact without its cases: what a run keeps in memory when its cases went to disk. */
export type ArtifactHead = Omit<RunArtifact, 'cases'>;
export type RunSummary = z.infer<typeof SummarySchema>;

export const DEFAULT_RESULTS_DIR = path.join('.promptops', 'results');

/** `<results dir>/<prompt path without .prompt>.json`, mirroring folders so names never collide. */
export function artifactPathFor(
  root: string,
  promptFile: string,
  resultsDir = DEFAULT_RESULTS_DIR,
): string {
  const relative = path.relative(root, promptFile).replace(/\.prompt$/, '');
  const safe = relative.startsWith('..') ? path.basename(relative) : relative;
  return path.join(path.resolve(root, resultsDir), `${safe}.json`);
}

/** The latest artifact of a prompt, or undefined when there is none or it is unreadable. */
export function latestArtifact(
  root: string,
  promptFile: string,
  resultsDir?: string,
): RunArtifact | undefined {
  try {
    return readArtifact(artifactPathFor(root, promptFile, resultsDir));
  } catch {
    return undefined;
  }
}

export function writeArtifact(file: string, artifact: RunArtifact): void {
  writeJsonAtomic(file, artifact, 2);
}

/** writeArtifact without holding the event loop (the extension host writes large artifacts). */
export function writeArtifactAsync(file: string, artifact: RunArtifact): Promise<void> {
  return writeJsonAtomicAsync(file, artifact, 2);
}

export const SAVED_RUNS_DIR = path.join('.promptops', 'runs');
const SAVED_RUNS_KEPT = 20;

/** A run id: the artifact's time, compact and sortable (20261129T093012345Z). */
export function runId(artifact: Pick<RunArtifact, 'createdAt'>): string {
  return artifact.createdAt.replace(/[-:.]/g, '');
}

/**
 * Keeps a copy of every run (with the prompt source it ran) under .promptops/runs/<prompt>/,
 * the last 20 per prompt, so old runs stay comparable after the file changes: a copy of the
 * artifact file the run was just written to.
 */
export function saveRun(
  root: string,
  artifact: Pick<RunArtifact, 'prompt' | 'createdAt'>,
  writtenTo: string,
): string {
  const dir = path.join(root, SAVED_RUNS_DIR, artifact.prompt.path.replace(/\.prompt$/, ''));
  const file = path.join(dir, `${runId(artifact)}.json`);
  copyFileAtomic(writtenTo, file);
  const runs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - SAVED_RUNS_KEPT)))
    fs.rmSync(path.join(dir, old), { force: true });
  return file;
}

/** Saved runs of a prompt, newest first. */
export function savedRuns(root: string, promptPath: string): { id: string; file: string }[] {
  const dir = path.join(root, SAVED_RUNS_DIR, promptPath.replace(/\.prompt$/, ''));
  try {
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .reverse()
      .map((f) => ({ id: f.replace(/\.json$/, ''), file: path.join(dir, f) }));
  } catch {
    return [];
  }
}

export function readArtifact(file: string): RunArtifact {
  const parsed = RunArtifactSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file} is not a PromptOps result artifact: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

/** One line per run in `.promptops/history.jsonl`, for trends and drift. */
export function appendHistory(root: string, artifact: ArtifactHead): void {
  const file = path.join(root, '.promptops', 'history.jsonl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const line = {
    createdAt: artifact.createdAt,
    prompt: artifact.prompt.path,
    promptSha256: artifact.prompt.sha256,
    model: artifact.model.id,
    mode: artifact.mode,
    configHash: artifact.configHash,
    summary: artifact.summary,
  };
  fs.appendFileSync(file, JSON.stringify(line) + '\n');
}

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? null;
}

const lastResults = new WeakMap<readonly CaseResult[], Map<string, CaseResult>>();

/**
 * A case's last result in an artifact's cases (its last repeat), for the editor's lenses, marks
 * and hovers: one index per list of cases, where a search per case was quadratic at 10,000.
 * The lists an artifact holds are not changed once read.
 */
export function lastResultOf(cases: readonly CaseResult[], id: string): CaseResult | undefined {
  let byId = lastResults.get(cases);
  if (!byId) {
    byId = new Map(cases.map((c) => [c.id, c]));
    lastResults.set(cases, byId);
  }
  return byId.get(id);
}
