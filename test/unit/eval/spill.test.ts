import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { CaseSpill, openSpill } from '../../../src/core/eval/spill';
import { workspace } from '../helpers';

test('CaseSpill: cases put in any order come back in index order, across flushes, and leave no file behind', (t) => {
  const ws = workspace({});
  t.after(ws.cleanup);
  const count = 500;
  const spill = new CaseSpill(count, ws.dir);
  // ~2 KB a case (some multi-byte), so the 256 KB buffer flushes several times.
  const value = (i: number) => ({
    id: `c${i}`,
    output: `✓ ${'é'.repeat(i % 7)}${'x'.repeat(2000)}`,
    n: i,
  });
  const order = Array.from({ length: count }, (_, i) => (i * 7919) % count);
  for (const i of order) spill.put(i, value(i));
  if (process.platform !== 'win32')
    assert.deepEqual(fs.readdirSync(ws.dir), [], 'unlinked while open');
  const lines = spill.lines();
  assert.equal(lines.count, count);
  for (let i = 0; i < count; i++) assert.deepEqual(JSON.parse(lines.line(i)), value(i));
  spill.dispose();
  assert.deepEqual(fs.readdirSync(ws.dir), []);
});

test('openSpill: no writable folder means no spill (the run keeps its cases in memory)', () => {
  assert.equal(openSpill(3, '/nonexistent/folder'), undefined);
  const spill = new CaseSpill(2);
  spill.put(0, { a: 1 });
  assert.throws(() => spill.lines().line(1), /case 1 was never stored/);
  spill.dispose();
});
