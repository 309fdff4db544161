// The CLI's compile cache (src/cli/compile-cache.ts): made at a command's exit, taken by its next
// run, made anew when torn or foreign, kept out of directories others can write, never an error.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { loadBundle } from '../../../src/cli/compile-cache';
import { privateCacheDir } from '../../../src/cli/private-cache';
import { REPO } from '../helpers';

const MODULE = path.join(REPO, 'out', 'src', 'cli', 'compile-cache.js');
const BUNDLE = `exports.sum = (a, b) => a + b;
exports.sep = require('node:path').sep;
`;

function sandbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-compile-cache-'));
  // A dashed name, as dist/cli-main.js has.
  const bundle = path.join(dir, 'the-bundle.js');
  fs.writeFileSync(bundle, BUNDLE);
  const cacheDir = path.join(dir, 'cache', 'promptops', 'compile-cache');
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache') };
  delete env.PROMPTOPS_NO_COMPILE_CACHE;
  delete env.NODE_DISABLE_COMPILE_CACHE;
  /** Loads the bundle in a process of its own (the cache is written at exit), returns what it printed. */
  const load = (extra: NodeJS.ProcessEnv = {}) =>
    execFileSync(
      process.execPath,
      [
        '-e',
        `const b = require(${JSON.stringify(MODULE)}).loadBundle(${JSON.stringify(bundle)}, 'eval', process.env).exports;
         console.log(b.sum(2, 3), b.sep);`,
      ],
      { env: { ...env, ...extra }, encoding: 'utf8' },
    ).trim();
  const caches = () => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).sort() : []);
  return {
    dir,
    bundle,
    cacheDir,
    load,
    caches,
    cleanup: () => fs.rmSync(dir, { recursive: true }),
  };
}

test('the first run writes the cache at exit; the next takes it and leaves it as it is', (t) => {
  const box = sandbox();
  t.after(box.cleanup);
  assert.equal(box.load(), `5 ${path.sep}`);
  const [name] = box.caches();
  assert.match(name ?? '', /^the-bundle-[0-9a-f]{20}-eval\.bin$/);
  const file = path.join(box.cacheDir, name!);
  if (process.platform !== 'win32') {
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(box.cacheDir).mode & 0o777, 0o700);
  }
  const made = fs.readFileSync(file);
  assert.ok(made.length > 0);
  assert.equal(box.load(), `5 ${path.sep}`);
  assert.deepEqual(fs.readFileSync(file), made, 'an accepted cache is not written again');
  assert.deepEqual(box.caches(), [name]);
});

test('a torn or foreign cache is refused by V8 and made anew; the bundle runs either way', (t) => {
  const box = sandbox();
  t.after(box.cleanup);
  box.load();
  const file = path.join(box.cacheDir, box.caches()[0]!);
  const made = fs.readFileSync(file);
  for (const bad of [Buffer.alloc(made.length, 7), made.subarray(0, made.length >> 1)]) {
    fs.writeFileSync(file, bad);
    assert.equal(box.load(), `5 ${path.sep}`);
    assert.notDeepEqual(fs.readFileSync(file), bad, 'the refused cache was replaced');
    assert.ok(fs.readFileSync(file).length > bad.length >> 1);
  }
  assert.deepEqual(
    box.caches().filter((n) => n.endsWith('.tmp')),
    [],
  );
});

test("a new build has a cache of its own; another build's goes once unused for 14 days", (t) => {
  const box = sandbox();
  t.after(box.cleanup);
  box.load();
  const [recent] = box.caches();
  fs.writeFileSync(box.bundle, BUNDLE.replace('a + b', 'b + a'));
  box.load();
  assert.equal(box.caches().length, 2, "a recent build's cache stays (another install may use it)");
  const [old] = box.caches().filter((n) => n !== recent);
  const month = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  fs.utimesSync(path.join(box.cacheDir, old!), month, month);
  fs.rmSync(path.join(box.cacheDir, recent!));
  fs.writeFileSync(box.bundle, BUNDLE);
  // Another bundle's cache beside it stays.
  fs.writeFileSync(path.join(box.cacheDir, 'the-0123456789abcdef0123-eval.bin'), 'x');
  assert.equal(box.load(), `5 ${path.sep}`);
  const now = box.caches().filter((n) => n.startsWith('the-bundle-'));
  assert.ok(box.caches().includes('the-0123456789abcdef0123-eval.bin'));
  assert.equal(now.length, 1);
  assert.notEqual(now[0], old);
});

