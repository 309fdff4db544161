import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The CLI's caches in the user's cache folder (compiled code, parsed fixture files): a directory
 * only this user can write, files read only when they are this user's and nobody else can write
 * them, written whole (a temporary file renamed). What someone else could write would be taken
 * as this user's own work, so anything else means no cache, never an error. None on Windows,
 * whose folders' owners and modes this does not check.
 */

/**
 * `<user cache folder>/promptops/<name>`, made if missing, when it and the two folders above it
 * are private (a folder above that someone else could write would let them swap ours out between
 * the check and a read); else undefined.
 */
export function userCacheDir(name: string, env: NodeJS.ProcessEnv): string | undefined {
  const home = userCacheHome(env);
  const dir = path.join(home, 'promptops', name);
  if (!privateCacheDir(dir)) return undefined;
  return privateCacheDir(home) && privateCacheDir(path.dirname(dir)) ? dir : undefined;
}

/** $XDG_CACHE_HOME, or the platform's per-user cache folder. */
function userCacheHome(env: NodeJS.ProcessEnv): string {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return env.XDG_CACHE_HOME;
  if (process.platform === 'win32' && env.LOCALAPPDATA) return env.LOCALAPPDATA;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches');
  return path.join(os.homedir(), '.cache');
}

/**
 * `dir`, made if missing (mode 0700), when it is a real directory (not a link) that this user owns
 * and nobody else can write; undefined otherwise.
 */
export function privateCacheDir(dir: string): string | undefined {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    // Windows: no owner and mode to check here, and folders others can write are common: no cache.
    if (!stat.isDirectory() || process.platform === 'win32') return undefined;
    return isPrivate(stat) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** A file or directory of this user's that nobody else can write. */
function isPrivate(stat: fs.Stats): boolean {
  return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
}

/** The file, if it is a regular file of this user's that nobody else can write (not a link). */
export function readPrivateFile(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    const stat = fs.fstatSync(fd);
    return stat.isFile() && isPrivate(stat) ? fs.readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes the file whole (mode 0600): a reader at the same moment gets the old file or this one. */
export function writePrivateFile(file: string, data: Uint8Array): void {
  const temporary = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/** How long a cache file may go unused (unmodified) before it is removed. */
export const UNUSED_MS = 14 * 24 * 3600 * 1000;

/**
 * Of the files of `dir` that `only` picks (all of them by default), removes those unused for
 * `unusedMs` and those past the `most` most recently used. Never throws: what cannot be read or
 * removed now (another process pruning at the same moment) is left to the next run.
 */
export function pruneCache(
  dir: string,
  { only = () => true, most = Infinity, unusedMs = UNUSED_MS }: PruneOptions = {},
): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter(only);
  } catch {
    return;
  }
  const entries = names.flatMap((name) => {
    const file = path.join(dir, name);
    try {
      return [{ file, used: fs.statSync(file).mtimeMs }];
    } catch {
      return [];
    }
  });
  entries.sort((a, b) => b.used - a.used);
  for (const [index, { file, used }] of entries.entries())
    if (index >= most || Date.now() - used > unusedMs)
      try {
        fs.rmSync(file, { force: true });
      } catch {
        // another process's to remove
      }
}

interface PruneOptions {
  only?: (name: string) => boolean;
  most?: number;
  unusedMs?: number;
}
