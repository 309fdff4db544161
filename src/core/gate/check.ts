import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  GateSchema,
  severityOverrides,
  type Gate,
  type ShadowLimits,
  type WorkspaceConfig,
} from '../config';
import { artifactPathFor, RunArtifactSchema, type RunArtifact } from '../eval/artifact';
import { showAt } from '../git/git';
import { runSettingsOf } from '../eval/engine';
import {
  fingerprintChanges,
  fingerprintHash,
  runFingerprint,
  type RunFingerprint,
} from '../eval/fingerprint';
import { filePartialSource, type PartialSource } from '../language/partials';
import { changedPartials, partialHashes } from '../language/used-partials';
import { fixturePathFor, parseFixtures, type FixtureFile } from '../eval/fixtures';
import { DEFAULT_PRIVACY } from '../privacy/request';
import { parsePromptDocument, type PromptDocument } from '../language/document';
import { parseModel, ProviderRegistry } from '../providers/registry';
import { incompleteness, summaryMismatch } from './completeness';
import { sha256 } from '../hash';
import { findPrompts } from '../discovery/discovery';
import { lintFile } from '../lint/linter';
import { GenkitScanner, workspaceGenkitRegistry } from '../genkit/scan';
import { readShadowReport, shadowProblems, shadowReportPath } from '../shadow/shadow';
import { Severity } from '../types';
import { posixRelative } from '../fs/paths';

export type GateProblemKind =
  | 'missing'
  | 'incomplete'
  | 'replay'
  | 'stale'
  | 'invalid'
  | 'threshold'
  | 'regression'
  | 'lint'
  | 'shadow';

export interface GateProblem {
  kind: GateProblemKind;
  message: string;
}

export interface PromptGate {
  prompt: string;
  artifact: string;
  ok: boolean;
  problems: GateProblem[];
  passRate?: number;
  costUsd?: number;
  p95Ms?: number | null;
  /** How the judged results were made: `replay` answered from recordings. */
  mode?: RunArtifact['mode'];
}

export interface GateResult {
  ok: boolean;
  prompts: PromptGate[];
}

/** Where baseline artifacts come from: a folder laid out like .promptops/results, or a git ref. */
export type Baseline = { kind: 'folder'; dir: string } | { kind: 'git'; ref: string };

export interface CheckOptions {
  root: string;
  /** Where the user stands: prompt paths in messages are relative to it (default root). */
  cwd?: string;
  config: WorkspaceConfig;
  /** Resolves providers as a run would (default: the config's providers and process.env). */
  registry?: ProviderRegistry;
  /** Fail results answered from recordings. */
  requireLive?: boolean;
  /** Flags: override the config's and the prompts' gates. */
  thresholds?: Gate;
  baseline?: Baseline;
  lint?: boolean;
  resultsDir?: string;
}

const DEFAULT_TOLERANCE = { passRate: 0, costPct: 10, latencyPct: 25 };
/** A p95 latency regression must also be this many ms: 3 ms → 5 ms is +67 % and only jitter. */
export const LATENCY_SLACK_MS = 50;

function mergeGates(...gates: (Gate | undefined)[]): Gate {
  const merged: Gate = {};
  for (const gate of gates) {
    if (!gate) continue;
    const { tolerance, shadow, ...rest } = gate;
    Object.assign(
      merged,
      Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    );
    if (tolerance)
      merged.tolerance = {
        ...merged.tolerance,
        ...Object.fromEntries(Object.entries(tolerance).filter(([, v]) => v !== undefined)),
      };
    if (shadow)
      merged.shadow = {
        ...merged.shadow,
        ...Object.fromEntries(Object.entries(shadow).filter(([, v]) => v !== undefined)),
      };
  }
  return merged;
}

function loadBaseline(
  baseline: Baseline,
  root: string,
  artifactFile: string,
): RunArtifact | undefined {
  const relative = posixRelative(root, artifactFile);
  let text: string;
  try {
    text =
      baseline.kind === 'folder'
        ? fs.readFileSync(
            path.join(
              path.resolve(root, baseline.dir),
              path.relative(path.join(root, '.promptops', 'results'), artifactFile),
            ),
            'utf8',
          )
        : showAt(root, baseline.ref, relative);
  } catch {
    return undefined; // a prompt new since the baseline: nothing to regress from
  }
  const parsed = RunArtifactSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : undefined;
}

/**
 * The CI gate: every prompt with fixtures has a fresh, complete, valid result artifact that meets
 * its thresholds, does not regress from the baseline, and lints without errors. No model is called.
 */
