import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * The CLI's bundle, loaded with the code V8 compiled for it the last time the same command ran.
 *
 * Compiling the 1.5 MB bundle, and then each function it calls, took ~100 ms of every command's
 * start before its first useful step. V8 can hand back what it compiled (`createCachedData`), and
 * take it at the next compile. The code is taken at the command's exit, so it holds every function
 * the command ran, not only the bundle's top level (what Node 22's module.enableCompileCache and
 * the v8-compile-cache package keep); hence one cache per command, each made by its first run.
 *
 * - The file is named by the bundle's content hash, Node's version and the platform: a new build
 *   never meets an old cache. V8 checks its own version and flags too, and rejects what does not
 *   fit (a torn or foreign file included); a rejected cache is made anew at exit.
 * - It lives in a directory only this user can write, under the user's cache folder: a cache
 *   someone else could write would be code run as this user. Anything else (a read-only home,
 *   another owner, a loose mode) means no cache, never an error.
 * - Written to a temporary file and renamed: a second CLI at the same moment reads a whole cache
 *   or none. A cache file is read only if it is this user's, a regular file nobody else can
 *   write. Caches of other builds unused for 14 days are removed when a new one is written.
 * - None on Windows, whose folders' owners and modes this does not check.
 * - The bundle runs as a vm.Script, which has no loader for import(): esbuild builds it with
 *   dynamic import turned into require (esbuild.js).
 * - PROMPTOPS_NO_COMPILE_CACHE=1 (or Node's NODE_DISABLE_COMPILE_CACHE=1) turns it off.
 */
export function loadBundle(file: string, command: string, env = process.env): unknown {
  const source = fs.readFileSync(file, 'utf8');
  const dir =
    env.PROMPTOPS_NO_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE
      ? undefined
      : privateCacheDir(path.join(userCacheHome(env), 'promptops', 'compile-cache'));
  const names = cacheNames(file, source, command);
  const cacheFile = dir && path.join(dir, names.file);
  const cachedData = cacheFile ? readOrUndefined(cacheFile) : undefined;
  const script = new vm.Script(`${WRAPPER}\n${source}\n});`, {
    filename: file,
    // The wrapper has a line of its own: stack traces give the bundle's own lines and columns.
    lineOffset: -1,
    ...(cachedData ? { cachedData } : {}),
  });
  if (cacheFile && (!cachedData || script.cachedDataRejected))
    process.once('exit', () => saveCache(script, cacheFile, names));
  const bundle = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(bundle.exports, bundle.exports, createRequire(file), bundle, file, path.dirname(file));
  return bundle.exports;
}

/** CommonJS's module wrapper, as Node's loader writes it. */
const WRAPPER = '(function (exports, require, module, __filename, __dirname) {';

/**
 * The cache's file name, `<bundle>-<hash of its text, Node, platform>-<command>.bin` (the command
 * as a safe word), and its two prefixes: `<bundle>-` (every build's) and `<bundle>-<hash>-` (this one's).
 */
function cacheNames(file: string, source: string, command: string) {
  const hash = createHash('sha1')
    .update(source)
    .update(`\0${process.version}\0${process.arch}\0${process.platform}`)
    .digest('hex')
    .slice(0, 20);
  const word = /^[a-z][a-z-]{0,31}$/.test(command) ? command : 'other';
  const bundle = `${path.basename(file, '.js')}-`;
  const build = `${bundle}${hash}-`;
  return { file: `${build}${word}.bin`, bundle, build };
}

/** A file or directory of this user's that nobody else can write. */
function isPrivate(stat: fs.Stats): boolean {
  return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
}

/** The cache file, if it is a regular file of this user's that nobody else can write (not a link). */
function readOrUndefined(file: string): Buffer | undefined {
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

/** Other builds' caches unused this long go (another install or Node version may still use theirs). */
const STALE_MS = 14 * 24 * 3600 * 1000;

/** The code V8 holds for the bundle now, written whole; stale builds' caches go. Never throws. */
function saveCache(
  script: vm.Script,
  cacheFile: string,
  { bundle, build }: { bundle: string; build: string },
): void {
  const temporary = `${cacheFile}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600, flag: 'wx' });
    fs.renameSync(temporary, cacheFile);
    const dir = path.dirname(cacheFile);
    for (const other of fs.readdirSync(dir)) {
      if (!other.startsWith(bundle) || other.startsWith(build)) continue;
      if (!/^[0-9a-f]{20}-/.test(other.slice(bundle.length))) continue;
      const file = path.join(dir, other);
      if (Date.now() - fs.statSync(file).mtimeMs > STALE_MS) fs.rmSync(file, { force: true });
    }
  } catch {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // an exit handler must not throw: the next run tries again
    }
  }
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
