import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { VersionError } from '../../core/compare/versions';
import { GitError } from '../../core/git/git';
import { posixRelative } from '../../core/fs/paths';
import { EvalConfigError } from '../../core/eval/engine';
import { configEvalSettings } from '../../core/eval/settings';
import { effectiveGate } from '../../core/gate/check';
import { parsePromptDocument } from '../../core/language/document';
import { RegistryError } from '../../core/registry/registry';
import {
  runShadow,
  shadowProblems,
  ShadowError,
  writeShadowReport,
  type ShadowReport,
} from '../../core/shadow/shadow';
import { projectRootFor } from '../../core/project';
import { workspaceConfig } from '../config';
import { cliRegistry } from '../providers';
import { EXIT, UsageError } from '../errors';
import { version } from '../../../package.json';

export const SHADOW_HELP = `Usage: promptops shadow <file.prompt> [--candidate <rev|working>] [--baseline <label|rev>] [--inputs <file.jsonl>] [--replay] [--no-cache] [--json]

Runs a candidate version of a prompt in the shadow of the baseline (by default the version the
production label points at) on the same inputs: the baseline's fixture cases, or a JSONL
sample of real inputs (one object a line: the input, or { "id", "input" }), with no expected
outputs. Reports how far the candidate diverges: share of outputs changed and of outputs that
changed shape, assertion and guard outcomes that flipped, schema-valid rate, cost and latency.

Writes .promptops/shadow/<prompt>.json (open it in the editor: PromptOps: Open Shadow Report).
promptops check holds it to gate.shadow limits (maxChangedRate, maxShapeChangedRate,
maxFlipRate, minSchemaValidRate); so does this command: exit 1 when a limit is exceeded.

Options:
  --candidate <ref>   working (default), a git revision or a saved run id
  --baseline <ref>    a label (default production), working, a git revision or a saved run id
  --inputs <file>     JSONL inputs instead of the fixture cases
  --replay            answer only from .promptops/recordings (offline)
  --no-cache          do not use .promptops/cache
  --json              print the report's summary as JSON`;

function pct(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 1000) / 10}%`;
}

function delta(a: number | null, b: number | null, unit: (x: number) => string): string {
  if (a === null || b === null) return '—';
  const change = a ? ` (${b >= a ? '+' : ''}${Math.round(((b - a) / a) * 100)}%)` : '';
  return `${unit(a)} → ${unit(b)}${change}`;
}

export function shadowSummaryText(report: ShadowReport): string {
  const s = report.summary;
  const lines = [
    `${report.prompt}: candidate ${report.candidate.version} in the shadow of ${report.baseline.ref} (${report.baseline.version})`,
    `inputs: ${report.inputs.source} (${s.cases} cases, ${s.compared} answered by both${s.errors.baseline || s.errors.candidate ? `; errors: ${s.errors.baseline} baseline, ${s.errors.candidate} candidate` : ''})`,
    `outputs changed:        ${pct(s.changedRate)}`,
    `outputs changed shape:  ${pct(s.shapeChangedRate)}`,
    `outcomes flipped:       ${pct(s.flipRate)}${s.assertionFlips ? `  (assertions: ${s.assertionFlips.passToFail} pass→fail, ${s.assertionFlips.failToPass} fail→pass)` : ''}${s.guardFlips ? `  (guard: ${s.guardFlips.toFallback} → fallback, ${s.guardFlips.fromFallback} ← fallback)` : ''}`,
    `schema-valid outputs:   ${pct(s.schemaValidRate.baseline)} → ${pct(s.schemaValidRate.candidate)}`,
    `cost:                   ${delta(s.costUsd.baseline, s.costUsd.candidate, (x) => `$${x.toFixed(4)}`)}`,
    `latency p50:            ${delta(s.latencyMs.baseline.p50, s.latencyMs.candidate.p50, (x) => `${Math.round(x)} ms`)}`,
    `latency p95:            ${delta(s.latencyMs.baseline.p95, s.latencyMs.candidate.p95, (x) => `${Math.round(x)} ms`)}`,
  ];
  return lines.join('\n');
}

export async function shadowCommand(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      candidate: { type: 'string' },
      baseline: { type: 'string' },
      inputs: { type: 'string' },
      replay: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(SHADOW_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1 || !positionals[0]?.endsWith('.prompt'))
    throw new UsageError('shadow takes one .prompt file');
  const promptFile = path.resolve(positionals[0]);
  if (!fs.existsSync(promptFile)) throw new UsageError(`no such file: ${positionals[0]}`);
  const root = projectRootFor(promptFile, process.cwd());
  const { config, file: configFile } = workspaceConfig(root);
  const report = await shadowUntilInterrupted((signal) =>
    runShadow(promptFile, {
      root,
      registry: cliRegistry(config, configFile),
      version,
      ...configEvalSettings(config),
      mode: values.replay ? 'replay' : 'live',
      cache: !values['no-cache'],
      signal,
      ...(values.baseline ? { baseline: values.baseline } : {}),
      ...(values.candidate ? { candidate: values.candidate } : {}),
      ...(values.inputs ? { inputsFile: values.inputs } : {}),
    }),
  );
  if (!report) {
    err('cancelled: no report written');
    return EXIT.failed;
  }
  const file = writeShadowReport(root, report);
  const frontmatter =
    parsePromptDocument(fs.readFileSync(promptFile, 'utf8')).frontmatter?.data ?? {};
  const limits = effectiveGate(config, frontmatter, report.prompt).gate.shadow;
  const problems = limits ? shadowProblems(report, limits) : [];
  if (values.json)
    out(
      JSON.stringify(
        {
          ok: problems.length === 0,
          report: path.relative(root, file),
          summary: report.summary,
          problems: problems.map((p) => p.message),
        },
        null,
        2,
      ),
    );
  else {
    out(shadowSummaryText(report));
    out(`report: ${posixRelative(root, file)}`);
    for (const problem of problems) err(`✗ ${problem.message}`);
  }
  return problems.length ? EXIT.failed : EXIT.ok;
}

/**
 * Runs the shadow until done, or until Ctrl-C/SIGTERM (undefined then: nothing is reported);
 * the user's mistakes (a bad ref, label, config or inputs file) become usage errors.
 */
async function shadowUntilInterrupted(
  work: (signal: AbortSignal) => Promise<ShadowReport>,
): Promise<ShadowReport | undefined> {
  const controller = new AbortController();
  const onSigint = () => controller.abort(new Error('cancelled'));
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  let report: ShadowReport;
  try {
    report = await work(controller.signal);
  } catch (error) {
    if (
      error instanceof VersionError ||
      error instanceof GitError ||
      error instanceof EvalConfigError ||
      error instanceof ShadowError ||
      error instanceof RegistryError
    )
      throw new UsageError(error.message);
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGTERM', onSigint);
  }
  return controller.signal.aborted ? undefined : report;
}