export async function checkPrompts(paths: string[], options: CheckOptions): Promise<GateResult> {
  const registry = options.registry ?? new ProviderRegistry(options.config.providers ?? []);
  // Rescan sources once per check (unchanged files are not read again).
  for (const scanner of scanners.values()) scanner.invalidate();
  const prompts = findPrompts(paths);
  const results: PromptGate[] = [];
  for (const promptFile of prompts) {
    const gate = await checkPrompt(promptFile, { ...options, registry });
    if (gate) results.push(gate);
  }
  return { ok: results.every((r) => r.ok), prompts: results };
}

/** The gate of one prompt, or undefined when it has no fixtures (nothing to evaluate or gate). */
async function checkPrompt(
  promptFile: string,
  options: CheckOptions & { registry: ProviderRegistry },
): Promise<PromptGate | undefined> {
  const { root, config } = options;
  const source = fs.readFileSync(promptFile, 'utf8');
  const frontmatter = parsePromptDocument(source).frontmatter?.data ?? {};
  const fixturesFile = fixturePathFor(promptFile, frontmatter);
  if (!fixturesFile) return undefined;
  const relative = posixRelative(root, promptFile);
  const display = posixRelative(options.cwd ?? root, promptFile);
  const artifactFile = artifactPathFor(root, promptFile, options.resultsDir);
  const gate: PromptGate = {
    prompt: display,
    artifact: posixRelative(options.cwd ?? root, artifactFile),
    ok: true,
    problems: [],
  };
  const artifact = readGateArtifact(artifactFile, gate, `run: promptops eval ${display}`);
  if (artifact) {
    const baseline = options.baseline
      ? loadBaseline(options.baseline, root, artifactFile)
      : undefined;
    const judged = await judgeArtifact(
      artifact,
      {
        relative: display,
        source,
        fixturesFile,
        fixturesText: fs.readFileSync(fixturesFile),
        partials: filePartialSource(promptFile, root, undefined, config.lint?.partials),
      },
      {
        config,
        registry: options.registry,
        ...(options.requireLive ? { requireLive: true } : {}),
        ...(options.thresholds ? { thresholds: options.thresholds } : {}),
        ...(baseline ? { baseline } : {}),
      },
    );
    gate.problems.push(...judged.problems);
    gate.passRate = judged.passRate;
    gate.costUsd = judged.costUsd;
    gate.p95Ms = judged.p95Ms;
    gate.mode = artifact.mode;
  }
  const limits = effectiveGate(config, frontmatter, relative, options.thresholds).gate.shadow;
  if (limits && Object.values(limits).some((v) => v !== undefined))
    gate.problems.push(...checkShadow(root, relative, display, source, limits));
  if (options.lint !== false)
    gate.problems.push(
      ...(await lintErrors([promptFile, fixturesFile], root, options.cwd ?? root, config)),
    );
  gate.ok = gate.problems.length === 0;
  return gate;
}

/** The prompt's artifact, or undefined with the reason in the gate's problems. */
function readGateArtifact(
  artifactFile: string,
  gate: PromptGate,
  refresh: string,
): RunArtifact | undefined {
  if (!fs.existsSync(artifactFile)) {
    gate.problems.push({ kind: 'missing', message: `no results (${gate.artifact}); ${refresh}` });
    return undefined;
  }
  try {
    const parsed = RunArtifactSchema.safeParse(JSON.parse(fs.readFileSync(artifactFile, 'utf8')));
    if (parsed.success) return parsed.data;
    gate.problems.push({
      kind: 'invalid',
      message: `${gate.artifact} is not a valid result artifact (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}); ${refresh}`,
    });
  } catch (error) {
    gate.problems.push({
      kind: 'invalid',
      message: `${gate.artifact} is not JSON (${(error as Error).message}); ${refresh}`,
    });
  }
  return undefined;
}

function checkShadow(
  root: string,
  relative: string,
  display: string,
  source: string,
  limits: ShadowLimits,
): GateProblem[] {
  const shadowFile = shadowReportPath(root, relative);
  if (!fs.existsSync(shadowFile)) return [];
  const where = posixRelative(root, shadowFile);
  try {
    const report = readShadowReport(shadowFile);
    if (report.candidate.ref === 'working' && report.candidate.sha256 !== sha256(source))
      return [
        {
          kind: 'stale',
          message: `${where} is stale: the prompt changed since the shadow run; run: promptops shadow ${display}`,
        },
      ];
    return shadowProblems(report, limits);
  } catch (error) {
    return [
      {
        kind: 'invalid',
        message: error instanceof Error ? error.message.replace(shadowFile, where) : String(error),
      },
    ];
  }
}

