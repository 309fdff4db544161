import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { ArtifactHead, RunSummary } from '../../core/eval/artifact';
import {
  DEFAULTS,
  evalPrompt,
  EvalConfigError,
  type EvalMode,
  type EvalOptions,
  type EvalProgress,
} from '../../core/eval/engine';
import { estimateRuns } from '../../core/eval/estimate';
import { MODEL_RESULTS_DIR, runResultsDir } from '../../core/eval/model-results';
import { configEvalSettings } from '../../core/eval/settings';
import { fixturePathFor, loadFixtures, type FixtureCase } from '../../core/eval/fixtures';
import { hasCaseFilter, selectPromptCases, type CaseFilter } from '../../core/eval/select';
import { parsePromptDocument } from '../../core/language/document';
import { caseOutcome, toJUnit, type CaseOutcome } from '../../core/eval/junit';
import { bundledTokenCounter } from '../../core/eval/load-tokenizer';
import { variantsOf } from '../../core/variants/variants';
import { findPrompts } from '../../core/discovery/discovery';
import { providersUsed } from '../../core/eval/providers-used';
import { scrub } from '../../core/secrets/scrub';
import type { ProviderRegistry } from '../../core/providers/registry';
import type { WorkspaceConfig } from '../../core/config';
import { posixRelative } from '../../core/fs/paths';
import { projectRootFor } from '../../core/project';
import { workspaceConfig } from '../config';
import { escapeControl } from '../terminal';
import { checkOutputFile, writeOutputFile } from '../output-file';
import { checkEndpoints, cliRegistry } from '../providers';
import { EXIT, UsageError } from '../errors';
import { version } from '../../../package.json';
import { batchCommand, batchLine } from './batch';
import { showKnownProblems } from './known-problems';

export const EVAL_HELP = `Usage: promptops eval [paths…] [options]

Runs each prompt's fixture cases against its model (any OpenAI-compatible endpoint), judges
the answers with the cases' assertions, and writes .promptops/results/<prompt>.json.

Options:
  --case <id>           run only this case (repeatable)
  --tag <tag>           run only cases with this tag (repeatable: any of them)
  --exclude-tag <tag>   skip cases with this tag (repeatable)
  --failed              re-run only the cases that failed or errored in each prompt's last results
  --model <p/m>         use this provider/model instead of each prompt's own (results go
                        to .promptops/models/<p_m>/, apart from the prompt's own)
  --concurrency <n>     requests at once (default ${DEFAULTS.concurrency}; halved while rate-limited)
  --repeat <n>          run every case n times (flakiness)
  --timeout <ms>        per-request timeout, whole reply included (default ${DEFAULTS.timeoutMs})
  --retries <n>         retries of 429, 5xx, timeouts, resets and cut streams (default ${DEFAULTS.retries})
  --max-retry-wait <ms> the longest a server's Retry-After is waited for (default ${DEFAULTS.maxRetryWaitMs})
  --no-cache            ignore and do not fill .promptops/cache
  --replay              answer only from .promptops/recordings (offline); no API key needed
  --record              call the model and save the answers to .promptops/recordings
  --stream              use streamed replies
  --shard <i/n>         run only shard i of n (cases split by a hash of their id); merge the
                        shards' .promptops/results with promptops merge
  --batch               send the requests as one batch per prompt through the provider's
                        Batch API (half price, answers within 24 h); stored under
                        .promptops/batches/, so the same command resumes it after a kill
  --batch-poll <ms>     how often to ask the batch's progress (default 30000)
  --batch-status        print the stored batches' progress, and exit
  --batch-cancel        cancel the stored batches, and exit
  --junit <file>        also write JUnit XML
  --allow-endpoint <url|host>
                        let keys go to this endpoint although the repository's config chose it
                        (repeatable; also PROMPTOPS_ALLOW_ENDPOINTS, or allowedEndpoints: in
                        ~/.config/promptops/config.yaml)
  --json                print the run summaries as JSON instead of a table
  --variants            with a prompt file, also run its variants (<name>.<variant>.prompt)
  -h, --help            show this help

Keys come from the environment (OPENAI_API_KEY, or the apiKeyEnv of a provider in
promptops.config.yaml) and are never written anywhere. A key goes to an endpoint (or comes from a
variable) that promptops.config.yaml chose only once you approve that endpoint; each run prints
the host every provider talks to.
Exit codes: 0 every case passed, 1 a case failed or errored (or the run was cancelled), 2 usage or configuration error.`;

