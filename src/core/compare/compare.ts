import { diffLines } from 'diff';
import {
  diffToolCalls,
  formatTranscript,
  transcriptCalls,
  type ToolCallChange,
} from '../tools/transcript';
import * as path from 'node:path';
import { percentile, type CaseResult, type RunArtifact } from '../eval/artifact';
import { evalPrompt, type EvalMode, type EvalOptions } from '../eval/engine';
import { fixturePathFor } from '../eval/fixtures';
import { parsePromptDocument } from '../language/document';
import { variantOf } from '../variants/variants';
import { mcnemarExact } from './stats';
import { jsonDiff, wordDiff, type DiffSegment, type JsonChange } from './textdiff';
import { loadVersion, type PromptVersion, type VersionRef } from './versions';

export type Change = 'pass→pass' | 'fail→fail' | 'pass→fail' | 'fail→pass' | 'error';

export interface CaseComparison {
  id: string;
  input: Record<string, unknown>;
  a: CaseResult;
  b: CaseResult;
  change: Change;
  outputChanged: boolean;
  /** Word-level diff of the outputs (text). */
  words: DiffSegment[];
  /** Tool-calling cases: A's calls against B's (same, other arguments, added, removed). */
  toolCalls?: ToolCallChange[];
  /** Multi-step cases: each side's transcript as text. */
  transcripts?: { a: string; b: string };
  /** Structural diff when both outputs are JSON. */
  json?: JsonChange[];
}

export interface SideSummary {
  label: string;
  model: string;
  passRate: number;
  costUsd: number;
  tokens: number;
  latencyP50: number | null;
  latencyP95: number | null;
}

export interface Comparison {
  prompt: string;
  createdAt: string;
  a: SideSummary;
  b: SideSummary;
  cases: CaseComparison[];
  /** Cases only one side has (the fixtures changed between versions). */
  onlyA: string[];
  onlyB: string[];
  regressions: number;
  improvements: number;
  /** Exact McNemar p-value of the pass/fail flips on the shared cases. */
  pValue: number;
  /** Line diff of the prompt template A → B. */
  template: DiffSegment[];
}

/** Each case of an artifact by id, as its first sample (repeat 0 stands for the case). */
export function firstRepeats(artifact: RunArtifact): Map<string, CaseResult> {
  const byId = new Map<string, CaseResult>();
  for (const c of artifact.cases) if (!byId.has(c.id)) byId.set(c.id, c); // repeat 0 stands for the case
  return byId;
}

function side(label: string, artifact: RunArtifact, cases: CaseResult[]): SideSummary {
  const latencies = cases.map((c) => c.latencyMs).filter((l): l is number => l !== null);
  return {
    label,
    model: artifact.model.id,
    passRate: cases.length ? cases.filter((c) => c.status === 'pass').length / cases.length : 0,
    costUsd: cases.reduce((sum, c) => sum + (c.costUsd ?? 0), 0),
    tokens: cases.reduce((sum, c) => sum + (c.tokens?.total ?? 0), 0),
    latencyP50: percentile(latencies, 50),
    latencyP95: percentile(latencies, 95),
  };
}

