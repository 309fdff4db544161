import { deserialize, serialize } from 'node:v8';
import type { FixtureFile } from './fixtures';

/**
 * Where a large fixture file, once read and checked, is kept between processes, by the sha256 of
 * its bytes: the next run of an unchanged 10,000-case file takes it back in tens of milliseconds
 * instead of parsing and checking it again (~0.36 s; ~0.1 s for 1,000 cases, most of a run's
 * start). The CLI keeps it in the user's cache folder (src/cli/fixture-store.ts); the editor
 * keeps what it read in memory and has none.
 *
 * - Never in the repository: a cache that came with the repository could make the gate judge
 *   cases the file does not hold. The key is the content's hash, so an edit is a new entry.
 * - Only a read with no problem is kept (problems are said by parsing, with their lines), and
 *   what comes back is exactly what was kept (V8's structured clone of the same values).
 * - Anything that does not read back as a kept read (a torn or foreign entry) is not there.
 */
export interface FixtureStore {
  get(key: string): Uint8Array | undefined;
  set(key: string, data: Uint8Array): void;
}

/**
 * A large file's read: the checked file and, when it was read case by case, each case's text and
 * value as read (for the lint; a file the line reader declines is parsed whole, without them).
 */
export interface KeptRead {
  fixtures: FixtureFile;
  keys?: string[];
  cases?: unknown[];
}

export type KeptFormat = 'yaml' | 'jsonl' | 'csv';

/** Bumped when what is kept changes shape or meaning (the CLI's store is also per build). */
const SHAPE = 1;

let store: FixtureStore | undefined;

/** The store reads of large fixture files go to and come from; undefined for none. */
export function useFixtureStore(next: FixtureStore | undefined): void {
  store = next;
}

const keyOf = (hash: string, format: KeptFormat) => `${hash}-${format}`;

/** The read kept for these bytes (by their sha256) in this format; undefined when there is none. */
export function keptRead(hash: string, format: KeptFormat): KeptRead | undefined {
  const data = store?.get(keyOf(hash, format));
  if (!data) return undefined;
  try {
    const kept = deserialize(data) as { shape?: unknown; read?: unknown };
    return kept.shape === SHAPE && isKeptRead(kept.read) ? kept.read : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a read of these bytes; a store that cannot take it is no store, never an error. */
export function keepRead(hash: string, format: KeptFormat, read: KeptRead): void {
  if (!store) return;
  try {
    store.set(keyOf(hash, format), serialize({ shape: SHAPE, read }));
  } catch {
    // too deep to clone, a full disk: the next run parses again
  }
}

function isKeptRead(value: unknown): value is KeptRead {
  if (typeof value !== 'object' || value === null) return false;
  const { fixtures, keys, cases } = value as Partial<Record<keyof KeptRead, unknown>>;
  const fixtureCases = (fixtures as { cases?: unknown } | null | undefined)?.cases;
  if (!Array.isArray(fixtureCases)) return false;
  if (keys === undefined && cases === undefined) return true;
  return (
    Array.isArray(keys) &&
    Array.isArray(cases) &&
    keys.length === cases.length &&
    fixtureCases.length === cases.length &&
    keys.every((key) => typeof key === 'string')
  );
}
