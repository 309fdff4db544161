import * as fs from 'node:fs';
import * as path from 'node:path';
import * as z from 'zod/mini';
import { compareArtifacts, firstRepeats, type Comparison } from '../compare/compare';
import {
  loadVersion,
  parseVersionRef,
  VersionError,
  type PromptVersion,
  type VersionRef,
} from '../compare/versions';
import type { ShadowLimits } from '../config';
import type { GateProblem } from '../gate/check';
import { percentile, type CaseResult, type RunArtifact } from '../eval/artifact';
import { evalPrompt, runSettingsOf, type EvalOptions } from '../eval/engine';
import { fixturePathFor } from '../eval/fixtures';
import { writeJsonAtomic } from '../fs/atomic';
import { posixRelative } from '../fs/paths';
import { parsePromptDocument } from '../language/document';
import { compileSchema } from '../schema/compile';
import { sha256 } from '../hash';
import { readRegistry, promptKey, type LabelTarget } from '../registry/registry';

export const SHADOW_DIR = path.join('.promptops', 'shadow');
export const SHADOW_SCHEMA_VERSION = 1;

const Side = z.object({
  /** What was asked for: a label, `working`, a git revision or a saved run id. */
  ref: z.string(),
  /** The git commit, when the version is one. */
  rev: z.optional(z.string()),
  version: z.string(),
  model: z.string(),
  sha256: z.string(),
});

const Rates = z.object({ baseline: z.nullable(z.number()), candidate: z.nullable(z.number()) });
const Latency = z.object({ p50: z.nullable(z.number()), p95: z.nullable(z.number()) });

export const ShadowSummarySchema = z.object({
  /** Cases run on both sides. */
  cases: z.number(),
  /** Cases both sides answered (no error on either): the denominator of the rates. */
  compared: z.number(),
  errors: z.object({ baseline: z.number(), candidate: z.number() }),
  changedRate: z.number(),
  shapeChangedRate: z.number(),
  /** null when the cases have no assertions (sampled production inputs). */
  assertionFlips: z.nullable(z.object({ passToFail: z.number(), failToPass: z.number() })),
  /** null when neither version declares a guard. */
  guardFlips: z.nullable(z.object({ toFallback: z.number(), fromFallback: z.number() })),
  flipRate: z.number(),
  /** null for a side without an output schema. */
  schemaValidRate: Rates,
  costUsd: z.object({ baseline: z.number(), candidate: z.number() }),
  latencyMs: z.object({ baseline: Latency, candidate: Latency }),
});
export type ShadowSummary = z.infer<typeof ShadowSummarySchema>;

export const ShadowReportSchema = z.object({
  kind: z.literal('promptops-shadow'),
  schemaVersion: z.literal(SHADOW_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('promptops'), version: z.string() }),
  createdAt: z.string(),
  prompt: z.string(),
  inputs: z.object({ source: z.string(), count: z.number() }),
  baseline: Side,
  candidate: Side,
  summary: ShadowSummarySchema,
  /** Case by case, for the compare view (outputs, diffs, statistics). */
  comparison: z.looseObject({ prompt: z.string(), cases: z.array(z.unknown()) }),
});
export type ShadowReport = Omit<z.infer<typeof ShadowReportSchema>, 'comparison'> & {
  comparison: Comparison;
};

export class ShadowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShadowError';
  }
}

/**
 * The structure of an output: JSON keys and types, recursively (array elements merged), or
 * `text` for prose. Two outputs with the same shape can differ in wording but not in form.
 */
