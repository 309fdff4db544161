import * as path from 'node:path';
import { removeStaleTemps } from '../fs/atomic';
import type { ArtifactHead, RunArtifact } from './artifact';
import { openRun } from './context';
import type { EvalOptions, EvalOutcome } from './options';
import { planRun } from './plan';
import { runJobs } from './pool';
import { CaseSink } from './sink';
import { finishRun } from './write';

// The engine's public face: what callers (CLI, editor, compare, shadow) import.
export { backoffMs } from './call';
export { DEFAULTS, EvalConfigError } from './options';
export type { EvalMode, EvalOptions, EvalOutcome, EvalProgress } from './options';
export { parseOutputJson } from './output-json';
export { runSettingsOf } from './run-settings';

/**
 * Runs one prompt's fixture cases and writes its result artifact, in four steps a reader can
 * follow: plan the run (plan.ts: nothing is sent when the prompt, fixtures or model are wrong),
 * open what the cases share (context.ts), run the cases (pool.ts → case.ts: render, privacy
 * check, answer, judge), and write the artifact (write.ts).
 */
export async function evalPrompt(
  promptFile: string,
  options: EvalOptions & { keepCases: false },
): Promise<EvalOutcome<ArtifactHead>>;
export async function evalPrompt(
  promptFile: string,
  options: EvalOptions,
): Promise<EvalOutcome<RunArtifact>>;
export async function evalPrompt(
  promptFile: string,
  options: EvalOptions,
): Promise<EvalOutcome<RunArtifact | ArtifactHead>> {
  const started = Date.now();
  const plan = await planRun(promptFile, options);
  // What killed runs left half-written (artifacts, cache entries) goes before this run writes.
  if (options.write !== false) removeStaleTempsOnce(path.join(options.root, '.promptops'));
  const run = await openRun(plan, options);
  const onDisk = options.keepCases === false && options.write !== false;
  const sink = new CaseSink(plan.jobs.length, onDisk, plan.privacy, options.onCase);
  try {
    await runJobs(run, sink);
    sink.completeCancelled(plan.jobs);
    return await finishRun(run, sink, started);
  } finally {
    sink.dispose();
  }
}

const swept = new Set<string>();
/** Once per process and folder: a run of many prompts walks the cache once. */
function removeStaleTempsOnce(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  removeStaleTemps(dir);
}
