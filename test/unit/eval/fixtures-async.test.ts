import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caseItems } from '../../../src/core/eval/case-lines';
import { parseFixtures } from '../../../src/core/eval/fixtures';
import { parseFixturesAsync, readFixturesAsync } from '../../../src/core/eval/fixtures-async';
import { turnsWhile } from '../helpers';

const root = path.join(__dirname, '..', '..', '..', '..');

/** Every text in slices as small as they go: one case a group, a yield after each. */
const SLICED = { chunkedFrom: 0, group: 1, sliceMs: 0 };
const PAIRS = { chunkedFrom: 0, group: 2, sliceMs: 0 };

/** parseFixtures' answer: the value, or the error's name, message and line. */
function outcome(read: () => unknown): unknown {
  try {
    return { value: read() };
  } catch (error) {
    const { name, message, line } = error as Error & { line?: number };
    return { error: { name, message, line } };
  }
}

async function outcomeAsync(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return { value: await read() };
  } catch (error) {
    const { name, message, line } = error as Error & { line?: number };
    return { error: { name, message, line } };
  }
}

async function agree(text: string, file: string): Promise<void> {
  const whole = outcome(() => parseFixtures(text, file));
  for (const options of [SLICED, PAIRS, {}])
    assert.deepEqual(
      await outcomeAsync(() => parseFixturesAsync(text, file, options)),
      whole,
      `${file} ${JSON.stringify(options)}:\n${text}`,
    );
}

const YAML_TEXTS = [
  'cases:\n  - id: a\n    input: { name: Ada }\n    assert:\n      - type: contains\n        value: Ada\n  - id: b\n',
  'cases:\n- id: a\n  tags: [smoke, "fast"]\n- id: "b c"\n  tags: []\n',
  "# header\ndefaults:\n  assert:\n    - type: contains\n      value: x\ncases:   # the list\n  - id: a   # note\n    input:\n      id: deep\n      text: |\n        - id: not-a-case\n\n  # a comment between cases\n  - tags: [x]\n    id: 'quoted'\ntools:\n  lookup:\n    description: finds\n    parameters: { type: object }\n",
  'cases:\r\n  - id: crlf\r\n    input: { name: Ada }\r\n  - id: two\r\n',
  'cases:\n  - id: t\n    turns:\n      - user: hi\n        assert: [{ type: contains, value: hi }]\n      - user: again\n  - id: m\n    messages:\n      - { role: user, content: hello }\n',
  'cases:\n  - id: 42\n    input: { n: 1.5e3, flag: yes, date: 2024-01-01, hex: 0x1F }\n  - id: n\n    input: { v: null, t: ~ }\n',
  // Problems: each must be parseFixtures' own message and line.
  'cases:\n  - id: a\n  - id: ""\n',
  'cases:\n  - id: a\n    repeat: 0\n  - id: b\n    assert: [{ type: "" }]\n',
  'defaults:\n  assert: 3\ncases:\n  - id: a\n',
  'cases:\n  - id: a\n    input: { name: [unclosed }\n  - id: b\n',
  'cases:\n  - id: a\n    id: b\n',
  'cases:\n  - id: a\ncases:\n  - id: b\n',
  'cases:\n  - id: a\n    input: &x { n: 1 }\n  - id: b\n    input: *x\n',
  'cases:\n  - { id: flow }\n  - id: b\n',
  'cases:\n  -\n    id: dash-alone\n',
  'cases:\n\t- id: tab\n',
  '---\ncases:\n  - id: a\n',
  'cases:\n',
  'cases: []\n',
  '# only a comment\n',
  'cases:\n  - id: a\n bad: indentation\n',
  'cases:\n  - id: a\n    skip: "not yet"\n  - id: b\n    threshold: 2\n',
  'cases:\n  - id: a\n    tools:\n      lookup: { returns: 1, error: both }\n',
];

test('fixtures in slices: the same cases and the same errors as parseFixtures, YAML', async () => {
  for (const text of YAML_TEXTS) await agree(text, '/w/p.fixtures.yaml');
});

test('fixtures in slices: the same cases and the same errors as parseFixtures, JSONL', async () => {
  const jsonl = [
    '{"id":"a","input":{"name":"Ada"}}\n\n{"id":"b","tags":["x"]}\n',
    '{"id":"a"}\n{"id":"b",\n',
    '{"id":"a"}\n{"id":""}\n',
    '{"id":"a"}\n[1]\n',
    '\n',
  ];
  for (const text of jsonl) await agree(text, '/w/p.fixtures.jsonl');
  await agree('id,input.name\na,Ada\n', '/w/p.fixtures.csv');
});

test('fixtures in slices: a large generated file and every fixture file in the repository agree', async () => {
  const big = `cases:\n${Array.from(
    { length: 3000 },
    (_, i) =>
      `  - id: c${i}\n    input: { name: Person${i} }\n    assert:\n      - type: contains\n        value: Person${i}\n`,
  ).join('')}`;
  assert.ok(big.length > 64 * 1024, 'large enough to be read in slices by default');
  await agree(big, '/w/big.fixtures.yaml');
  await agree(big.replace('c1500', ''), '/w/big.fixtures.yaml');
  const files = [path.join(root, 'test', 'fixtures', 'workspace'), path.join(root, 'examples')]
    .filter((dir) => fs.existsSync(dir))
    .flatMap((dir) =>
      fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.fixtures\.(?:ya?ml|jsonl)$/.test(f))
        .map((f) => path.join(dir, f)),
    );
  assert.ok(files.length > 0);
  for (const file of files) await agree(fs.readFileSync(file, 'utf8'), file);
});

test('fixtures in slices: the event loop turns while a large file is read', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-fixtures-async-'));
  try {
    const file = path.join(dir, 'big.fixtures.yaml');
    const text = `cases:\n${Array.from({ length: 2000 }, (_, i) => `  - id: c${i}\n    input: { n: ${i} }\n`).join('')}`;
    fs.writeFileSync(file, text);
    // Another task on the loop, counting how often it gets a turn while the text is parsed.
    const { value: fixtures, turns } = await turnsWhile(() =>
      parseFixturesAsync(text, file, { sliceMs: 0 }),
    );
    assert.equal(fixtures.cases.length, 2000);
    // 2,000 cases in groups of 64: parsed in 32 slices, then checked in 32.
    assert.ok(turns >= 60, `the loop turned ${turns} times`);
    assert.deepEqual((await readFixturesAsync(file)).fixtures, fixtures);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('case items: the items verbatim, and the rest of the file as the header', () => {
  const text = 'a: 1\ncases:\n  - id: x\n    input: {}\n  # note\n  - id: y\nb: 2\n';
  assert.deepEqual(caseItems(text), {
    header: 'a: 1\ncases:\nb: 2\n',
    items: ['  - id: x\n    input: {}\n  # note', '  - id: y'],
  });
  assert.equal(caseItems('cases:\n  - id: x\n tail: 1\n'), undefined);
  assert.equal(caseItems('cases: [a]\n'), undefined);
});
