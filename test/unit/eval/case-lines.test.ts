import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scanCaseLines } from '../../../src/core/eval/case-lines';
import { turnsWhile } from '../helpers';
import {
  caseLocations,
  caseLocationsSliced,
  caseLocationsWhile,
  parsedCaseLocations,
} from '../../../src/core/eval/fixtures';

const root = path.join(__dirname, '..', '..', '..', '..');

test('the line reader agrees with the YAML parser on every layout it accepts, and declines the rest', () => {
  const agree = [
    'cases:\n  - id: first\n    input: { id: 7, user: { id: nested } }\n  - input: {}\n    id: second\n',
    'cases:\n- id: a\n  tags: [smoke, "fast"]\n- id: "b c"\n  tags: []\n',
    "# header\nmodel: x\ncases:   # the list\n  - id: a   # note\n    input:\n      id: deep\n      text: |\n        id: not-a-case\n\n  - tags: [x]\n    id: 'quoted'\nafter: 1\n",
    'cases:\r\n  - id: crlf\r\n    input: { name: Ada }\r\n',
    'cases:\n  - input: {}\n  - id: only\n',
  ];
  for (const text of agree) {
    assert.ok(scanCaseLines(text), `the reader should accept:\n${text}`);
    assert.deepEqual(scanCaseLines(text), parsedCaseLocations(text), text);
  }
  const decline = [
    'cases:\n  - id: 42\n', // a number: the parser's String() of it
    'cases:\n  - id: true\n',
    'cases:\n  - id: |\n      block\n',
    'cases:\n  - id: two\n      words\n', // a plain scalar continued on the next line
    'cases:\n  - { id: flow }\n',
    'cases:\n  - id: &a anchored\n',
    'cases:\n  - id: a\n    id: b\n',
    'cases:\n  - id: a\n    tags:\n      - block\n',
    '---\ncases:\n  - id: a\n',
    'cases: []\n',
    'cases:\n\t- id: a\n',
    'cases:\n  - id: a\n  tags: [x]\n', // a key outside the item's indentation
  ];
  for (const text of decline) assert.equal(scanCaseLines(text), undefined, text);
});

test('every fixture file in the repository reads the same through the line reader as through the parser', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (['node_modules', '.git', 'out', 'dist'].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.fixtures\.ya?ml$/.test(entry.name)) files.push(full);
    }
  };
  walk(root);
  assert.ok(files.length >= 3, 'the repository has fixture files');
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    assert.deepEqual(caseLocations(text, file), parsedCaseLocations(text), file);
  }
});

test('10,000 cases: the reader finds each id on its line', () => {
  const text = `cases:\n${Array.from({ length: 10_000 }, (_, i) => `  - id: c${i}\n    input: { name: Person${i} }\n    assert:\n      - type: contains\n        value: Person${i}\n`).join('')}`;
  const found = scanCaseLines(text);
  assert.equal(found?.length, 10_000);
  assert.deepEqual(found?.[9_999], { id: 'c9999', line: 1 + 9_999 * 5 });
});

test('case locations come from the YAML (not nested ids), JSONL lines, or id lines while the YAML is broken', () => {
  const yaml =
    'cases:\n  - id: first\n    input: { id: 7, user: { id: nested } }\n  - input: {}\n    id: second\n';
  assert.deepEqual(caseLocations(yaml, 'a.fixtures.yaml'), [
    { id: 'first', line: 1 },
    { id: 'second', line: 4 },
  ]);
  assert.deepEqual(caseLocations('{"id":"a"}\n\n{"id":"b","input":{}}\n', 'a.fixtures.jsonl'), [
    { id: 'a', line: 0 },
    { id: 'b', line: 2 },
  ]);
  assert.deepEqual(caseLocations('cases:\n  - id: ok\n    input: { broken\n', 'a.fixtures.yaml'), [
    { id: 'ok', line: 1 },
  ]);
});

test('the sliced reader gives what the whole read gives, and lets the event loop run while it reads', async () => {
  const yaml = `cases:\n${Array.from({ length: 10_000 }, (_, i) => `  - id: c${i}\n    tags: [t${i % 3}]\n    input: { name: P${i} }\n`).join('')}`;
  const jsonl = Array.from({ length: 10_000 }, (_, i) =>
    JSON.stringify({ id: `c${i}`, tags: ['a'], input: { name: `P${i}` } }),
  ).join('\n');
  const files: [string, string][] = [
    [yaml, 'big.fixtures.yaml'],
    [jsonl, 'big.fixtures.jsonl'],
    ['cases:\n  - id: a\n    turns:\n      - user: hi\n', 'turns.fixtures.yaml'], // the parser's path
    ['cases:\n  - id: ok\n    input: { broken\n', 'broken.fixtures.yaml'],
    ['id,name\nx,Ada\ny,Bo\n', 'sheet.fixtures.csv'],
  ];
  for (const [text, file] of files) {
    // Slices of 0 ms: the reader yields at every step it has.
    const { value: sliced, turns } = await turnsWhile(() => caseLocationsSliced(text, file, 0));
    assert.deepEqual(sliced, caseLocations(text, file), file);
    if (file.startsWith('big')) assert.ok(turns > 10, `${file}: the loop ran while it was read`);
  }
});

test('caseLocationsWhile stops at the first slice after a newer read began, and otherwise reads it all', async () => {
  const yaml = `cases:\n${Array.from({ length: 3000 }, (_, i) => `  - id: c${i}\n    input: { n: ${i} }\n`).join('')}`;
  let asked = 0;
  const stale = await caseLocationsWhile(yaml, 'big.fixtures.yaml', () => (asked++, false));
  assert.equal(stale, undefined);
  assert.equal(asked, 1, 'it stopped when first told, instead of reading to the end');
  let whole = 0;
  const read = await caseLocationsWhile(yaml, 'big.fixtures.yaml', () => (whole++, true));
  assert.deepEqual(read, caseLocations(yaml, 'big.fixtures.yaml'));
  assert.ok(whole > 1, 'a whole read asks more than once');
});
