import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadFixtures } from '../../../src/core/eval/fixtures';
import { workspace } from '../helpers';

const big = (extra = '') => `cases:\n${Array.from({ length: 600 }, (_, i) => `  - id: c${i}\n    input: { name: Person${i}${extra} }\n    assert:\n      - type: contains\n        value: Person${i}\n`).join('')}`;

test('a large YAML fixture file keeps its parse in the cache folder, by text and tool version', (t) => {
  const ws = workspace({ 'a.fixtures.yaml': big(), 'b.fixtures.yaml': big(), 'small.fixtures.yaml': 'cases:\n  - id: x\n    input: {}\n' });
  t.after(ws.cleanup);
  const cache = { dir: ws.file('cache'), salt: '1.0.0' };
  const first = loadFixtures(ws.file('a.fixtures.yaml'), cache);
  assert.equal(first.cases.length, 600);
  const entries = fs.readdirSync(cache.dir);
  assert.equal(entries.length, 1);
  // Another process (here: another path with the same text) reads the cached parse, not the YAML.
  const cached = JSON.parse(fs.readFileSync(`${cache.dir}/${entries[0]}`, 'utf8'));
  cached.cases[0].id = 'from-the-cache';
  fs.writeFileSync(`${cache.dir}/${entries[0]}`, JSON.stringify(cached));
  assert.equal(loadFixtures(ws.file('b.fixtures.yaml'), cache).cases[0]?.id, 'from-the-cache');
  // Another tool version does not trust it; small files are not cached.
  assert.equal(loadFixtures(ws.file('b.fixtures.yaml'), { ...cache, salt: '1.0.1' }).cases[0]?.id, 'from-the-cache', 'same path and mtime: the in-process copy');
  fs.writeFileSync(ws.file('c.fixtures.yaml'), big());
  assert.equal(loadFixtures(ws.file('c.fixtures.yaml'), { ...cache, salt: '1.0.1' }).cases[0]?.id, 'c0');
  loadFixtures(ws.file('small.fixtures.yaml'), cache);
  assert.equal(fs.readdirSync(cache.dir).length, 2);
});

test('values JSON cannot hold (.inf, .nan) are never cached', (t) => {
  const ws = workspace({ 'a.fixtures.yaml': big(', limit: .inf') });
  t.after(ws.cleanup);
  const cache = { dir: ws.file('cache'), salt: '1' };
  assert.equal(loadFixtures(ws.file('a.fixtures.yaml'), cache).cases[0]?.input.limit, Infinity);
  assert.equal(fs.existsSync(cache.dir), false);
});