export function shapeOf(result: CaseResult): string {
  const output = result.output;
  if (!output) return 'none';
  if (output.json === undefined) return 'text';
  const shape = (value: unknown): string => {
    if (value === null) return 'null';
    if (Array.isArray(value)) return `[${[...new Set(value.map(shape))].sort().join('|')}]`;
    if (typeof value === 'object')
      return `{${Object.keys(value as object)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${shape((value as Record<string, unknown>)[k])}`)
        .join(',')}}`;
    return typeof value;
  };
  return shape(output.json);
}

/** What an output is, normalised: JSON re-serialised so formatting alone is no change. */
const normalised = (result: CaseResult) =>
  result.output?.json !== undefined
    ? JSON.stringify(result.output.json)
    : (result.output?.text ?? '');
const fellBack = (result: CaseResult) => result.guard?.action === 'fallback';

/** Sampled production inputs: one JSON object a line, either the input itself or `{ id?, input }`. */
export function inputsAsCases(text: string, file: string): string {
  const lines: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new ShadowError(`${file}:${index + 1}: not valid JSON (${(error as Error).message})`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value))
      throw new ShadowError(
        `${file}:${index + 1}: expected a JSON object (the input, or { "id", "input" })`,
      );
    const record = value as Record<string, unknown>;
    const wrapped =
      record.input && typeof record.input === 'object' && !Array.isArray(record.input);
    const id =
      wrapped && typeof record.id === 'string' && record.id ? record.id : `line-${index + 1}`;
    lines.push(JSON.stringify({ id, input: wrapped ? record.input : record }));
  });
  if (!lines.length) throw new ShadowError(`${file} has no inputs`);
  return lines.join('\n') + '\n';
}

export interface ShadowOptions
  extends Omit<EvalOptions, 'readFile' | 'write' | 'fixtures' | 'caseIds'> {
  /** A label of the registry (default production), or `working`, a git revision or a saved run id. */
  baseline?: string;
  /** `working` (default), a git revision or a saved run id. */
  candidate?: string;
  /** A JSONL file of inputs to run instead of the baseline's fixture cases. */
  inputsFile?: string;
}

/** A label's commit (when `labels` has it), else `working`, a saved run id or a git revision. */
function resolveRef(
  text: string,
  root: string,
  relative: string,
  labels: Record<string, LabelTarget>,
): { ref: VersionRef; rev?: string } {
  const target = labels[text];
  if (target) return { ref: { kind: 'git', rev: target.rev }, rev: target.rev };
  const ref = parseVersionRef(text, root, relative);
  return ref.kind === 'git' ? { ref, rev: ref.rev } : { ref };
}

/**
 * Runs a candidate version in the shadow of a baseline (by default the production label) on
 * the same inputs, and measures how far its answers diverge. Nothing is written but the report.
 */
export async function runShadow(promptFile: string, options: ShadowOptions): Promise<ShadowReport> {
  const { root } = options;
  const relative = promptKey(root, promptFile);
  const baselineName = options.baseline ?? 'production';
  const candidateName = options.candidate ?? 'working';
  const labels = readRegistry(root).prompts[relative]?.labels ?? {};
  if (options.baseline === undefined && !labels[baselineName])
    throw new ShadowError(
      `${relative} has no 'production' label: promote a version with promptops label, or pass --baseline <label|rev>`,
    );
  const baseline = resolveRef(baselineName, root, relative, labels);
  const candidate = resolveRef(candidateName, root, relative, {}); // the candidate is never a label
  const baseVersion = loadBaseline(promptFile, baseline.ref, baselineName, labels, options);
  const candidateVersion = loadVersion(root, promptFile, candidate.ref);
  const inputs = shadowInputs(promptFile, baseVersion, options);

  const a = await runVersion(promptFile, baseVersion, inputs, options);
  const b = await runVersion(promptFile, candidateVersion, inputs, options);
  const comparison = compareArtifacts(a, b, {
    a: `${baselineName} (${baseVersion.label})`,
    b: `${candidateName === 'working' ? 'candidate' : candidateName} (${candidateVersion.label})`,
  });
  const summary = await summariseShadow(
    a,
    b,
    baseVersion.promptSource,
    candidateVersion.promptSource,
  );
  return {
    kind: 'promptops-shadow',
    schemaVersion: SHADOW_SCHEMA_VERSION,
    tool: { name: 'promptops', version: options.version },
    createdAt: new Date().toISOString(),
    prompt: relative,
    inputs: { source: inputs.source, count: b.cases.length },
    baseline: reportSide(baselineName, baseline, baseVersion, a),
    candidate: reportSide(candidateName, candidate, candidateVersion, b),
    summary,
    comparison,
  };
}

/** The baseline's version; a ref that is neither a version nor a label says which labels there are. */
function loadBaseline(
  promptFile: string,
  ref: VersionRef,
  name: string,
  labels: Record<string, LabelTarget>,
  options: ShadowOptions,
): PromptVersion {
  try {
    return loadVersion(options.root, promptFile, ref);
  } catch (error) {
    const names = Object.keys(labels);
    if (error instanceof VersionError && !labels[name])
      throw new VersionError(
        `${error.message}; nor a label of ${promptKey(options.root, promptFile)} (labels: ${names.join(', ') || 'none'})`,
      );
    throw error;
  }
}

/** The cases both versions run: --inputs (one case a line), else the baseline's fixtures. */
interface ShadowInputs {
  file: string;
  text: string;
  /** For the report: the inputs file relative to the root, or `fixtures`. */
  source: string;
}

function shadowInputs(
  promptFile: string,
  baseVersion: PromptVersion,
  options: ShadowOptions,
): ShadowInputs {
  const { root } = options;
  if (options.inputsFile) {
    let text: string;
    try {
      text = fs.readFileSync(options.inputsFile, 'utf8');
    } catch (error) {
      throw new ShadowError(
        `cannot read ${options.inputsFile}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    // The cases take the inputs' name so messages point at it; .jsonl makes the engine read one case a line.
    return {
      file: path.resolve(options.inputsFile).replace(/(\.jsonl)?$/, '.jsonl'),
      text: inputsAsCases(text, options.inputsFile),
      source: posixRelative(root, path.resolve(options.inputsFile)),
    };
  }
  const fixturesFile = fixturePathFor(
    promptFile,
    parsePromptDocument(baseVersion.promptSource).frontmatter?.data,
  );
  const text =
    baseVersion.fixturesSource ??
    (fixturesFile && fs.existsSync(fixturesFile)
      ? fs.readFileSync(fixturesFile, 'utf8')
      : undefined);
  if (!fixturesFile || text === undefined)
    throw new ShadowError(
      `${promptKey(root, promptFile)} has no fixture file to take inputs from: pass --inputs <file.jsonl>`,
    );
  return { file: fixturesFile, text, source: 'fixtures' };
}

