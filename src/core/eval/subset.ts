import * as fs from 'node:fs';
import { readArtifact, type ArtifactHead, type CaseResult, type RunArtifact } from './artifact';
import { changedPartials } from '../language/used-partials';
import { summarise } from './summary';

/** A case result that says the run was cancelled before the case had an answer. */
export function wasCancelled(result: CaseResult): boolean {
  return result.status === 'error' && result.cancelled === true;
}

/**
 * Whether earlier results can take in a run of some of their cases: made from the same prompt,
 * fixtures, partials and settings, whole (not one shard, not a merge of some) and not cancelled.
 */
function canFold(previous: RunArtifact, head: ArtifactHead): boolean {
  return (
    previous.prompt.sha256 === head.prompt.sha256 &&
    previous.fixtures?.sha256 === head.fixtures?.sha256 &&
    changedPartials(previous.partials, head.partials ?? {}).length === 0 &&
    previous.configHash === head.configHash &&
    !previous.shard &&
    !previous.shards &&
    !previous.summary.cancelled
  );
}

const keyOf = (c: Pick<CaseResult, 'id' | 'repeat'>) => `${c.id}#${c.repeat}`;

/**
 * A run of some of a prompt's cases (`--case`, a tag, re-running failures, one case from the
 * editor) folded into the prompt's previous results, when those are still fresh: the cases that
 * ran replace theirs, the rest are kept, the summary is recomputed. A case the run did not finish
 * (cancelled) keeps its previous result. Undefined when there is nothing fresh to keep: the run
 * is then written as it is, and the gate calls it incomplete.
 */
export function foldIntoPrevious(
  artifactFile: string,
  head: ArtifactHead,
  ran: readonly CaseResult[],
  order: ReadonlyMap<string, number>,
): RunArtifact | undefined {
  let previous: RunArtifact;
  try {
    if (!fs.existsSync(artifactFile)) return undefined;
    previous = readArtifact(artifactFile);
  } catch {
    return undefined; // unreadable: nothing to keep
  }
  if (!canFold(previous, head)) return undefined;
  const byKey = new Map(previous.cases.map((c) => [keyOf(c), c]));
  for (const result of ran) if (!wasCancelled(result)) byKey.set(keyOf(result), result);
  const cases = [...byKey.values()].sort(
    (a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity) || a.repeat - b.repeat,
  );
  const summary = summarise(cases, head.summary.durationMs, false);
  const guarded = cases.filter((c) => c.guard);
  if (head.summary.fallbackRate !== undefined)
    summary.fallbackRate = guarded.length
      ? guarded.filter((c) => c.guard?.action === 'fallback').length / guarded.length
      : 0;
  const { summary: _ignored, shard: _none, ...rest } = head;
  return {
    ...rest,
    // Answers from recordings anywhere make the whole result a replayed one.
    mode: previous.mode === 'replay' || head.mode === 'replay' ? 'replay' : head.mode,
    cases,
    summary,
  };
}