/** One source scan per project in a process (a check of many prompts scans once). */
const scanners = new Map<string, GenkitScanner>();
function scannerFor(root: string): GenkitScanner {
  let scanner = scanners.get(root);
  if (!scanner) scanners.set(root, (scanner = new GenkitScanner(root)));
  return scanner;
}

async function lintErrors(
  files: string[],
  root: string,
  cwd: string,
  config: WorkspaceConfig,
): Promise<GateProblem[]> {
  // Helpers, partials and schemas the app registers: a code partial is no missing-partial error.
  const lintOptions = {
    root,
    severities: severityOverrides(config),
    genkit: workspaceGenkitRegistry(root, config, scannerFor(root)),
  };
  const problems: GateProblem[] = [];
  for (const file of files) {
    const errors = (await lintFile(file, lintOptions)).problems.filter(
      (p) => p.severity === Severity.Error,
    );
    for (const error of errors.slice(0, 5))
      problems.push({
        kind: 'lint',
        message: `${posixRelative(cwd, file)}:${error.range.start.line + 1}:${error.range.start.character + 1} ${error.code} ${error.message}`,
      });
  }
  return problems;
}

/** The gate of one prompt: the config's `gate:`, then its `promptops.gate`, then flags. */
export function effectiveGate(
  config: WorkspaceConfig,
  frontmatter: Record<string, unknown>,
  relative: string,
  flags?: Gate,
): { gate: Gate; problem?: GateProblem } {
  const promptGate = GateSchema.safeParse(frontmatter['promptops.gate'] ?? {});
  const gate = mergeGates(config.gate, promptGate.success ? promptGate.data : undefined, flags);
  if (promptGate.success) return { gate };
  return {
    gate,
    problem: {
      kind: 'invalid',
      message: `promptops.gate in ${relative}: ${promptGate.error.issues[0]?.path.join('.')}: ${promptGate.error.issues[0]?.message}`,
    },
  };
}

/** The texts a result artifact must have been made from to be fresh. */
export interface VersionTexts {
  /** Workspace-relative prompt path, for messages. */
  relative: string;
  source: string;
  /** The fixture file's path (its name decides YAML or JSONL) and the bytes it has. */
  fixturesFile: string;
  fixturesText: string | Buffer;
  /** The partials as that version has them (the files, or git at a revision). */
  partials: PartialSource;
}

export interface JudgeContext {
  config: WorkspaceConfig;
  /** Resolves the prompt's provider as a run would now (presets, environment, config file). */
  registry: ProviderRegistry;
  thresholds?: Gate;
  baseline?: RunArtifact;
  /** Results answered from recordings (eval --replay) fail. */
  requireLive?: boolean;
}

export interface Judgement {
  problems: GateProblem[];
  passRate: number;
  costUsd: number;
  p95Ms: number | null;
}

/**
 * Holds one result artifact to a version of its prompt: fresh (prompt, fixture, partial and
 * configuration hashes), complete (every fixture case, with its repeats), consistent (the summary
 * is what the cases say), not cancelled, within the thresholds (by default every case passes and
 * none errors), and not regressed from a baseline artifact. Used by `promptops check` on the
 * working copy and by `promptops label` on a git revision.
 */
export async function judgeArtifact(
  artifact: RunArtifact,
  version: VersionTexts,
  context: JudgeContext,
): Promise<Judgement> {
  const refresh = `run: promptops eval ${version.relative}`;
  const document = parsePromptDocument(version.source);
  const frontmatter = document.frontmatter?.data ?? {};
  const problems: GateProblem[] = [];
  const stale = await staleness(artifact, version, document, context);
  if (stale.length)
    problems.push({ kind: 'stale', message: `results are stale: ${stale.join('; ')}; ${refresh}` });
  problems.push(...integrityProblems(artifact, version, refresh));
  if (context.requireLive && artifact.mode === 'replay')
    problems.push({
      kind: 'replay',
      message: `the answers came from recordings (eval --replay), and --require-live wants a live model run; run: promptops eval ${version.relative} (without --replay)`,
    });
  const { gate: thresholds, problem } = effectiveGate(
    context.config,
    frontmatter,
    version.relative,
    context.thresholds,
  );
  if (problem) problems.push(problem);
  problems.push(...thresholdProblems(artifact, thresholds));
  if (context.baseline) problems.push(...baselineProblems(artifact, context.baseline, thresholds));
  const s = artifact.summary;
  return { problems, passRate: s.passRate, costUsd: s.costUsd, p95Ms: s.latencyMs.p95 };
}

