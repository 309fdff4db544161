import * as fs from 'node:fs';
import * as path from 'node:path';
import { posixRelative } from '../fs/paths';
import { changedPartials } from '../language/used-partials';
import { readArtifact, type CaseResult, type RunArtifact } from '../eval/artifact';
import { summarise } from '../eval/summary';
import { fixturePathFor, loadFixtures } from '../eval/fixtures';

export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

/**
 * Combines the shards of one prompt's run into what one unsharded run would have written: the
 * cases in fixture order, the summary recomputed. The shards must have run the same prompt,
 * fixtures and configuration.
 */
export function mergeArtifacts(shards: RunArtifact[], root: string): RunArtifact {
  const [first] = shards;
  if (!first) throw new MergeError('nothing to merge');
  const count = checkShards(shards);
  for (const other of shards.slice(1)) {
    const differs =
      (['prompt', 'fixtures'] as const).find((k) => other[k]?.sha256 !== first[k]?.sha256) ??
      (changedPartials(first.partials, other.partials ?? {}).length
        ? 'partial'
        : other.configHash !== first.configHash
          ? 'configuration'
          : undefined);
    if (differs)
      throw new MergeError(
        `${first.prompt.path}: the shards ran different ${differs === 'configuration' ? 'configurations' : `${differs} files`}; re-run them from one commit`,
      );
  }
  const seen = new Map<string, CaseResult>();
  for (const shard of shards) for (const c of shard.cases) seen.set(`${c.id}#${c.repeat}`, c);
  // Fixture order, as an unsharded run writes it.
  const fixturesFile =
    fixturePathFor(path.join(root, first.prompt.path), undefined) ??
    (first.fixtures ? path.join(root, first.fixtures.path) : undefined);
  const order = new Map<string, number>();
  try {
    if (fixturesFile) loadFixtures(fixturesFile).cases.forEach((c, i) => order.set(c.id, i));
  } catch {
    // no fixture file here: keep the shards' order
  }
  const cases = [...seen.values()].sort(
    (a, b) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity) || a.repeat - b.repeat,
  );
  const merged: RunArtifact = {
    ...first,
    cases,
    summary: summarise(
      cases,
      Math.max(...shards.map((s) => s.summary.durationMs)),
      shards.some((s) => s.summary.cancelled),
    ),
  };
  delete merged.shard;
  if (count !== undefined)
    merged.shards = { count, merged: shards.map((s) => s.shard!.index).sort((a, b) => a - b) };
  merged.createdAt = shards.map((s) => s.createdAt).sort()[0] ?? first.createdAt;
  return merged;
}

/**
 * The shard count the artifacts share (undefined for unsharded results): the same shard twice,
 * shards of different counts, or sharded beside unsharded results cannot be merged.
 */
function checkShards(shards: RunArtifact[]): number | undefined {
  const name = shards[0]?.prompt.path;
  const counts = new Set(shards.map((s) => s.shard?.count ?? 0));
  if (counts.size > 1)
    throw new MergeError(
      `${name}: the results come from runs split differently (${[...counts].map((c) => (c ? `--shard i/${c}` : 'unsharded')).join(', ')}); merge the shards of one run`,
    );
  const [count] = counts;
  if (!count) return shards.length > 1 ? unshardedTwice(name) : undefined;
  const seen = new Set<number>();
  for (const shard of shards) {
    const index = shard.shard!.index;
    if (seen.has(index))
      throw new MergeError(`${name}: shard ${index}/${count} is given twice; give each shard once`);
    seen.add(index);
  }
  return count;
}

function unshardedTwice(name: string | undefined): never {
  throw new MergeError(
    `${name}: more than one unsharded result; merge combines the shards of one run (eval --shard i/n)`,
  );
}

/** Every artifact under a results folder, by path relative to it. */
export function artifactsIn(dir: string): Map<string, RunArtifact> {
  const found = new Map<string, RunArtifact>();
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.json'))
        found.set(posixRelative(dir, full), readArtifact(full));
    }
  };
  if (!fs.existsSync(dir)) throw new MergeError(`no such folder: ${dir}`);
  walk(dir);
  return found;
}