/** Case by case, A against B, on the cases both ran; statistics over those shared cases. */
export function compareArtifacts(
  a: RunArtifact,
  b: RunArtifact,
  labels: { a: string; b: string },
): Comparison {
  const casesA = firstRepeats(a);
  const casesB = firstRepeats(b);
  const shared = [...casesA.keys()].filter((id) => casesB.has(id));
  const cases: CaseComparison[] = shared.map((id) => {
    const ca = casesA.get(id) as CaseResult;
    const cb = casesB.get(id) as CaseResult;
    const change: Change =
      ca.status === 'error' || cb.status === 'error'
        ? 'error'
        : (`${ca.status}→${cb.status}` as Change);
    // JSON answers are compared pretty-printed, so that formatting alone is no difference.
    const shown = (r: CaseResult) =>
      r.output?.json !== undefined
        ? JSON.stringify(r.output.json, null, 2)
        : (r.output?.text ?? r.error ?? '');
    const textA = shown(ca);
    const textB = shown(cb);
    const comparison: CaseComparison = {
      id,
      input: ca.input,
      a: ca,
      b: cb,
      change,
      outputChanged: textA !== textB,
      words: wordDiff(textA, textB),
    };
    if (ca.output?.json !== undefined && cb.output?.json !== undefined)
      comparison.json = jsonDiff(ca.output.json, cb.output.json);
    if (ca.transcript?.length || cb.transcript?.length) {
      comparison.toolCalls = diffToolCalls(
        transcriptCalls(ca.transcript),
        transcriptCalls(cb.transcript),
      );
      comparison.transcripts = {
        a: formatTranscript(ca.transcript ?? []),
        b: formatTranscript(cb.transcript ?? []),
      };
    }
    return comparison;
  });
  const regressions = cases.filter((c) => c.change === 'pass→fail').length;
  const improvements = cases.filter((c) => c.change === 'fail→pass').length;
  return {
    prompt: b.prompt.path,
    createdAt: new Date().toISOString(),
    a: side(
      labels.a,
      a,
      shared.map((id) => casesA.get(id) as CaseResult),
    ),
    b: side(
      labels.b,
      b,
      shared.map((id) => casesB.get(id) as CaseResult),
    ),
    cases,
    onlyA: [...casesA.keys()].filter((id) => !casesB.has(id)),
    onlyB: [...casesB.keys()].filter((id) => !casesA.has(id)),
    regressions,
    improvements,
    pValue: mcnemarExact(regressions, improvements),
    template: diffLines(a.prompt.source, b.prompt.source).map((part) => ({
      text: part.value,
      kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
    })),
  };
}

export interface CompareSide {
  ref: VersionRef;
  model?: string;
}

/**
 * A base prompt against one of its variants (`name.variant.prompt`), both as they are on disk,
 * on the same cases (the variant shares the base's fixtures unless it has its own; only the
 * cases both have are compared).
 */
export async function compareVariant(
  baseFile: string,
  variantPromptFile: string,
  models: { a?: string; b?: string },
  options: Omit<EvalOptions, 'readFile' | 'write' | 'model'> & { mode?: EvalMode },
): Promise<Comparison> {
  const run = (file: string, model: string | undefined) =>
    evalPrompt(file, { ...options, write: false, ...(model ? { model } : {}) });
  const a = await run(baseFile, models.a);
  const b = await run(variantPromptFile, models.b);
  const variant = variantOf(variantPromptFile)?.variant ?? path.basename(variantPromptFile);
  const comparison = compareArtifacts(a.artifact, b.artifact, {
    a: 'base',
    b: `variant ${variant}`,
  });
  return { ...comparison, prompt: a.artifact.prompt.path };
}

/**
 * Runs both sides on their fixture cases (without writing artifacts) and compares them. The
 * cache makes an unchanged side free; `replay` answers from recordings only.
 */
export async function compareVersions(
  promptFile: string,
  sides: { a: CompareSide; b: CompareSide },
  options: Omit<EvalOptions, 'readFile' | 'write' | 'model'> & { mode?: EvalMode },
): Promise<Comparison> {
  const run = async (
    compareSide: CompareSide,
  ): Promise<{ version: PromptVersion; artifact: RunArtifact }> => {
    const version = loadVersion(options.root, promptFile, compareSide.ref);
    const fixturesFile = fixturePathFor(
      promptFile,
      parsePromptDocument(version.promptSource).frontmatter?.data,
    );
    const readFile = (file: string) =>
      path.resolve(file) === path.resolve(promptFile)
        ? version.promptSource
        : fixturesFile && path.resolve(file) === path.resolve(fixturesFile)
          ? version.fixturesSource
          : undefined;
    const { artifact } = await evalPrompt(promptFile, {
      ...options,
      write: false,
      readFile,
      ...(compareSide.model ? { model: compareSide.model } : {}),
    });
    return { version, artifact };
  };
  const a = await run(sides.a);
  const b = await run(sides.b);
  // The model is shown beside each side's label, so the label names the version only.
  return compareArtifacts(a.artifact, b.artifact, { a: a.version.label, b: b.version.label });
}