export async function evalCommand(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void = (t) => process.stderr.write(t + '\n'),
): Promise<number> {
  const { values, positionals } = parseEvalArgs(argv);
  if (values.help) {
    out(EVAL_HELP);
    return EXIT.ok;
  }
  const flags = parseFlags(values);
  if (values.junit) checkOutputFile('--junit', values.junit);
  const cwd = process.cwd();
  const runnable = runnablePrompts(positionals, values, cwd);
  const filter = caseFilterOf(values);
  const chosen = chooseCases(runnable, filter, values.case, values.model, cwd, err);
  if (chosen.size === 0) return nothingChosen(filter, err);

  const projectOf = projects(cwd, values['allow-endpoint']);
  if (values['batch-status'] || values['batch-cancel'])
    return batchCommand(values['batch-cancel'] ? 'cancel' : 'status', runnable, projectOf, out);
  const mode: EvalMode = values.replay ? 'replay' : values.record ? 'record' : 'live';
  if (mode !== 'replay') {
    await showEndpoints(runnable, projectOf, values, err);
    await showKnownProblems(
      [...chosen].map(([file, caseIds]) => {
        const { root, config } = projectOf(file);
        return { promptFile: file, root, config, ...(caseIds ? { caseIds } : {}) };
      }),
      cwd,
      err,
    );
    await preflight(chosen, projectOf, values, flags, err);
  }
  const run: RunContext = { values, flags, mode, cwd, projectOf, err };
  const { artifacts, cancelled } = await runPrompts(chosen, run);
  if (values.junit) writeOutputFile('--junit', values.junit, scrub(toJUnit(artifacts)));
  const ok =
    artifacts.every(
      (a) =>
        a.artifact.summary.passed === a.artifact.summary.total && !a.artifact.summary.cancelled,
    ) && !cancelled;
  out(
    values.json
      ? runsJson(artifacts, ok, cwd)
      : summaryTable(
          artifacts,
          resultsFolders(
            artifacts.map((a) => a.file),
            cwd,
          ),
        ),
  );
  return ok ? EXIT.ok : EXIT.failed;
}

function parseEvalArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      case: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      'exclude-tag': { type: 'string', multiple: true },
      failed: { type: 'boolean' },
      model: { type: 'string' },
      concurrency: { type: 'string' },
      repeat: { type: 'string' },
      timeout: { type: 'string' },
      retries: { type: 'string' },
      'max-retry-wait': { type: 'string' },
      'no-cache': { type: 'boolean' },
      replay: { type: 'boolean' },
      record: { type: 'boolean' },
      stream: { type: 'boolean' },
      shard: { type: 'string' },
      junit: { type: 'string' },
      batch: { type: 'boolean' },
      'batch-poll': { type: 'string' },
      'batch-status': { type: 'boolean' },
      'batch-cancel': { type: 'boolean' },
      'allow-endpoint': { type: 'string', multiple: true },
      json: { type: 'boolean' },
      variants: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

type EvalValues = ReturnType<typeof parseEvalArgs>['values'];
type ProjectOf = ReturnType<typeof projects>;

/** The numeric and shard flags, checked; and the flags that do not go together. */
interface EvalFlags {
  concurrency?: number | undefined;
  repeat?: number | undefined;
  timeoutMs?: number | undefined;
  retries?: number | undefined;
  batchPollMs?: number | undefined;
  maxRetryWaitMs?: number | undefined;
  shard?: { index: number; count: number } | undefined;
}