/** What changed since the artifact was made, in words; empty when it is fresh. */
async function staleness(
  artifact: RunArtifact,
  version: VersionTexts,
  document: PromptDocument,
  context: JudgeContext,
): Promise<string[]> {
  const stale: string[] = [];
  if (artifact.prompt.sha256 !== sha256(version.source)) stale.push('the prompt changed');
  if (!artifact.fixtures || artifact.fixtures.sha256 !== sha256(version.fixturesText))
    stale.push('the fixtures changed');
  const partialsNow = await partialHashes(document, version.partials);
  const partialsChanged = changedPartials(artifact.partials, partialsNow);
  if (partialsChanged.length && !artifact.partials)
    stale.push(
      `they do not record the partials the prompt uses (${partialsChanged.map((n) => `'${n}'`).join(', ')}; results from before PromptOps recorded them)`,
    );
  else if (partialsChanged.length)
    stale.push(
      `${partialsChanged.length === 1 ? 'the partial' : 'the partials'} ${partialsChanged.map((n) => `'${n}'`).join(', ')} changed`,
    );
  stale.push(...(await settingsChanges(artifact, document, context)));
  return stale;
}

/** The fingerprint a run of this prompt would have now, against the one the artifact records. */
async function settingsChanges(
  artifact: RunArtifact,
  document: PromptDocument,
  context: JudgeContext,
): Promise<string[]> {
  const settings = await runSettingsOf(document);
  if (!settings.modelId) return [];
  if (!artifact.fingerprint)
    return [
      'they do not record the settings they ran with (results from an earlier PromptOps; run eval once more)',
    ];
  const evalConfig = context.config.eval;
  let now: RunFingerprint;
  try {
    const provider = parseModel(settings.modelId).provider;
    now = runFingerprint({
      modelId: settings.modelId,
      provider: {
        name: provider,
        baseURL: context.registry.baseURL(provider),
        headers: context.registry.config(provider).headers,
      },
      parameters: settings.config,
      output: settings.output,
      privacy: { ...DEFAULT_PRIVACY, ...evalConfig?.privacy },
      repeat: artifact.fingerprint.repeat,
      graderModel: evalConfig?.graderModel,
      embeddingModel: evalConfig?.embeddingModel,
      tools: { names: toolNamesOf(document), definitions: context.config.tools },
    });
  } catch (error) {
    return [`the prompt's model cannot be resolved now (${(error as Error).message})`];
  }
  const changes = fingerprintChanges(artifact.fingerprint, now);
  if (changes.length === 0 && artifact.configHash !== fingerprintHash(artifact.fingerprint))
    changes.push('the recorded settings do not match their hash (the artifact was edited)');
  return changes;
}

/** The prompt's `tools:` names, as the engine reads them. */
function toolNamesOf(document: PromptDocument): string[] {
  const tools = document.frontmatter?.data?.tools;
  return Array.isArray(tools) ? tools.filter((t): t is string => typeof t === 'string') : [];
}

/** Complete, consistent and not cancelled. */
function integrityProblems(
  artifact: RunArtifact,
  version: VersionTexts,
  refresh: string,
): GateProblem[] {
  const problems: GateProblem[] = [];
  let fixtures: FixtureFile | undefined;
  try {
    fixtures = parseFixtures(fixtureText(version.fixturesText), version.fixturesFile);
  } catch (error) {
    problems.push({
      kind: 'invalid',
      message: `the fixture file does not parse (${(error as Error).message}); fix it, then ${refresh}`,
    });
  }
  const missing = fixtures && incompleteness(artifact, fixtures, refresh);
  if (missing) problems.push({ kind: 'incomplete', message: missing });
  const mismatch = summaryMismatch(artifact);
  if (mismatch) problems.push({ kind: 'invalid', message: `${mismatch}; ${refresh}` });
  if (artifact.summary.cancelled)
    problems.push({ kind: 'invalid', message: `the recorded run was cancelled; ${refresh}` });
  return problems;
}

function fixtureText(text: string | Buffer): string {
  return typeof text === 'string' ? text : text.toString('utf8');
}

