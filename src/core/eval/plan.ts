import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePromptDocument, type PromptDocument } from '../language/document';
import { posixRelative } from '../fs/paths';
import { sha256 } from '../hash';
import { GuardSpecSchema, type GuardSpec } from '../guard/output-guard';
import { DEFAULT_PRIVACY, type PrivacyPolicy } from '../privacy/request';
import { parseModel } from '../providers/registry';
import { FixtureError, fixturePathFor, type FixtureFile } from './fixtures';
import { parseFixturesAsync, readFixturesAsync } from './fixtures-async';
import { DEFAULT_MAX_TURNS, EvalConfigError, type EvalOptions, type Job } from './options';
import { runSettingsOf, type RunSettings } from './run-settings';
import { selectedCases } from './shard';
import { resolveTools } from '../tools/definitions';
import type { ToolSpec } from '../tools/types';

/** The tools a prompt offers and how its tool loop runs (Dotprompt frontmatter). */
export interface ToolSettings {
  tools: ToolSpec[];
  /** auto, none, required, or a tool's name. */
  toolChoice: string | undefined;
  maxTurns: number;
  /** Stop at the model's first tool request, so a case judges the request alone. */
  returnToolRequests: boolean;
}

/**
 * Step 1 of a run: everything that must be right before anything is sent. Reads the prompt and
 * its fixtures, resolves the model, and lists the jobs; any problem is an EvalConfigError.
 */
export interface RunPlan {
  promptFile: string;
  /** The prompt's path relative to the root, with forward slashes (as artifacts record it). */
  relativePrompt: string;
  source: string;
  document: PromptDocument;
  fixtures: FixtureFile;
  fixturesFile: string;
  /** Hash of exactly the fixture bytes that ran. */
  fixturesSha256: string;
  modelId: string;
  target: { provider: string; model: string };
  baseURL: string;
  config: RunSettings['config'];
  output: RunSettings['output'];
  privacy: PrivacyPolicy;
  guardSpec: GuardSpec | undefined;
  tools: ToolSettings;
  jobs: Job[];
  /** Some cases only (by id or tag), not a shard: the run folds into the prompt's results. */
  subset: boolean;
}

export async function planRun(promptFile: string, options: EvalOptions): Promise<RunPlan> {
  const relativePrompt = posixRelative(options.root, promptFile);
  const source = read(promptFile, options);
  const document = parsePromptDocument(source);
  const blocking = document.problems.find((p) => p.severity === 'error');
  if (blocking)
    throw new EvalConfigError(
      `${relativePrompt}:${blocking.range.start.line + 1}:${blocking.range.start.character + 1}: ${blocking.message}`,
    );
  const frontmatter = document.frontmatter?.data ?? {};
  const fixturesFile = options.fixtures?.file ?? fixturePathFor(promptFile, frontmatter);
  if (!fixturesFile)
    throw new EvalConfigError(
      `${relativePrompt} has no fixture file: add ${path.basename(promptFile).replace(/\.prompt$/, '.fixtures.yaml')} beside it`,
    );
  const { fixtures, sha256: fixturesSha256 } = await loadFixtures(fixturesFile, options);
  const { modelId, config, output } = await runSettingsOf(document, options.model);
  if (!modelId)
    throw new EvalConfigError(
      `${relativePrompt} names no model: add model: provider/name to its frontmatter, or pass --model`,
    );
  const { target, baseURL } = resolveTarget(modelId, relativePrompt, options);
  const { jobs, subset } = selectJobs(fixtures, fixturesFile, options);
  return {
    promptFile,
    relativePrompt,
    source,
    document,
    fixtures,
    fixturesFile,
    fixturesSha256,
    modelId,
    target,
    baseURL,
    config,
    output,
    privacy: options.privacy ?? DEFAULT_PRIVACY,
    guardSpec: guardSpecOf(frontmatter['promptops.guard'], relativePrompt),
    tools: await toolSettingsOf(frontmatter, fixtures, relativePrompt, options),
    jobs,
    subset,
  };
}

