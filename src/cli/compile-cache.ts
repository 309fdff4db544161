import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { pruneCache, readPrivateFile, userCacheDir, writePrivateFile } from './private-cache';

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
 * Returns the bundle's exports and its build's hash (what other caches of this build are named by).
 */
export function loadBundle(
  file: string,
  command: string,
  env = process.env,
): { exports: unknown; build: string } {
  const source = fs.readFileSync(file, 'utf8');
  const dir =
    env.PROMPTOPS_NO_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE
      ? undefined
      : userCacheDir('compile-cache', env);
  const names = cacheNames(file, source, command);
  const cacheFile = dir && path.join(dir, names.file);
  const cachedData = cacheFile ? readPrivateFile(cacheFile) : undefined;
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
  return { exports: bundle.exports, build: names.hash };
}

/** CommonJS's module wrapper, as Node's loader writes it. */
const WRAPPER = '(function (exports, require, module, __filename, __dirname) {';

/**
 * The cache's file name, `<bundle>-<hash of its text, Node, platform>-<command>.bin` (the command
 * as a safe word), and its two prefixes: `<bundle>-` (every build's) and `<bundle>-<hash>-` (this one's).
 */
function cacheNames(file: string, source: string, command: string) {
  const hash = createHash('sha1')
    .update(WRAPPER)
    .update(source)
    .update(`\0${process.version}\0${process.arch}\0${process.platform}`)
    .digest('hex')
    .slice(0, 20);
  const word = /^[a-z][a-z-]{0,31}$/.test(command) ? command : 'other';
  const bundle = `${path.basename(file, '.js')}-`;
  const build = `${bundle}${hash}-`;
  return { file: `${build}${word}.bin`, bundle, build, hash };
}

/**
 * The code V8 holds for the bundle now, written whole; other builds' caches go once unused for
 * 14 days (another install or Node version may still use theirs). Never throws.
 */
function saveCache(
  script: vm.Script,
  cacheFile: string,
  { bundle, build }: { bundle: string; build: string },
): void {
  try {
    writePrivateFile(cacheFile, script.createCachedData());
    const otherBuild = (name: string) =>
      name.startsWith(bundle) &&
      !name.startsWith(build) &&
      /^[0-9a-f]{20}-/.test(name.slice(bundle.length));
    pruneCache(path.dirname(cacheFile), { only: otherBuild });
  } catch {
    // an exit handler must not throw: the next run tries again
  }
}