/** The gate's limits; with none set, every case must pass and none may error. */
function thresholdProblems(artifact: RunArtifact, thresholds: Gate): GateProblem[] {
  const problems: GateProblem[] = [];
  const s = artifact.summary;
  const minPassRate = thresholds.minPassRate ?? 1;
  const maxErrors = thresholds.maxErrors ?? 0;
  if (s.total > 0 && s.errors === s.total)
    problems.push({
      kind: 'threshold',
      message: `every case errored (${s.errors} of ${s.total}): nothing was evaluated`,
    });
  else if (s.errors > maxErrors)
    problems.push({
      kind: 'threshold',
      message: `${s.errors} case${s.errors === 1 ? '' : 's'} errored${maxErrors ? ` (gate.maxErrors ${maxErrors})` : ' (an errored case was not evaluated; tolerate some with gate.maxErrors)'}`,
    });
  if (s.passRate < minPassRate - 1e-9)
    problems.push({
      kind: 'threshold',
      message:
        thresholds.minPassRate === undefined
          ? `${s.total - s.passed} of ${s.total} cases did not pass (every case must pass unless gate.minPassRate says otherwise)`
          : `pass rate ${pct(s.passRate)} < ${pct(minPassRate)}`,
    });
  if (thresholds.maxCostUsd !== undefined && s.costUsd > thresholds.maxCostUsd)
    problems.push({
      kind: 'threshold',
      message: `cost $${s.costUsd.toFixed(4)} > $${thresholds.maxCostUsd}`,
    });
  if (
    thresholds.maxP95Ms !== undefined &&
    s.latencyMs.p95 !== null &&
    s.latencyMs.p95 > thresholds.maxP95Ms
  )
    problems.push({
      kind: 'threshold',
      message: `latency p95 ${Math.round(s.latencyMs.p95)} ms > ${thresholds.maxP95Ms} ms`,
    });
  const flaky = flakyCases(artifact, thresholds.minCasePassFraction);
  if (flaky) problems.push({ kind: 'threshold', message: flaky });
  return problems;
}

function flakyCases(artifact: RunArtifact, minFraction: number | undefined): string | undefined {
  if (minFraction === undefined) return undefined;
  const byCase = new Map<string, { passed: number; total: number }>();
  for (const c of artifact.cases) {
    const entry = byCase.get(c.id) ?? { passed: 0, total: 0 };
    entry.total++;
    if (c.status === 'pass') entry.passed++;
    byCase.set(c.id, entry);
  }
  const flaky = [...byCase].filter(([, e]) => e.passed / e.total < minFraction);
  if (!flaky.length) return undefined;
  return `cases below a ${pct(minFraction)} pass fraction: ${flaky.map(([id, e]) => `${id} (${e.passed}/${e.total})`).join(', ')}`;
}

function baselineProblems(
  artifact: RunArtifact,
  baseline: RunArtifact,
  thresholds: Gate,
): GateProblem[] {
  const problems: GateProblem[] = [];
  const s = artifact.summary;
  const tolerance = { ...DEFAULT_TOLERANCE, ...thresholds.tolerance };
  const before = new Map(baseline.cases.filter((c) => c.repeat === 0).map((c) => [c.id, c.status]));
  const allowed = new Set(thresholds.allowRegressions ?? []);
  const regressed = artifact.cases
    .filter(
      (c) =>
        c.repeat === 0 && before.get(c.id) === 'pass' && c.status !== 'pass' && !allowed.has(c.id),
    )
    .map((c) => c.id);
  if (regressed.length)
    problems.push({
      kind: 'regression',
      message: `passed in the baseline, ${regressed.length === 1 ? 'fails' : 'fail'} now: ${regressed.join(', ')} (allow with gate.allowRegressions)`,
    });
  const b = baseline.summary;
  if (b.passRate - s.passRate > tolerance.passRate + 1e-9)
    problems.push({
      kind: 'regression',
      message: `pass rate ${pct(b.passRate)} → ${pct(s.passRate)} (tolerance ${Math.round(tolerance.passRate * 100)} points)`,
    });
  if (b.costUsd > 0 && s.costUsd > b.costUsd * (1 + tolerance.costPct / 100))
    problems.push({
      kind: 'regression',
      message: `cost $${b.costUsd.toFixed(4)} → $${s.costUsd.toFixed(4)} (tolerance +${tolerance.costPct}%)`,
    });
  if (
    b.latencyMs.p95 !== null &&
    s.latencyMs.p95 !== null &&
    s.latencyMs.p95 > b.latencyMs.p95 * (1 + tolerance.latencyPct / 100) &&
    s.latencyMs.p95 - b.latencyMs.p95 > LATENCY_SLACK_MS
  )
    problems.push({
      kind: 'regression',
      message: `latency p95 ${Math.round(b.latencyMs.p95)} → ${Math.round(s.latencyMs.p95)} ms (tolerance +${tolerance.latencyPct}%)`,
    });
  return problems;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
