import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { JsonLines, writeJsonAtomic, writeJsonAtomicAsync } from '../../../src/core/fs/atomic';
import { workspace } from '../helpers';

const big = Array.from({ length: 3000 }, (_, i) => ({
  id: `c${i}`,
  output: { text: `line\n"${i}" ✓\u2028`, json: i % 2 ? null : { a: [1, { b: 'x' }], e: [] } },
  skipped: undefined,
  list: [undefined, 1],
}));
const values: Record<string, unknown>[] = [
  {},
  { a: 1 },
  {
    empty: [],
    obj: {},
    nested: { deep: { deeper: [1, 2, { x: 'y' }] } },
    gone: undefined,
    fn: () => 1,
    n: null,
    s: 'a\u2028b',
  },
  { head: 'x', cases: big, tail: [undefined, () => 1, 'z'], summary: { total: 3000 } },
];

test('writeJsonAtomic: compact, exactly JSON.stringify; indented, the same value with one line per element of a top-level array', (t) => {
  const ws = workspace({});
  t.after(ws.cleanup);
  for (const value of values) {
    writeJsonAtomic(ws.file('compact.json'), value);
    assert.equal(fs.readFileSync(ws.file('compact.json'), 'utf8'), JSON.stringify(value) + '\n');
    writeJsonAtomic(ws.file('pretty.json'), value, 2);
    const text = fs.readFileSync(ws.file('pretty.json'), 'utf8');
    assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
    assert.ok(text.endsWith('\n'));
  }
  writeJsonAtomic(
    ws.file('pretty.json'),
    { head: 'x', cases: big.slice(0, 2), summary: { total: 2 } },
    2,
  );
  assert.equal(
    fs.readFileSync(ws.file('pretty.json'), 'utf8'),
    [
      '{',
      '  "head": "x",',
      '  "cases": [',
      `    ${JSON.stringify(big[0])},`,
      `    ${JSON.stringify(big[1])}`,
      '  ],',
      '  "summary": {',
      '    "total": 2',
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  // Elements serialized elsewhere (a spill file) are written as they are.
  writeJsonAtomic(
    ws.file('lines.json'),
    { cases: new JsonLines(3, (i) => JSON.stringify({ i })) },
    2,
  );
  assert.deepEqual(JSON.parse(fs.readFileSync(ws.file('lines.json'), 'utf8')), {
    cases: [{ i: 0 }, { i: 1 }, { i: 2 }],
  });
});

test('writeJsonAtomic: a value that cannot be written leaves the previous file whole and no temp file', (t) => {
  const ws = workspace({ 'results.json': '{"previous":true}\n' });
  t.after(ws.cleanup);
  const cases = Array.from({ length: 5000 }, (_, i) => ({ id: i, pad: 'x'.repeat(500) }));
  // A BigInt deep in the array makes JSON.stringify throw after a megabyte has been written.
  assert.throws(
    () => writeJsonAtomic(ws.file('results.json'), { cases: [...cases, { id: 10n }] }, 2),
    /BigInt/,
  );
  assert.equal(fs.readFileSync(ws.file('results.json'), 'utf8'), '{"previous":true}\n');
  assert.deepEqual(fs.readdirSync(ws.dir), ['results.json']);
});

test('writeJsonAtomicAsync: the same bytes as writeJsonAtomic, compact and indented', async (t) => {
  const ws = workspace({});
  t.after(ws.cleanup);
  const lines = { cases: new JsonLines(3, (i) => JSON.stringify({ i })), tail: 1 };
  for (const value of [...values, lines])
    for (const indent of [0, 2]) {
      writeJsonAtomic(ws.file('sync.json'), value, indent);
      await writeJsonAtomicAsync(ws.file('async.json'), value, indent);
      assert.equal(
        fs.readFileSync(ws.file('async.json'), 'utf8'),
        fs.readFileSync(ws.file('sync.json'), 'utf8'),
      );
    }
});

test('writeJsonAtomicAsync: a value that cannot be written leaves the previous file whole and no temp file', async (t) => {
  const ws = workspace({ 'results.json': '{"previous":true}\n' });
  t.after(ws.cleanup);
  const cases = Array.from({ length: 5000 }, (_, i) => ({ id: i, pad: 'x'.repeat(500) }));
  await assert.rejects(
    writeJsonAtomicAsync(ws.file('results.json'), { cases: [...cases, { id: 10n }] }, 2),
    /BigInt/,
  );
  assert.equal(fs.readFileSync(ws.file('results.json'), 'utf8'), '{"previous":true}\n');
  assert.deepEqual(fs.readdirSync(ws.dir), ['results.json']);
});

test('writeJsonAtomicAsync: two writes of one file at once each go through a temp of their own', async (t) => {
  const ws = workspace({});
  t.after(ws.cleanup);
  const value = (n: number) => ({ cases: Array.from({ length: 2000 }, (_, i) => ({ i, n })) });
  await Promise.all([1, 2, 3].map((n) => writeJsonAtomicAsync(ws.file('r.json'), value(n), 2)));
  const written = JSON.parse(fs.readFileSync(ws.file('r.json'), 'utf8')) as ReturnType<
    typeof value
  >;
  assert.ok([1, 2, 3].some((n) => JSON.stringify(written) === JSON.stringify(value(n))));
  assert.deepEqual(fs.readdirSync(ws.dir), ['r.json']);
});
