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
const SHAPE = 2;

let store: FixtureStore | undefined;

/** The store reads of large fixture files go to and come from; undefined for none. */
export function useFixtureStore(next: FixtureStore | undefined): void {
  store = next;
}

const keyOf = (hash: string, format: KeptFormat) => `${hash}-${format}`;

/** The read kept for these bytes (by their sha256, `text` their text); undefined when there is none. */
export function keptRead(hash: string, format: KeptFormat, text: string): KeptRead | undefined {
  try {
    const data = store?.get(keyOf(hash, format));
    if (!data) return undefined;
    const kept = deserialize(data) as { shape?: unknown; read?: unknown };
    return kept.shape === SHAPE ? fromKept(kept.read, text) : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a read of these bytes; a store that cannot take it is no store, never an error. */
export function keepRead(hash: string, format: KeptFormat, read: KeptRead, text: string): void {
  if (!store) return;
  try {
    store.set(keyOf(hash, format), serialize({ shape: SHAPE, read: toKept(read, text) }));
  } catch {
    // too deep to clone, a full disk: the next run parses again
  }
}

/**
 * What is kept: each case's text as where it starts in the file's text and its length (the text
 * is at hand when the read is taken back), so the entry does not hold the file a second time.
 */
interface Kept {
  fixtures: FixtureFile;
  spans?: Uint32Array;
  cases?: unknown[];
}

function toKept({ fixtures, keys, cases }: KeptRead, text: string): Kept {
  if (!keys || !cases) return { fixtures };
  const spans = new Uint32Array(keys.length * 2);
  let from = 0;
  for (const [i, key] of keys.entries()) {
    const at = text.indexOf(key, from);
    if (at < 0) return { fixtures }; // not the file's own text: the lint reads the cases itself
    spans[2 * i] = at;
    spans[2 * i + 1] = key.length;
    from = at + key.length;
  }
  return { fixtures, spans, cases };
}

function fromKept(value: unknown, text: string): KeptRead | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { fixtures, spans, cases } = value as Partial<Record<keyof Kept, unknown>>;
  const fixtureCases = (fixtures as { cases?: unknown } | null | undefined)?.cases;
  if (!Array.isArray(fixtureCases)) return undefined;
  const read = { fixtures: fixtures as FixtureFile };
  if (spans === undefined && cases === undefined) return read;
  if (!(spans instanceof Uint32Array) || !Array.isArray(cases)) return undefined;
  if (spans.length !== 2 * cases.length || cases.length !== fixtureCases.length) return undefined;
  const keys: string[] = [];
  for (let i = 0; i < spans.length; i += 2) {
    const end = spans[i]! + spans[i + 1]!;
    if (end > text.length) return undefined;
    keys.push(text.slice(spans[i], end));
  }
  return { ...read, keys, cases };
}
