// The CLI's fixture store (src/cli/fixture-store.ts): entries in the user's private cache folder,
// per build, touched when taken, the 32 most recently used kept; none where others could write.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { userFixtureStore } from '../../../src/cli/fixture-store';
import { REPO } from '../helpers';

function sandbox(t: { after(fn: () => void): void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-cli-fixture-store-'));
  t.after(() => fs.rmSync(dir, { recursive: true }));
  const env: NodeJS.ProcessEnv = { XDG_CACHE_HOME: path.join(dir, 'cache') };
  const folder = path.join(dir, 'cache', 'promptops', 'fixtures');
  const names = () => (fs.existsSync(folder) ? fs.readdirSync(folder).sort() : []);
  return { dir, env, folder, names };
}

const data = (n: number) => new Uint8Array([1, 2, 3, n]);

test('an entry is written whole and private, and only its own build takes it', (t) => {
  const box = sandbox(t);
  const store = userFixtureStore('build1', box.env)!;
  assert.equal(store.get('k'), undefined);
  store.set('k', data(7));
  assert.deepEqual(box.names(), ['build1-k.bin']);
  assert.deepEqual([...store.get('k')!], [...data(7)]);
  if (process.platform !== 'win32') {
    assert.equal(fs.statSync(path.join(box.folder, 'build1-k.bin')).mode & 0o777, 0o600);
    assert.equal(fs.statSync(box.folder).mode & 0o777, 0o700);
  }
  assert.equal(userFixtureStore('build2', box.env)!.get('k'), undefined);
  assert.equal(
    userFixtureStore('build1', { ...box.env, PROMPTOPS_NO_FIXTURE_CACHE: '1' }),
    undefined,
  );
});

test('an entry unused for 14 days goes when a run first uses the store, even with nothing to write', (t) => {
  const box = sandbox(t);
  userFixtureStore('b', box.env)!.set('old', data(1));
  userFixtureStore('b', box.env)!.set('recent', data(2));
  const month = new Date(Date.now() - 30 * 24 * 3600 * 1000);
  fs.utimesSync(path.join(box.folder, 'b-old.bin'), month, month);
  assert.equal(userFixtureStore('b', box.env)!.get('missing'), undefined);
  assert.deepEqual(box.names(), ['b-recent.bin']);
});

test('past 32 entries, or unused for 14 days, an entry goes; one taken is touched', (t) => {
  const box = sandbox(t);
  const store = userFixtureStore('b', box.env)!;
  const ago = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000);
  for (let i = 0; i < 32; i++) {
    store.set(`k${i}`, data(i));
    const when = ago(1 + (32 - i) / 100); // k0 the oldest
    fs.utimesSync(path.join(box.folder, `b-k${i}.bin`), when, when);
  }
  const month = ago(30);
  fs.utimesSync(path.join(box.folder, 'b-k5.bin'), month, month);
  assert.ok(store.get('k0'), 'taken: now the most recently used');
  store.set('new', data(99));
  assert.equal(box.names().length, 32);
  assert.ok(!box.names().includes('b-k5.bin'), 'a month unused');
  store.set('newer', data(100));
  const left = box.names();
  assert.equal(left.length, 32);
  assert.ok(!left.includes('b-k1.bin'), 'the least recently used of 33');
  assert.ok(['b-k0.bin', 'b-k2.bin', 'b-new.bin', 'b-newer.bin'].every((n) => left.includes(n)));
});

test(
  'a folder others can write, or a link, is no store; an entry others can write is not taken',
  { skip: process.platform === 'win32' },
  (t) => {
    const box = sandbox(t);
    fs.mkdirSync(box.folder, { recursive: true });
    fs.chmodSync(box.folder, 0o777);
    const loose = userFixtureStore('b', box.env)!;
    loose.set('k', data(1));
    assert.deepEqual(box.names(), []);
    fs.chmodSync(box.folder, 0o700);
    const store = userFixtureStore('b', box.env)!;
    store.set('k', data(1));
    fs.chmodSync(path.join(box.folder, 'b-k.bin'), 0o666);
    assert.equal(store.get('k'), undefined);
    fs.rmSync(path.join(box.dir, 'cache'), { recursive: true });
    fs.mkdirSync(path.join(box.dir, 'elsewhere'), { mode: 0o700 });
    fs.mkdirSync(path.join(box.dir, 'cache', 'promptops'), { recursive: true });
    fs.symlinkSync(path.join(box.dir, 'elsewhere'), box.folder);
    userFixtureStore('b', box.env)!.set('k', data(1));
    assert.deepEqual(fs.readdirSync(path.join(box.dir, 'elsewhere')), []);
    // A folder above it that others can write (the cache home, promptops/) means no store either.
    fs.rmSync(path.join(box.dir, 'cache'), { recursive: true });
    for (const above of [path.join(box.dir, 'cache'), path.join(box.dir, 'cache', 'promptops')]) {
      fs.mkdirSync(box.folder, { recursive: true, mode: 0o700 });
      fs.chmodSync(above, 0o777);
      userFixtureStore('b', box.env)!.set('k', data(1));
      assert.deepEqual(box.names(), [], above);
      fs.chmodSync(above, 0o700);
    }
    userFixtureStore('b', box.env)!.set('k', data(1));
    assert.deepEqual(box.names(), ['b-k.bin']);
  },
);

test('the real CLI keeps a large fixture file it read, and takes it at the next run', (t) => {
  const box = sandbox(t);
  const project = path.join(box.dir, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(
    path.join(project, 'greet.prompt'),
    '---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.\n',
  );
  const cases = Array.from(
    { length: 1500 },
    (_, i) =>
      `  - id: c${i}\n    input: { name: Person${i} }\n    assert:\n      - type: contains\n        value: Person${i}\n`,
  );
  fs.writeFileSync(path.join(project, 'greet.fixtures.yaml'), `cases:\n${cases.join('')}`);
  // --replay sends nothing: with no recordings every case is an error, read from the file all the same.
  const run = () => {
    try {
      return execFileSync(
        process.execPath,
        [path.join(REPO, 'dist', 'cli.js'), 'eval', '--replay', '--json'],
        {
          cwd: project,
          env: { ...process.env, ...box.env },
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (error) {
      return (error as { stdout: string }).stdout;
    }
  };
  const first = JSON.parse(run()) as { runs: { summary: { total: number } }[] };
  assert.equal(first.runs[0]?.summary.total, 1500);
  const [entry] = box.names();
  assert.match(entry ?? '', /^[0-9a-f]{20}-[0-9a-f]{64}-yaml\.bin$/);
  const written = fs.statSync(path.join(box.folder, entry!));
  const second = JSON.parse(run()) as { runs: { summary: { total: number } }[] };
  assert.equal(second.runs[0]?.summary.total, 1500);
  assert.deepEqual(box.names(), [entry], 'taken, not written again');
  const after = fs.statSync(path.join(box.folder, entry!));
  assert.equal(after.ino, written.ino, 'the same file: a write would have renamed a new one in');
  assert.ok(after.mtimeMs >= written.mtimeMs);
});