function parseFlags(values: EvalValues): EvalFlags {
  if (values.replay && values.record)
    throw new UsageError('use either --replay or --record, not both');
  if (values.batch && values.replay)
    throw new UsageError('--batch sends requests; --replay sends none: use one of them');
  if (values.batch && values.stream)
    throw new UsageError('--batch and --stream do not go together: batch answers are not streamed');
  return {
    concurrency: wholeNumber('concurrency', values.concurrency),
    repeat: wholeNumber('repeat', values.repeat),
    timeoutMs: wholeNumber('timeout', values.timeout),
    retries: wholeNumber('retries', values.retries, 0),
    batchPollMs: wholeNumber('batch-poll', values['batch-poll']),
    maxRetryWaitMs: wholeNumber('max-retry-wait', values['max-retry-wait'], 0),
    shard: parseShard(values.shard),
  };
}

function wholeNumber(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`--${name} takes a whole number ≥ ${min}, not '${value}'`);
  return n;
}

function parseShard(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count)
    throw new UsageError(`--shard takes i/n with 1 ≤ i ≤ n, not '${value}'`);
  return { index, count };
}

/** The prompts under the targets that have fixtures; a prompt named on its own without them is an error. */
function runnablePrompts(positionals: string[], values: EvalValues, cwd: string): string[] {
  const targets = positionals.length ? positionals : ['.'];
  for (const target of targets)
    if (!fs.existsSync(target)) throw new UsageError(`no such file or folder: ${target}`);
  const found = findPrompts(targets.map((t) => path.resolve(t)));
  const prompts = values.variants ? withVariants(found) : found;
  const explicit = new Set(
    targets.filter((t) => t.endsWith('.prompt')).map((t) => path.resolve(t)),
  );
  const runnable = prompts.filter((file) => {
    const hasFixtures =
      fixturePathFor(file, undefined) !== undefined ||
      /^promptops\.fixtures:/m.test(fs.readFileSync(file, 'utf8'));
    if (!hasFixtures && explicit.has(file))
      throw new UsageError(
        `${path.relative(cwd, file)} has no fixture file: add ${path.basename(file, '.prompt')}.fixtures.yaml beside it`,
      );
    return hasFixtures;
  });
  if (runnable.length === 0)
    throw new UsageError(`no prompts with fixture files under ${targets.join(', ')}`);
  return runnable;
}

function caseFilterOf(values: EvalValues): CaseFilter {
  return {
    ...(values.tag ? { tags: values.tag } : {}),
    ...(values['exclude-tag'] ? { excludeTags: values['exclude-tag'] } : {}),
    ...(values.failed ? { failed: true } : {}),
  };
}

/** Before any request: every endpoint a key would go to is approved, and each host is shown. */
async function showEndpoints(
  runnable: string[],
  projectOf: ProjectOf,
  values: EvalValues,
  err: (text: string) => void,
): Promise<void> {
  const shown = new Set<string>();
  for (const file of runnable) {
    const { registry, config } = projectOf(file);
    const used = providersUsed([file], { ...values, ...config.eval });
    for (const line of await checkEndpoints(registry, used)) {
      if (!shown.has(line)) err(`Endpoint: ${line}`);
      shown.add(line);
    }
  }
}

/** The preflight line: how many requests the run makes at most, and what they cost at most. */
async function preflight(
  chosen: Map<string, string[] | undefined>,
  projectOf: ProjectOf,
  values: EvalValues,
  flags: EvalFlags,
  err: (text: string) => void,
): Promise<void> {
  const countTokens = bundledTokenCounter(__dirname);
  const targets = [...chosen].map(([file, caseIds]) => {
    const { root, registry } = projectOf(file);
    return {
      promptFile: file,
      root,
      registry,
      ...(values.model ? { model: values.model } : {}),
      ...(caseIds ? { caseIds } : {}),
    };
  });
  const { requests, costUsd: cost } = await estimateRuns(targets, {
    countTokens,
    ...(flags.repeat ? { repeat: flags.repeat } : {}),
    ...(flags.shard ? { shard: flags.shard } : {}),
  }).finally(() => countTokens.release());
  const priced = cost !== undefined;
  err(
    `Preflight: ${requests} request${requests === 1 ? '' : 's'}, at most ${priced ? `$${cost.toFixed(4)}` : 'an unknown cost (no price for a model)'}${values['no-cache'] ? '' : '; cached answers are free'}.`,
  );
}

