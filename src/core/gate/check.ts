import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  configFileHash,
  GateSchema,
  severityOverrides,
  type Gate,
  type WorkspaceConfig,
} from '../config';
import { artifactPathFor, RunArtifactSchema, type RunArtifact } from '../eval/artifact';
import { showAt } from '../compare/versions';
import { runConfigHash, runSettingsOf } from '../eval/engine';
import { filePartialSource, type PartialSource } from '../language/partials';
import { changedPartials, partialHashes } from '../language/used-partials';
import { fixturePathFor } from '../eval/fixtures';
import { DEFAULT_PRIVACY } from '../eval/guard';
import { isPartialFile } from '../language/analysis';
import { parsePromptDocument } from '../language/document';
import { sha256 } from '../hash';
import { collectLintTargets, lintFile } from '../lint/linter';
import { workspaceGenkitRegistry, type GenkitRegistry } from '../genkit/scan';
import { readShadowReport, shadowProblems, shadowReportPath } from '../shadow/shadow';
import { Severity } from '../types';

export type GateProblemKind =
  | 'missing'
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
}

export interface GateResult {
  ok: boolean;
  prompts: PromptGate[];
}

/** Where baseline artifacts come from: a folder laid out like .promptops/results, or a git ref. */
export type Baseline = { kind: 'folder'; dir: string } | { kind: 'git'; ref: string };

