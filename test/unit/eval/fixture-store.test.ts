// The fixture store (src/core/eval/fixture-store.ts): a large fixture file's read, kept by the
// hash of its bytes, comes back exactly as parsing gives it, for the run and for the lint; a
// torn entry, a problem, a small file or a store that fails never changes what a read gives.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import { caseItems } from '../../../src/core/eval/case-lines';
import { parseFixtures } from '../../../src/core/eval/fixtures';
import { readCaseValues, readFixturesAsync } from '../../../src/core/eval/fixtures-async';
import { useFixtureStore, type FixtureStore } from '../../../src/core/eval/fixture-store';
import { lintFixtures } from '../../../src/core/lint/linter';

/** A store in memory that counts what it is asked. */
function memoryStore(fail = false) {
  const entries = new Map<string, Uint8Array>();
  const counts = { get: 0, hit: 0, set: 0 };
  const store: FixtureStore = {
    get(key) {
      counts.get++;
      const data = entries.get(key);
      if (data) counts.hit++;
      return data;
    },
    set(key, data) {
      counts.set++;
      if (fail) throw new Error('disk full');
      entries.set(key, data);
    },
  };
  return { store, entries, counts };
}

const YAML_CASE = (i: number) =>
  `  - id: c${i}\n    description: "ünïcode ${i} ✓"\n    input: { name: Person${i}, n: ${i % 7 === 0 ? '1.5e3' : i}, "__proto__": { polluted: ${i} }, list: [1, two, null, true] }\n    tags: [t${i % 3}]\n    assert:\n      - type: contains\n        value: Person${i}\n      - { type: regex, value: "^S", weight: 2 }\n`;
const yamlText = (n: number) =>
  `# cases\ndefaults:\n  assert:\n    - type: not-contains\n      value: sorry\ncases:\n${Array.from({ length: n }, (_, i) => YAML_CASE(i)).join('')}`;
const jsonlText = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ id: `j${i}`, input: { name: `P${i}`, deep: { a: [i, { b: 'x' }] } } }),
  ).join('\n') + '\n';

function sandbox(t: { after(fn: () => void): void }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-fixture-store-'));
  t.after(() => {
    useFixtureStore(undefined);
    fs.rmSync(dir, { recursive: true });
  });
  let n = 0;
  /** The text in a new file (a new path: the in-process cache never answers for it). */
  const write = (text: string, ext: string) => {
    const file = path.join(dir, `f${n++}.fixtures.${ext}`);
    fs.writeFileSync(file, text);
    return file;
  };
  return { write };
}

for (const [format, text] of [
  ['yaml', yamlText(800)],
  ['jsonl', jsonlText(2000)],
] as const)
  test(`a large ${format} file read again comes back from the store exactly as parsed`, async (t) => {
    const box = sandbox(t);
    const { store, entries, counts } = memoryStore();
    useFixtureStore(store);
    assert.ok(text.length > 64 * 1024, 'large enough to be read in slices');
    const first = box.write(text, format);
    const parsed = parseFixtures(text, first);
    assert.deepEqual((await readFixturesAsync(first)).fixtures, parsed);
    assert.equal(entries.size, 1);
    assert.match([...entries.keys()][0]!, new RegExp(`^[0-9a-f]{64}-${format}$`));

    // The same bytes under another name: taken from the store, not parsed (nothing new is kept).
    const second = box.write(text, format);
    const read = await readFixturesAsync(second);
    assert.equal(counts.hit, 1);
    assert.equal(counts.set, 1);
    assert.deepEqual(read.fixtures, parsed);
    assert.equal(read.fixtures.cases.length, format === 'yaml' ? 800 : 2000);
    const values = readCaseValues(second, text);
    assert.ok(values?.allValid, "the lint gets the cases' values of this very text");
    const items = format === 'yaml' ? caseItems(text)!.items : text.split('\n').filter(Boolean);
    assert.deepEqual(
      items.map((item) => values.valueOf(item)?.value),
      format === 'yaml'
        ? (jsYaml.load(text) as { cases: unknown[] }).cases
        : items.map((l) => JSON.parse(l)),
    );
    // The lint of the file says the same with the store's values as without them.
    useFixtureStore(undefined);
    const third = box.write(text, format);
    assert.deepEqual(
      (await lintFixtures(text, second)).map((p) => p.message),
      (await lintFixtures(text, third)).map((p) => p.message),
    );
  });