function read(file: string, options: EvalOptions): string {
  const open = options.readFile?.(file);
  if (open !== undefined) return open;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new EvalConfigError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/**
 * An editor buffer or another version's text when given, else the file (parsed once per process);
 * a large file in slices, so the extension host keeps answering while it is read.
 */
async function loadFixtures(
  fixturesFile: string,
  options: EvalOptions,
): Promise<{ fixtures: FixtureFile; sha256: string }> {
  const override = options.fixtures?.text ?? options.readFile?.(fixturesFile);
  try {
    // The bytes are read once: the artifact records the hash of exactly what ran.
    return override !== undefined
      ? { fixtures: await parseFixturesAsync(override, fixturesFile), sha256: sha256(override) }
      : await readFixturesAsync(fixturesFile);
  } catch (error) {
    const where =
      error instanceof FixtureError && error.line !== undefined ? `:${error.line + 1}` : '';
    throw new EvalConfigError(
      `${path.relative(options.root, fixturesFile)}${where}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function resolveTarget(
  modelId: string,
  relativePrompt: string,
  options: EvalOptions,
): { target: { provider: string; model: string }; baseURL: string } {
  try {
    const target = parseModel(modelId);
    return { target, baseURL: options.registry.baseURL(target.provider) };
  } catch (error) {
    throw new EvalConfigError(`${relativePrompt}: ${(error as Error).message}`);
  }
}

function guardSpecOf(declared: unknown, relativePrompt: string): GuardSpec | undefined {
  if (declared === undefined) return undefined;
  const parsed = GuardSpecSchema.safeParse(declared);
  if (!parsed.success)
    throw new EvalConfigError(
      `${relativePrompt}: promptops.guard: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
    );
  return parsed.data;
}

/** The prompt's `tools:` resolved against promptops.config.yaml's and the fixture file's definitions. */
async function toolSettingsOf(
  frontmatter: Record<string, unknown>,
  fixtures: FixtureFile,
  relativePrompt: string,
  options: EvalOptions,
): Promise<ToolSettings> {
  const names = Array.isArray(frontmatter.tools)
    ? frontmatter.tools.filter((t): t is string => typeof t === 'string')
    : [];
  const { tools, problems } = await resolveTools(names, options.toolDefinitions, fixtures.tools);
  if (problems.length) throw new EvalConfigError(`${relativePrompt}: ${problems.join('; ')}`);
  const maxTurns = frontmatter.maxTurns;
  return {
    tools,
    toolChoice: typeof frontmatter.toolChoice === 'string' ? frontmatter.toolChoice : undefined,
    maxTurns:
      typeof maxTurns === 'number' && Number.isInteger(maxTurns) && maxTurns > 0
        ? maxTurns
        : DEFAULT_MAX_TURNS,
    returnToolRequests: frontmatter.returnToolRequests === true,
  };
}

/** The cases this run executes (by id, skip and shard), each repeated as asked. */
function selectJobs(
  fixtures: FixtureFile,
  fixturesFile: string,
  options: EvalOptions,
): { jobs: Job[]; subset: boolean } {
  const shard = options.shard;
  const selected = selectedCases(fixtures.cases, options);

  if (options.caseIds && selected.length === 0)
    throw new EvalConfigError(
      `no case ${options.caseIds.map((id) => `'${id}'`).join(', ')} in ${path.relative(options.root, fixturesFile)} (cases: ${fixtures.cases.map((c) => c.id).join(', ')})`,
    );
  const jobs: Job[] = [];
  for (const fixture of selected) {
    const repeats = options.repeat ?? fixture.repeat ?? 1;
    for (let repeat = 0; repeat < repeats; repeat++)
      jobs.push({ index: jobs.length, fixture, repeat });
  }
  // A run of some cases only (not a shard, which `promptops merge` completes).
  const subset = !shard && selected.length < fixtures.cases.filter((c) => !c.skip).length;
  return { jobs, subset };
}