/** What one run of the command shares across its prompts. */
interface RunContext {
  values: EvalValues;
  flags: EvalFlags;
  mode: EvalMode;
  cwd: string;
  projectOf: ProjectOf;
  err: (text: string) => void;
}

/** One prompt's run as the reports need it; runs keep their cases on disk (keepCases: false). */
interface PromptRun {
  artifact: ArtifactHead & { folded?: RunSummary };
  file: string;
  cases: CaseOutcome[];
}

/** Runs the prompts one after another until done or interrupted (Ctrl-C, SIGTERM). */
async function runPrompts(
  chosen: Map<string, string[] | undefined>,
  run: RunContext,
): Promise<{ artifacts: PromptRun[]; cancelled: boolean }> {
  const { signal, dispose } = cancelOnInterrupt(run.err);
  const artifacts: PromptRun[] = [];
  try {
    for (const [file, caseIds] of chosen) {
      if (signal.aborted) break;
      artifacts.push(await runPrompt(file, caseIds, run, signal));
    }
  } finally {
    dispose();
  }
  return { artifacts, cancelled: signal.aborted };
}

/** Ctrl-C (and SIGTERM, how CI cancellation and `timeout` stop a job) cancels; a second Ctrl-C quits at once. */
function cancelOnInterrupt(err: (text: string) => void): {
  signal: AbortSignal;
  dispose: () => void;
} {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    err(
      '\nCancelling: requests in flight are aborted; results so far are written. Press Ctrl-C again to quit at once.',
    );
    controller.abort(new Error('cancelled'));
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    },
  };
}

async function runPrompt(
  file: string,
  caseIds: string[] | undefined,
  run: RunContext,
  signal: AbortSignal,
): Promise<PromptRun> {
  const { values, err } = run;
  const interactive = Boolean(process.stderr.isTTY) && !values.json;
  const cases: CaseOutcome[] = [];
  const result = await evalPrompt(file, {
    ...engineOptions(file, caseIds, run, signal),
    // JUnit lists every case; the summary lists the ones that did not pass.
    onCase: (c, index) => {
      if (values.junit || c.status !== 'pass') cases[index] = caseOutcome(c);
    },
    onProgress: interactive ? (p) => process.stderr.write(progressLine(p)) : undefined,
  }).catch((error: unknown) => {
    if (error instanceof EvalConfigError) throw new UsageError(error.message);
    throw error;
  });
  if (interactive) process.stderr.write('\r\x1b[K');
  else if (!values.json)
    err(
      `${result.artifact.prompt.path}: ${(result.ran ?? result.artifact.summary).passed}/${(result.ran ?? result.artifact.summary).total} passed`,
    );
  if (result.ran && !values.json)
    err(
      `${result.artifact.prompt.path}: folded into its results, which now hold ${result.artifact.summary.total} cases (${result.artifact.summary.passed} passed)`,
    );
  // What this run did is what the summary shows; the artifact holds the folded results.
  const ran = result.ran
    ? { ...result.artifact, summary: result.ran, folded: result.artifact.summary }
    : result.artifact;
  return { file: result.file, artifact: ran, cases: cases.filter(Boolean) };
}