test('a torn or foreign entry is no entry: the file is parsed and kept anew', async (t) => {
  const box = sandbox(t);
  const { store, entries, counts } = memoryStore();
  useFixtureStore(store);
  const text = yamlText(800);
  await readFixturesAsync(box.write(text, 'yaml'));
  const [key, data] = [...entries][0]!;
  const parsed = parseFixtures(text, 'x.fixtures.yaml');
  for (const bad of [
    data.subarray(0, data.length >> 1),
    new Uint8Array(64).fill(7),
    new Uint8Array(0),
  ]) {
    entries.set(key, bad);
    assert.deepEqual((await readFixturesAsync(box.write(text, 'yaml'))).fixtures, parsed);
    assert.ok(entries.get(key)!.length > bad.length, 'kept anew');
  }
  // Well-formed entries that are not a read of this text (another shape, spans that do not fit).
  const { serialize } = await import('node:v8');
  const cases = parsed.cases;
  for (const read of [
    { fixtures: parsed, spans: new Uint32Array(2), cases: [] },
    { fixtures: parsed, spans: new Uint32Array(cases.length * 2).fill(text.length), cases },
    { fixtures: { cases: 3 } },
  ]) {
    const planted = serialize({ shape: 2, read });
    entries.set(key, planted);
    assert.deepEqual((await readFixturesAsync(box.write(text, 'yaml'))).fixtures, parsed);
    assert.notEqual(entries.get(key), planted, 'refused, so parsed and kept anew');
  }
  const older = serialize({ shape: 1, read: { fixtures: parsed } });
  entries.set(key, older);
  assert.deepEqual((await readFixturesAsync(box.write(text, 'yaml'))).fixtures, parsed);
  assert.notEqual(entries.get(key), older, 'refused, so parsed and kept anew');
  assert.equal(counts.hit, 7);
  // A store that throws is no store.
  const throwing: FixtureStore = {
    get: () => {
      throw new Error('EIO');
    },
    set: () => {
      throw new Error('EIO');
    },
  };
  useFixtureStore(throwing);
  assert.deepEqual((await readFixturesAsync(box.write(text, 'yaml'))).fixtures, parsed);
});

test('only a read with no problem of a large file is kept; a store that fails changes nothing', async (t) => {
  const box = sandbox(t);
  const { store, entries, counts } = memoryStore();
  useFixtureStore(store);
  // A problem in the last case: parseFixtures' error, and nothing kept.
  const bad = `${yamlText(800)}  - id: ""\n`;
  await assert.rejects(readFixturesAsync(box.write(bad, 'yaml')), /id/);
  // A small file is parsed whole and never kept.
  await readFixturesAsync(box.write(yamlText(3), 'yaml'));
  assert.equal(counts.set, 0);

  // Files parsed whole (CSV; YAML with an alias, which the line reader declines) are kept too,
  // without case values: the lint reads those itself.
  const csv = `id,name\n${Array.from({ length: 8000 }, (_, i) => `row${i},Name ${i}`).join('\n')}\n`;
  const aliased = `${yamlText(800)}  - id: alias\n    input: &who { name: Ada }\n  - id: again\n    input: *who\n`;
  for (const [text, ext] of [
    [csv, 'csv'],
    [aliased, 'yaml'],
  ] as const) {
    const before = entries.size;
    const parsed = parseFixtures(text, `x.fixtures.${ext}`);
    assert.deepEqual((await readFixturesAsync(box.write(text, ext))).fixtures, parsed);
    assert.equal(entries.size, before + 1, ext);
    const second = box.write(text, ext);
    assert.deepEqual((await readFixturesAsync(second)).fixtures, parsed);
    assert.equal(readCaseValues(second, text), undefined);
  }
  assert.equal(counts.hit, 2);

  const failing = memoryStore(true);
  useFixtureStore(failing.store);
  const file = box.write(yamlText(900), 'yaml');
  assert.deepEqual((await readFixturesAsync(file)).fixtures, parseFixtures(yamlText(900), file));
  assert.equal(failing.counts.set, 1);
});
