import * as path from 'node:path';
import { runResultsDir } from './model-results';
import { writeJsonAtomicAsync } from '../fs/atomic';
import { posixRelative } from '../fs/paths';
import { sha256 } from '../hash';
import { scrubValue } from '../secrets/scrub';
import {
  appendHistory,
  ARTIFACT_SCHEMA_VERSION,
  artifactPathFor,
  saveRun,
  writeArtifactAsync,
  type ArtifactHead,
  type RunArtifact,
} from './artifact';
import type { RunContext } from './context';
import { fingerprintHash, runFingerprint } from './fingerprint';
import type { EvalOutcome } from './options';
import type { CaseSink } from './sink';
import { foldIntoPrevious } from './subset';
import { summarise } from './summary';

/**
 * Step 4 of a run: the artifact. A run of some cases folds into the prompt's results when those
 * are still fresh; otherwise the run's own artifact is written (atomically) and saved as a run.
 * The history (what Trends and drift read) gets whole runs only: the folded result, or a run of
 * every case. A subset that could not fold stays out of it, so one case is never a point that
 * reads as the prompt's pass rate. With `write: false` nothing touches the disk. The artifact is
 * written in slices, so the extension host keeps answering while a large run is written.
 */
export async function finishRun(
  run: RunContext,
  sink: CaseSink,
  started: number,
): Promise<EvalOutcome<RunArtifact | ArtifactHead>> {
  const { options, plan } = run;
  const head = artifactHead(run, sink, started);
  const resultsDir = runResultsDir(
    options.resultsDir,
    options.model,
    plan.document.frontmatter?.data?.model,
  );
  const file = artifactPathFor(options.root, plan.promptFile, resultsDir);
  // The cases go between the model and the summary, as in every artifact.
  const { summary, shard, ...before } = head;
  const tail = { summary, ...(shard ? { shard } : {}) };
  const cases = sink.inMemory();
  const artifact = cases ? ({ ...before, cases, ...tail } satisfies RunArtifact) : undefined;
  if (options.write === false) return { artifact: artifact ?? head, file };
  const order = new Map(plan.fixtures.cases.map((c, i) => [c.id, i]));
  const folded = plan.subset ? foldIntoPrevious(file, head, cases ?? sink.all(), order) : undefined;
  if (folded) {
    await writeArtifactAsync(file, folded);
    saveRun(options.root, folded, file);
    appendHistory(options.root, folded);
    const { cases: _cases, ...foldedHead } = folded;
    return { artifact: options.keepCases === false ? foldedHead : folded, file, ran: head.summary };
  }
  // In slices, asynchronously: a 10,000-case artifact is a long write for the extension host.
  if (artifact) await writeArtifactAsync(file, artifact);
  else await writeJsonAtomicAsync(file, { ...before, cases: sink.lines(), ...tail }, 2);
  saveRun(options.root, head, file);
  if (!plan.subset) appendHistory(options.root, head);
  return { artifact: artifact ?? head, file };
}

/** Everything in the artifact but its cases: what ran, with what, and the summary. */
function artifactHead(run: RunContext, sink: CaseSink, started: number): ArtifactHead {
  const { options, plan } = run;
  const fingerprint = runFingerprint({
    modelId: plan.modelId,
    provider: {
      name: plan.target.provider,
      baseURL: plan.baseURL,
      headers: options.registry.config(plan.target.provider).headers,
    },
    parameters: plan.config,
    output: plan.output,
    privacy: plan.privacy,
    repeat: options.repeat ?? null,
    graderModel: options.graderModel,
    embeddingModel: options.embeddingModel,
    tools: { names: plan.tools.tools.map((t) => t.name), definitions: options.toolDefinitions },
  });
  const cancelled = options.signal?.aborted ?? false;
  const head: ArtifactHead = scrubValue({
    schemaVersion: ARTIFACT_SCHEMA_VERSION,
    tool: { name: 'promptops', version: options.version },
    createdAt: new Date(started).toISOString(),
    prompt: {
      path: plan.relativePrompt,
      name: path.basename(plan.promptFile, '.prompt'),
      sha256: sha256(plan.source),
      source: plan.source,
    },
    fixtures: { path: posixRelative(options.root, plan.fixturesFile), sha256: plan.fixturesSha256 },
    ...(Object.keys(run.partials).length ? { partials: run.partials } : {}),
    configHash: fingerprintHash(fingerprint),
    fingerprint,
    model: {
      id: plan.modelId,
      provider: plan.target.provider,
      model: plan.target.model,
      baseURL: fingerprint.provider.baseURL,
      parameters: plan.config,
    },
    mode: run.mode,
    summary: summarise(sink.figures, Date.now() - started, cancelled),
  } satisfies ArtifactHead);
  if (options.shard) head.shard = options.shard;
  const batch = run.collector?.state;
  if (batch)
    head.batch = {
      id: batch.id,
      status: batch.status,
      ...(batch.parts ? { parts: batch.parts } : {}),
    };
  if (plan.guardSpec) head.summary.fallbackRate = sink.fallbackRate();
  return head;
}
