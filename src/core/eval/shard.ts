import { createHash } from 'node:crypto';

/**
 * The shard (1-based) a case belongs to: by a hash of its id, not its position, so adding a
 * case never moves the others between CI jobs.
 */
export function shardOf(caseId: string, count: number): number {
  return (createHash('sha256').update(caseId).digest().readUInt32BE(0) % count) + 1;
}
