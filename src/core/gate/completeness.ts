import type { RunArtifact } from '../eval/artifact';
import { summarise } from '../eval/summary';
import type { FixtureFile } from '../eval/fixtures';
import { shardOf } from '../eval/shard';

/** One run of one case: its id and 0-based repeat. */
export interface CaseKey {
  id: string;
  repeat: number;
}

const keyOf = (c: CaseKey) => `${c.id}#${c.repeat}`;

/**
 * The case runs a complete result must hold: every case that is not skipped, times its repeats
 * (the run's `--repeat` when it had one, else the case's own `repeat`, else 1).
 */
export function expectedCases(fixtures: FixtureFile, repeat: number | null): CaseKey[] {
  const keys: CaseKey[] = [];
  for (const fixture of fixtures.cases) {
    if (fixture.skip) continue;
    const repeats = repeat ?? fixture.repeat ?? 1;
    for (let r = 0; r < repeats; r++) keys.push({ id: fixture.id, repeat: r });
  }
  return keys;
}

const LISTED = 8;

function listIds(ids: string[]): string {
  const unique = [...new Set(ids)];
  return unique.slice(0, LISTED).join(', ') + (unique.length > LISTED ? ' …' : '');
}

/**
 * Why an artifact does not cover its fixture cases, or undefined when it does: missing cases,
 * one shard of a sharded run, or a merge that lacks shards. `refresh` says how to re-run.
 */
export function incompleteness(
  artifact: Pick<RunArtifact, 'cases' | 'shard' | 'shards' | 'fingerprint'>,
  fixtures: FixtureFile,
  refresh: string,
): string | undefined {
  const expected = expectedCases(fixtures, artifact.fingerprint?.repeat ?? null);
  if (expected.length === 0)
    return 'the fixture file has no cases to run (all skipped or none): zero cases never pass';
  const present = new Set(artifact.cases.map(keyOf));
  const missing = expected.filter((k) => !present.has(keyOf(k)));
  if (missing.length === 0) return undefined;
  const head = `${missing.length} of ${expected.length} cases missing: ${listIds(missing.map((k) => k.id))}`;
  if (artifact.shard)
    return `these are the results of shard ${artifact.shard.index}/${artifact.shard.count} only (${head}); combine the shards with promptops merge`;
  if (artifact.shards) {
    const merged = new Set(artifact.shards.merged);
    const absent = Array.from({ length: artifact.shards.count }, (_, i) => i + 1).filter(
      (i) => !merged.has(i) && missing.some((k) => shardOf(k.id, artifact.shards!.count) === i),
    );
    if (absent.length)
      return `the merge lacks shard${absent.length === 1 ? '' : 's'} ${absent.map((i) => `${i}/${artifact.shards!.count}`).join(', ')} (${head}); merge every shard's results`;
  }
  return `${head}; ${refresh}`;
}

/**
 * Whether the summary says what the cases say: counts and pass rate recomputed from the cases. An
 * edited or truncated artifact disagrees.
 */
export function summaryMismatch(
  artifact: Pick<RunArtifact, 'cases' | 'summary'>,
): string | undefined {
  const counted = summarise(artifact.cases, 0, artifact.summary.cancelled);
  const s = artifact.summary;
  const differences = (['total', 'passed', 'failed', 'errors'] as const)
    .filter((k) => counted[k] !== s[k])
    .map((k) => `${k} ${s[k]} ≠ ${counted[k]} counted`);
  if (Math.abs(counted.passRate - s.passRate) > 1e-9)
    differences.push(`pass rate ${s.passRate} ≠ ${counted.passRate} counted`);
  if (Math.abs(counted.costUsd - s.costUsd) > 1e-9 + 1e-6 * Math.abs(counted.costUsd))
    differences.push(`cost ${s.costUsd} ≠ ${counted.costUsd} counted`);
  if (differences.length === 0) return undefined;
  return `the summary does not match the cases (${differences.join(', ')}): the artifact was edited or truncated`;
}
