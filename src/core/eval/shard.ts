import { createHash } from 'node:crypto';

/**
 * The shard (1-based) a case belongs to: by a hash of its id, not its position, so adding a
 * case never moves the others between CI jobs.
 */
export function shardOf(caseId: string, count: number): number {
  return (createHash('sha256').update(caseId).digest().readUInt32BE(0) % count) + 1;
}

/**
 * The cases a run (or its estimate) takes: not skipped, among `caseIds` when given, in `shard`
 * when given. `caseIds` is a set here: includes() per case was quadratic for a run of most of
 * 10,000 cases.
 */
export function selectedCases<T extends { id: string; skip?: unknown }>(
  cases: readonly T[],
  { caseIds, shard }: { caseIds?: readonly string[]; shard?: { index: number; count: number } },
): T[] {
  const chosen = caseIds && new Set(caseIds);
  return cases.filter(
    (c) =>
      !c.skip &&
      (!chosen || chosen.has(c.id)) &&
      (!shard || shardOf(c.id, shard.count) === shard.index),
  );
}
