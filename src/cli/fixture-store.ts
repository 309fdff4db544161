import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FixtureStore } from '../core/eval/fixture-store';
import { pruneCache, readPrivateFile, userCacheDir, writePrivateFile } from './private-cache';

/** Entries kept at most, the most recently used (and none unused for 14 days). */
const KEPT = 32;

/**
 * The CLI's fixture store (src/core/eval/fixture-store.ts): a file per read of a large fixture
 * file, `<build>-<sha256 of its bytes>-<format>.bin`, in `<user cache folder>/promptops/fixtures/`,
 * a directory only this user can write (src/cli/private-cache.ts). A build takes only its own
 * entries. An entry taken is touched; when a run first uses the store, and after each write, what
 * is past the 32 most recently used, or unused for 14 days, goes. PROMPTOPS_NO_FIXTURE_CACHE=1
 * turns it off.
 */
export function userFixtureStore(build: string, env = process.env): FixtureStore | undefined {
  if (env.PROMPTOPS_NO_FIXTURE_CACHE) return undefined;
  // Made (and pruned) at the first large file of a run, not at every start.
  let dir: string | null | undefined;
  const folder = () => {
    if (dir !== undefined) return dir;
    dir = userCacheDir('fixtures', env) ?? null;
    if (dir) pruneCache(dir, { most: KEPT });
    return dir;
  };
  const fileOf = (at: string, key: string) => path.join(at, `${build}-${key}.bin`);
  return {
    get(key) {
      const at = folder();
      if (!at) return undefined;
      const file = fileOf(at, key);
      const data = readPrivateFile(file);
      if (data) touch(file);
      return data;
    },
    set(key, data) {
      const at = folder();
      if (!at) return;
      try {
        writePrivateFile(fileOf(at, key), data);
        pruneCache(at, { most: KEPT });
      } catch {
        // no room, a folder gone: the next run parses again
      }
    },
  };
}

function touch(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // an entry another process just pruned: it was read whole
  }
}