test("a stack trace names the bundle's own lines and columns", (t) => {
  const box = sandbox();
  t.after(box.cleanup);
  const source = `exports.first = () => { throw new Error('one'); };\n  exports.second = () => { throw new Error('two'); };\n`;
  fs.writeFileSync(box.bundle, source);
  const bundle = loadBundle(box.bundle, 'eval', { PROMPTOPS_NO_COMPILE_CACHE: '1' })
    .exports as Record<string, () => void>;
  const where = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      return /\((.*):(\d+):(\d+)\)/.exec((error as Error).stack!.split('\n')[1]!)?.slice(1);
    }
    return undefined;
  };
  const column = (line: number, text: string) =>
    String(source.split('\n')[line - 1]!.indexOf(text) + 1);
  assert.deepEqual(where(bundle.first!), [box.bundle, '1', column(1, 'new Error')]);
  assert.deepEqual(where(bundle.second!), [box.bundle, '2', column(2, 'new Error')]);
});

test('PROMPTOPS_NO_COMPILE_CACHE=1 and NODE_DISABLE_COMPILE_CACHE=1 write nothing', (t) => {
  const box = sandbox();
  t.after(box.cleanup);
  assert.equal(box.load({ PROMPTOPS_NO_COMPILE_CACHE: '1' }), `5 ${path.sep}`);
  assert.equal(box.load({ NODE_DISABLE_COMPILE_CACHE: '1' }), `5 ${path.sep}`);
  assert.equal(fs.existsSync(path.join(box.dir, 'cache')), false);
});

test(
  'a cache directory others can write, or a link, is not used',
  { skip: process.platform === 'win32' },
  (t) => {
    const box = sandbox();
    t.after(box.cleanup);
    fs.mkdirSync(box.cacheDir, { recursive: true });
    fs.chmodSync(box.cacheDir, 0o777);
    assert.equal(privateCacheDir(box.cacheDir), undefined);
    assert.equal(box.load(), `5 ${path.sep}`);
    assert.deepEqual(box.caches(), [], 'nothing was written to the loose directory');
    fs.chmodSync(box.cacheDir, 0o700);
    assert.equal(privateCacheDir(box.cacheDir), box.cacheDir);
    const link = path.join(box.dir, 'link');
    fs.symlinkSync(box.cacheDir, link);
    assert.equal(privateCacheDir(link), undefined);
    // A cache file others can write is not read: it is made anew at exit.
    box.load();
    const file = path.join(box.cacheDir, box.caches()[0]!);
    fs.chmodSync(file, 0o666);
    box.load();
    assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'replaced by a private one');
    const underFile = path.join(box.bundle, 'cache');
    assert.equal(privateCacheDir(underFile), undefined);
  },
);

test('the real CLI makes and takes its cache (dist/cli.js → dist/cli-main.js)', (t) => {
  const box = sandbox();
  t.after(box.cleanup);
  const cli = path.join(REPO, 'dist', 'cli.js');
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    version: string;
  };
  const run = () =>
    execFileSync(process.execPath, [cli, '--version'], {
      env: { ...process.env, XDG_CACHE_HOME: path.join(box.dir, 'cache') },
      encoding: 'utf8',
    }).trim();
  assert.equal(run(), version);
  const caches = () => box.caches().map((n) => n.replace(/-[0-9a-f]{20}-/, '-#-'));
  assert.deepEqual(caches(), ['cli-main-#-other.bin']);
  assert.equal(run(), version);
  // A word that is no command (a typo, one of Object's own names) shares the cache `other`.
  for (const word of ['evl', 'constructor', 'check-all']) {
    const typo = spawnSync(process.execPath, [cli, word], {
      env: { ...process.env, XDG_CACHE_HOME: path.join(box.dir, 'cache') },
      encoding: 'utf8',
    });
    assert.equal(typo.status, 2, typo.stderr);
    assert.match(typo.stderr, new RegExp(`unknown command '${word}'`));
  }
  execFileSync(process.execPath, [cli, 'lint', '--help'], {
    env: { ...process.env, XDG_CACHE_HOME: path.join(box.dir, 'cache') },
  });
  assert.deepEqual(caches(), ['cli-main-#-lint.bin', 'cli-main-#-other.bin']);
});