/** The engine's options for one prompt: its project's config, then the flags over it. */
function engineOptions(
  file: string,
  caseIds: string[] | undefined,
  run: RunContext,
  signal: AbortSignal,
): EvalOptions {
  const { values, flags, mode, cwd, err } = run;
  const { root, config, registry } = run.projectOf(file);
  return {
    keepCases: false,
    root,
    registry,
    version,
    mode,
    cache: !values['no-cache'],
    ...configEvalSettings(config),
    // Flags over the config file.
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.timeoutMs !== undefined ? { timeoutMs: flags.timeoutMs } : {}),
    ...(flags.retries !== undefined ? { retries: flags.retries } : {}),
    ...(flags.maxRetryWaitMs !== undefined ? { maxRetryWaitMs: flags.maxRetryWaitMs } : {}),
    stream: values.stream ?? false,
    signal,
    ...(values.model ? { model: values.model } : {}),
    ...(flags.repeat ? { repeat: flags.repeat } : {}),
    ...(caseIds ? { caseIds } : {}),
    ...(flags.shard ? { shard: flags.shard } : {}),
    ...(values.batch
      ? {
          batch: {
            ...(flags.batchPollMs ? { pollMs: flags.batchPollMs } : {}),
            onStatus: (state) => err(batchLine(path.relative(cwd, file), state)),
          },
        }
      : {}),
  };
}

function runsJson(artifacts: PromptRun[], ok: boolean, cwd: string): string {
  return JSON.stringify(
    {
      ok,
      runs: artifacts.map(({ artifact, file }) => ({
        prompt: artifact.prompt.path,
        model: artifact.model.id,
        mode: artifact.mode,
        artifact: path.relative(cwd, file),
        summary: artifact.summary,
        ...('folded' in artifact ? { results: artifact.folded } : {}),
      })),
    },
    null,
    2,
  );
}

/** No prompt has a case left to run: nothing failed (exit 0), or the tags match nothing (exit 2). */
function nothingChosen(filter: CaseFilter, err: (text: string) => void): number {
  if (!filter.failed) throw new UsageError('no case matches the --tag / --exclude-tag filter');
  err('Nothing to re-run: no case failed or errored in the last results.');
  return EXIT.ok;
}

/**
 * Each prompt to run and the case ids it runs (undefined: all), after --case, --tag,
 * --exclude-tag and --failed; a prompt left with no case is reported and left out.
 */