export interface CheckOptions {
  root: string;
  config: WorkspaceConfig;
  configFile?: string;
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
  const relative = path.relative(root, artifactFile).split(path.sep).join('/');
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
 * The CI gate: every prompt with fixtures has a fresh, valid result artifact that meets its
 * thresholds, does not regress from the baseline, and lints without errors. No model is called.
 */
export async function checkPrompts(paths: string[], options: CheckOptions): Promise<GateResult> {
  const { root, config } = options;
  const configHashOfFile = options.configFile ? configFileHash(options.configFile) : null;
  const prompts = collectLintTargets(paths).filter(
    (f) => f.endsWith('.prompt') && !isPartialFile(f),
  );
  const results: PromptGate[] = [];
  let registry: GenkitRegistry | undefined;
  const genkit = () => (registry ??= workspaceGenkitRegistry(root, config));
  for (const promptFile of prompts) {
    const source = fs.readFileSync(promptFile, 'utf8');
    const document = parsePromptDocument(source);
    const frontmatter = document.frontmatter?.data ?? {};
    const fixturesFile = fixturePathFor(promptFile, frontmatter);
    if (!fixturesFile) continue; // nothing to evaluate, nothing to gate
    const relative = path.relative(root, promptFile).split(path.sep).join('/');
    const artifactFile = artifactPathFor(root, promptFile, options.resultsDir);
    const gate: PromptGate = {
      prompt: relative,
      artifact: path.relative(root, artifactFile).split(path.sep).join('/'),
      ok: true,
      problems: [],
    };
    results.push(gate);
    const refresh = `run: promptops eval ${relative}`;
    let artifact: RunArtifact | undefined;
    if (!fs.existsSync(artifactFile)) {
      gate.problems.push({ kind: 'missing', message: `no results (${gate.artifact}); ${refresh}` });
    } else {
      try {
        const parsed = RunArtifactSchema.safeParse(
          JSON.parse(fs.readFileSync(artifactFile, 'utf8')),
        );
        if (parsed.success) artifact = parsed.data;
        else
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
    }
    if (artifact) {
      const baseline = options.baseline
        ? loadBaseline(options.baseline, root, artifactFile)
        : undefined;
      const judged = await judgeArtifact(
        artifact,
        {
          relative,
          source,
          fixturesText: fs.readFileSync(fixturesFile),
          partials: filePartialSource(promptFile, root, undefined, config.lint?.partials),
        },
        {
          config,
          configHashOfFile,
          ...(options.thresholds ? { thresholds: options.thresholds } : {}),
          ...(baseline ? { baseline } : {}),
        },
      );
      gate.problems.push(...judged.problems);
      gate.passRate = judged.passRate;
      gate.costUsd = judged.costUsd;
      gate.p95Ms = judged.p95Ms;
    }
    const limits = effectiveGate(config, frontmatter, relative, options.thresholds).gate.shadow;
    const shadowFile = shadowReportPath(root, relative);
    if (limits && Object.values(limits).some((v) => v !== undefined) && fs.existsSync(shadowFile)) {
      const where = path.relative(root, shadowFile).split(path.sep).join('/');
      try {
        const report = readShadowReport(shadowFile);
        if (report.candidate.ref === 'working' && report.candidate.sha256 !== sha256(source))
          gate.problems.push({
            kind: 'stale',
            message: `${where} is stale: the prompt changed since the shadow run; run: promptops shadow ${relative}`,
          });
        else gate.problems.push(...shadowProblems(report, limits));
      } catch (error) {
        gate.problems.push({
          kind: 'invalid',
          message:
            error instanceof Error ? error.message.replace(shadowFile, where) : String(error),
        });
      }
    }
    if (options.lint !== false) {
      const lintOptions = { root, severities: severityOverrides(config), genkit: genkit() };
      for (const file of [promptFile, fixturesFile]) {
        const errors = (await lintFile(file, lintOptions)).problems.filter(
          (p) => p.severity === Severity.Error,
        );
        for (const error of errors.slice(0, 5))
          gate.problems.push({
            kind: 'lint',
            message: `${path.relative(root, file)}:${error.range.start.line + 1}:${error.range.start.character + 1} ${error.code} ${error.message}`,
          });
      }
    }
    gate.ok = gate.problems.length === 0;
  }
  return { ok: results.every((r) => r.ok), prompts: results };
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
  fixturesText: string | Buffer;
  /** The partials as that version has them (the files, or git at a revision). */
  partials: PartialSource;
}

/**
 * Holds one result artifact to a version of its prompt: fresh (prompt, fixture and config hashes),
 * not cancelled, within the thresholds, and not regressed from a baseline artifact. Used by
 * `promptops check` on the working copy and by `promptops label` on a git revision.
 */
export async function judgeArtifact(
  artifact: RunArtifact,
  version: VersionTexts,
  context: {
    config: WorkspaceConfig;
    configHashOfFile: string | null;
    thresholds?: Gate;
    baseline?: RunArtifact;
  },
): Promise<{ problems: GateProblem[]; passRate: number; costUsd: number; p95Ms: number | null }> {
  const { config, configHashOfFile } = context;
  const privacy = { ...DEFAULT_PRIVACY, ...config.eval?.privacy };
  const refresh = `run: promptops eval ${version.relative}`;
  const problems: GateProblem[] = [];
  const document = parsePromptDocument(version.source);
  const frontmatter = document.frontmatter?.data ?? {};
  const settings = await runSettingsOf(document);
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
  if (
    settings.modelId &&
    artifact.configHash !==
      runConfigHash({
        model: settings.modelId,
        config: settings.config,
        output: settings.output,
        privacy,
        repeat: null,
        configFileHash: configHashOfFile,
      })
  )
    stale.push(
      'the configuration changed (model, parameters, output schema, privacy policy or promptops.config.yaml)',
    );
  if (stale.length)
    problems.push({ kind: 'stale', message: `results are stale: ${stale.join('; ')}; ${refresh}` });

  const { gate: thresholds, problem } = effectiveGate(
    config,
    frontmatter,
    version.relative,
    context.thresholds,
  );
  if (problem) problems.push(problem);
  const s = artifact.summary;
  if (s.cancelled)
    problems.push({ kind: 'invalid', message: `the recorded run was cancelled; ${refresh}` });
  if (thresholds.minPassRate !== undefined && s.passRate < thresholds.minPassRate)
    problems.push({
      kind: 'threshold',
      message: `pass rate ${pct(s.passRate)} < ${pct(thresholds.minPassRate)}`,
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
  if (thresholds.minCasePassFraction !== undefined) {
    const byCase = new Map<string, { passed: number; total: number }>();
    for (const c of artifact.cases) {
      const entry = byCase.get(c.id) ?? { passed: 0, total: 0 };
      entry.total++;
      if (c.status === 'pass') entry.passed++;
      byCase.set(c.id, entry);
    }
    const flaky = [...byCase].filter(
      ([, e]) => e.passed / e.total < (thresholds.minCasePassFraction ?? 0),
    );
    if (flaky.length)
      problems.push({
        kind: 'threshold',
        message: `cases below a ${pct(thresholds.minCasePassFraction)} pass fraction: ${flaky.map(([id, e]) => `${id} (${e.passed}/${e.total})`).join(', ')}`,
      });
  }
  const baseline = context.baseline;
  if (baseline) {
    const tolerance = { ...DEFAULT_TOLERANCE, ...thresholds.tolerance };
    const before = new Map(
      baseline.cases.filter((c) => c.repeat === 0).map((c) => [c.id, c.status]),
    );
    const allowed = new Set(thresholds.allowRegressions ?? []);
    const regressed = artifact.cases
      .filter(
        (c) =>
          c.repeat === 0 &&
          before.get(c.id) === 'pass' &&
          c.status !== 'pass' &&
          !allowed.has(c.id),
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
  }
  return { problems, passRate: s.passRate, costUsd: s.costUsd, p95Ms: s.latencyMs.p95 };
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