/** One version's answers to the inputs; nothing is written. */
async function runVersion(
  promptFile: string,
  version: PromptVersion,
  inputs: ShadowInputs,
  options: ShadowOptions,
): Promise<RunArtifact> {
  const readFile = (file: string) =>
    path.resolve(file) === path.resolve(promptFile) ? version.promptSource : undefined;
  return (
    await evalPrompt(promptFile, {
      ...options,
      write: false,
      readFile,
      fixtures: { file: inputs.file, text: inputs.text },
    })
  ).artifact;
}

function reportSide(
  name: string,
  resolved: { rev?: string },
  version: PromptVersion,
  artifact: RunArtifact,
) {
  return {
    ref: name,
    ...(resolved.rev ? { rev: resolved.rev } : {}),
    version: version.label,
    model: artifact.model.id,
    sha256: sha256(version.promptSource),
  };
}

async function validityRate(
  artifact: RunArtifact,
  source: string,
  ids: Set<string>,
): Promise<number | null> {
  const schema = (await runSettingsOf(parsePromptDocument(source))).output.schema;
  if (!schema) return null;
  const validate = compileSchema(schema);
  const answered = artifact.cases.filter((c) => c.repeat === 0 && ids.has(c.id));
  if (!answered.length) return null;
  if (validate instanceof Error) return 0;
  return (
    answered.filter((c) => c.output?.json !== undefined && validate(c.output.json)).length /
    answered.length
  );
}