function chooseCases(
  prompts: string[],
  filter: CaseFilter,
  caseFlags: string[] | undefined,
  model: string | undefined,
  cwd: string,
  err: (text: string) => void,
): Map<string, string[] | undefined> {
  const chosen = new Map<string, string[] | undefined>();
  for (const file of prompts) {
    if (!hasCaseFilter(filter)) {
      chosen.set(file, caseFlags);
      continue;
    }
    const frontmatter = parsePromptDocument(fs.readFileSync(file, 'utf8')).frontmatter?.data;
    const fixturesFile = fixturePathFor(file, frontmatter);
    let cases: FixtureCase[];
    try {
      cases = fixturesFile ? loadFixtures(fixturesFile).cases : [];
    } catch (error) {
      throw new UsageError(
        `${path.relative(cwd, fixturesFile ?? file)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (caseFlags) cases = cases.filter((c) => caseFlags.includes(c.id));
    // --failed reads the last results where eval writes them: in the prompt's project, in the
    // folder of the model run instead of the prompt's own (--model).
    const resultsDir = runResultsDir(undefined, model, frontmatter?.model);
    const selection = selectPromptCases(file, cases, filter, {
      root: projectRootFor(file, cwd),
      ...(resultsDir ? { resultsDir } : {}),
    });
    if ('none' in selection) err(`${path.relative(cwd, file)}: skipped, ${selection.none}`);
    else chosen.set(file, selection.ids);
  }
  return chosen;
}

/**
 * Each prompt's project (the nearest folder up with promptops.config.yaml or .promptops/, else
 * the current folder), its config and providers, read once per project.
 */
function projects(
  cwd: string,
  allowEndpoints: readonly string[] = [],
): (file: string) => { root: string; config: WorkspaceConfig; registry: ProviderRegistry } {
  const known = new Map<string, ReturnType<ReturnType<typeof projects>>>();
  return (file) => {
    const root = projectRootFor(file, cwd);
    let project = known.get(root);
    if (!project) {
      const { config, file: configFile } = workspaceConfig(root);
      project = { root, config, registry: cliRegistry(config, configFile, allowEndpoints) };
      known.set(root, project);
    }
    return project;
  };
}

const MAX_PROBLEMS_LISTED = 50;

function progressLine(p: EvalProgress): string {
  const width = 24;
  const filled = p.total ? Math.round((p.done / p.total) * width) : width;
  return `\r\x1b[K[${'█'.repeat(filled)}${'·'.repeat(width - filled)}] ${p.done}/${p.total} ✓${p.passed} ✗${p.failed} !${p.errors} $${p.costUsd.toFixed(4)}  ${p.prompt}`;
}

function ms(value: number | null): string {
  return value === null ? '–' : `${Math.round(value)} ms`;
}

/**
 * Where results went, for the summary's last line: the results folder of each project, or the
 * folder of the model a run used instead of the prompt's own (.promptops/models/<model>/).
 */
function resultsFolders(files: string[], cwd: string): string {
  const folders = files.map((file) => {
    const root = projectRootFor(file, cwd);
    const [model, ...rest] = posixRelative(path.join(root, MODEL_RESULTS_DIR), file).split('/');
    const folder =
      model && model !== '..' && rest.length
        ? path.join(root, MODEL_RESULTS_DIR, model)
        : path.join(root, '.promptops', 'results');
    return `${posixRelative(cwd, folder)}/`;
  });
  return [...new Set(folders)].join(', ');
}

/** The CLI's summary: a row per prompt, then the cases that did not pass (the first 50 of each prompt). */
export function summaryTable(
  runs: { artifact: ArtifactHead; cases: readonly CaseOutcome[] }[],
  where = '.promptops/results/',
): string {
  const artifacts = runs.map((r) => r.artifact);
  const rows = artifacts.map((a) => [
    a.prompt.path,
    a.model.id + (a.mode === 'replay' ? ' (replay)' : ''),
    String(a.summary.passed),
    String(a.summary.failed),
    String(a.summary.errors),
    `${Math.round(a.summary.passRate * 100)}%`,
    `$${a.summary.costUsd.toFixed(4)}`,
    ms(a.summary.latencyMs.p50),
    ms(a.summary.latencyMs.p95),
  ]);
  const header = ['prompt', 'model', 'pass', 'fail', 'error', 'rate', 'cost', 'p50', 'p95'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [line(header), ...rows.map(line)];
  const problems = runs.flatMap(({ artifact: a, cases }) => {
    const failing = cases.filter((c) => c.status !== 'pass');
    const lines = failing.slice(0, MAX_PROBLEMS_LISTED).map((c) => {
      const name = `${a.prompt.path} › ${c.id}${c.repeat ? ` #${c.repeat + 1}` : ''}`;
      // Reasons quote the model's answer and errors the server's text: never raw on a terminal.
      if (c.status === 'error') return `  ! ${name}: ${escapeControl(c.error ?? '')}`;
      return `  ✗ ${name}: ${escapeControl(c.failed.map((x) => `${x.type}: ${x.reason}`).join('; '))}`;
    });
    if (failing.length > MAX_PROBLEMS_LISTED)
      lines.push(
        `  … and ${failing.length - MAX_PROBLEMS_LISTED} more in ${a.prompt.path}: see its results file`,
      );
    return lines;
  });
  if (problems.length) out.push('', ...problems);
  const cancelled = artifacts.some((a) => a.summary.cancelled);
  const total = artifacts.reduce((n, a) => n + a.summary.total, 0);
  const passed = artifacts.reduce((n, a) => n + a.summary.passed, 0);
  out.push(
    '',
    `${passed}/${total} cases passed${cancelled ? ' (cancelled)' : ''}; results in ${where}`,
  );
  return out.join('\n');
}

/** Each prompt followed by its variants (`--variants`), each once. */
function withVariants(prompts: string[]): string[] {
  const all = new Set<string>();
  for (const file of prompts) {
    all.add(file);
    for (const v of variantsOf(file)) all.add(v.file);
  }
  return [...all];
}