export async function summariseShadow(
  a: RunArtifact,
  b: RunArtifact,
  sourceA: string,
  sourceB: string,
): Promise<ShadowSummary> {
  const casesA = firstRepeats(a);
  const casesB = firstRepeats(b);
  const shared = [...casesA.keys()].filter((id) => casesB.has(id));
  const pairs = shared.map((id) => [casesA.get(id)!, casesB.get(id)!] as const);
  const answered = pairs.filter(([x, y]) => x.status !== 'error' && y.status !== 'error');
  const n = answered.length;
  const rate = (count: number) => (n ? count / n : 0);
  const withAssertions = answered.some(
    ([x, y]) => x.assertions.length > 0 || y.assertions.length > 0,
  );
  const withGuard = answered.some(([x, y]) => x.guard !== undefined || y.guard !== undefined);
  const flipped = answered.filter(
    ([x, y]) =>
      (withAssertions && x.status !== y.status) || (withGuard && fellBack(x) !== fellBack(y)),
  ).length;
  const ids = new Set(answered.map(([x]) => x.id));
  const latency = (cases: CaseResult[]) => {
    const values = cases.map((c) => c.latencyMs).filter((l): l is number => l !== null);
    return { p50: percentile(values, 50), p95: percentile(values, 95) };
  };
  return {
    cases: shared.length,
    compared: n,
    errors: {
      baseline: pairs.filter(([x]) => x.status === 'error').length,
      candidate: pairs.filter(([, y]) => y.status === 'error').length,
    },
    changedRate: rate(answered.filter(([x, y]) => normalised(x) !== normalised(y)).length),
    shapeChangedRate: rate(answered.filter(([x, y]) => shapeOf(x) !== shapeOf(y)).length),
    assertionFlips: withAssertions
      ? {
          passToFail: answered.filter(([x, y]) => x.status === 'pass' && y.status === 'fail')
            .length,
          failToPass: answered.filter(([x, y]) => x.status === 'fail' && y.status === 'pass')
            .length,
        }
      : null,
    guardFlips: withGuard
      ? {
          toFallback: answered.filter(([x, y]) => !fellBack(x) && fellBack(y)).length,
          fromFallback: answered.filter(([x, y]) => fellBack(x) && !fellBack(y)).length,
        }
      : null,
    flipRate: rate(flipped),
    schemaValidRate: {
      baseline: await validityRate(a, sourceA, ids),
      candidate: await validityRate(b, sourceB, ids),
    },
    costUsd: {
      baseline: pairs.reduce((s, [x]) => s + (x.costUsd ?? 0), 0),
      candidate: pairs.reduce((s, [, y]) => s + (y.costUsd ?? 0), 0),
    },
    latencyMs: {
      baseline: latency(pairs.map(([x]) => x)),
      candidate: latency(pairs.map(([, y]) => y)),
    },
  };
}

/** `.promptops/shadow/<prompt path without .prompt>.json` */
export function shadowReportPath(root: string, promptPath: string): string {
  return path.join(root, SHADOW_DIR, `${promptPath.replace(/\.prompt$/, '')}.json`);
}

export function writeShadowReport(root: string, report: ShadowReport): string {
  const file = shadowReportPath(root, report.prompt);
  writeJsonAtomic(file, report, 2);
  return file;
}

export function readShadowReport(file: string): ShadowReport {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ShadowError(`${file} is not JSON: ${(error as Error).message}`);
  }
  const parsed = ShadowReportSchema.safeParse(value);
  if (!parsed.success)
    throw new ShadowError(
      `${file} is not a PromptOps shadow report: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
    );
  // The comparison is checked for its outline only: the compare view reads it defensively.
  return parsed.data as unknown as ShadowReport;
}

/** The limits a report breaks, as gate problems. */
export function shadowProblems(report: ShadowReport, limits: ShadowLimits): GateProblem[] {
  const s = report.summary;
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const problems: GateProblem[] = [];
  const over = (value: number, limit: number | undefined, what: string) => {
    if (limit !== undefined && value > limit + 1e-12)
      problems.push({
        kind: 'shadow',
        message: `shadow ${report.candidate.ref} vs ${report.baseline.ref}: ${what} ${pct(value)} > ${pct(limit)}`,
      });
  };
  over(s.changedRate, limits.maxChangedRate, 'outputs changed');
  over(s.shapeChangedRate, limits.maxShapeChangedRate, 'outputs changed shape');
  over(s.flipRate, limits.maxFlipRate, 'assertion or guard outcomes flipped');
  const valid = s.schemaValidRate.candidate;
  if (
    limits.minSchemaValidRate !== undefined &&
    valid !== null &&
    valid < limits.minSchemaValidRate - 1e-12
  )
    problems.push({
      kind: 'shadow',
      message: `shadow ${report.candidate.ref}: schema-valid outputs ${pct(valid)} < ${pct(limits.minSchemaValidRate)}`,
    });
  if (s.compared === 0 && s.cases > 0)
    problems.push({
      kind: 'shadow',
      message: `shadow ${report.candidate.ref} vs ${report.baseline.ref}: no case answered on both sides (${s.errors.baseline} baseline and ${s.errors.candidate} candidate errors)`,
    });
  return problems;
}
