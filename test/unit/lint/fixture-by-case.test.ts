import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { caseBlocks } from '../../../src/core/eval/case-lines';
import { buildFixtureContext, FixtureParseCache } from '../../../src/core/lint/fixture-context';
import { lintFixtures } from '../../../src/core/lint/linter';
import { workspace } from './helpers';

const PROMPT =
  '---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    name: string\n    age?: integer\n---\nHello {{name}}, {{age}}.\n';

/** Cases that parse and have the fixture shape, with findings of several rules among them. */
function cases(n: number, indent = '  '): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const input =
      i % 17 === 3
        ? '{ age: 3 }' // PO301 missing name
        : i % 19 === 4
          ? '{ name: Ada, age: old }' // PO302 type
          : i % 23 === 5
            ? '{ name: Ada, nickname: A }' // PO303 undeclared
            : `{ name: Person${i} }`;
    const id = i % 29 === 6 ? 'c1' : `c${i}`; // PO307 duplicate
    out.push(
      `${indent}- id: ${id}\n${indent}  input: ${input}\n${indent}  assert:\n${indent}    - type: ${i % 31 === 7 ? 'regex' : 'contains'}\n${indent}      value: ${i % 31 === 7 ? '"a(b"' : `Person${i}`}\n`,
    );
    if (i % 37 === 8) out.push(`${indent}# mail ada${i}@example.com about it\n\n`); // PO401
  }
  return out.join('');
}

async function assertSameAsWhole(text: string, what: string, cache = new FixtureParseCache()) {
  const ws = workspace({ 'p.prompt': PROMPT, 'p.fixtures.yaml': text });
  try {
    const file = ws.file('p.fixtures.yaml');
    const whole = await lintFixtures(text, file, {
      fixtureParses: new FixtureParseCache({ whole: true }),
    });
    const byCase = await lintFixtures(text, file, { fixtureParses: cache });
    assert.deepStrictEqual(byCase, whole, what);
    return { whole, byCase: (await buildFixtureContext(text, file)).caseByCase === true };
  } finally {
    ws.cleanup();
  }
}

test('the plain layout is linted case by case with the findings of the whole parse', async () => {
  const shapes: [string, string][] = [
    ['two-space items', `cases:\n${cases(120)}`],
    ['items at the margin', `cases:\n${cases(60, '')}`],
    ['comments before cases and between them', `# suite\n\n# more\ncases: # all\n\n${cases(80)}`],
    ['CRLF', `cases:\n${cases(50)}`.replace(/\n/g, '\r\n')],
    [
      'block scalars and multi-line flow maps',
      `cases:\n  - id: a\n    input:\n      name: |\n        two\n        lines\n    assert:\n      - type: contains\n        value: >-\n          folded\n          text\n  - id: b\n    input: {\n      name: Ada,\n      age: 4 }\n${cases(20)}`,
    ],
    [
      'an unknown assertion type',
      `cases:\n${cases(10)}  - id: z\n    assert:\n      - type: nope\n`,
    ],
    [
      'two identical items (each its own nodes)',
      `cases:\n  - id: same\n    input: { age: 1 }\n  - id: same\n    input: { age: 1 }\n${cases(5)}`,
    ],
    [
      'an item whose first line is only the dash',
      `cases:\n  -\n    id: d\n    input: { name: Ada }\n${cases(10)}`,
    ],
  ];
  for (const [what, text] of shapes) {
    const { whole, byCase } = await assertSameAsWhole(text, what);
    assert.ok(byCase, `${what}: parsed case by case`);
    assert.ok(whole.length > 0 || what.includes('dash'), `${what}: has findings to compare`);
  }
});

test('files the line reader or the fixture format turn down are parsed whole, as before', async () => {
  const shapes: [string, string][] = [
    ['a YAML error in one case', `cases:\n${cases(30)}  - id: [broken\n${cases(5)}`],
    ['a case that is not the fixture shape', `cases:\n${cases(30)}  - input: { name: Ada }\n`],
    ['another top-level key', `defaults:\n  assert: []\ncases:\n${cases(20)}`],
    ['a key after the list', `cases:\n${cases(20)}tools: {}\n`],
    [
      'an alias across cases',
      `cases:\n  - id: a\n    input: &in { name: Ada }\n  - id: b\n    input: *in\n`,
    ],
    ['a flow list', 'cases: [{ id: a, input: { name: Ada } }]\n'],
    ['a tab', `cases:\n${cases(5)}\t# tab\n`],
    ['a document marker', `---\ncases:\n${cases(5)}`],
    ['an empty list', 'cases:\n'],
    ['a duplicate key in a case', `cases:\n  - id: a\n    id: b\n${cases(5)}`],
  ];
  for (const [what, text] of shapes) {
    const { byCase } = await assertSameAsWhole(text, what);
    assert.ok(!byCase, `${what}: parsed whole`);
  }
});

test('JSONL: lines kept by their text give the findings of a fresh parse', async () => {
  const lines = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({
        id: i % 9 === 4 ? 'dup' : `c${i}`,
        input: i % 7 === 3 ? { age: 'x' } : { name: `P${i}` },
        assert: [],
      }),
    ).join('\n') + '\n';
  const cache = new FixtureParseCache();
  let text = lines(40);
  const ws = workspace({ 'p.prompt': PROMPT, 'p.fixtures.jsonl': text });
  try {
    const file = ws.file('p.fixtures.jsonl');
    for (const edit of [
      (t: string) => t,
      (t: string) => t.replace('"P10"', '"P10x"'),
      (t: string) => '{"id":"top","input":{}}\n' + t,
      (t: string) => t.replace('"P20"}', '"P20"'),
    ]) {
      text = edit(text);
      const fresh = await lintFixtures(text, file, {});
      assert.ok(fresh.length > 0);
      assert.deepStrictEqual(await lintFixtures(text, file, { fixtureParses: cache }), fresh);
    }
  } finally {
    ws.cleanup();
  }
});

test('edits with one cache kept across versions give the findings of the whole parse', async () => {
  const cache = new FixtureParseCache();
  let text = `cases:\n${cases(100)}`;
  const edits: [string, (t: string) => string][] = [
    ['first version', (t) => t],
    ['a character in one case', (t) => t.replace('Person50 }', 'Person50x }')],
    [
      'a case added at the top',
      (t) => t.replace('cases:\n', 'cases:\n  - id: new\n    input: { age: 1 }\n'),
    ],
    ['lines removed in the middle', (t) => t.replace(/ {2}- id: c40\n(?: {4}.*\n)*/, '')],
    ['a case broken', (t) => t.replace('Person60 }', 'Person60')],
    ['fixed again', (t) => t.replace('Person60\n', 'Person60 }\n')],
    ['an input made wrong', (t) => t.replace('{ name: Person70 }', '{ name: 70 }')],
    [
      'a suppression comment',
      (t) => t.replace('  - id: c71\n', '  # promptops-disable-next-line\n  - id: c71\n'),
    ],
  ];
  for (const [what, edit] of edits) {
    text = edit(text);
    await assertSameAsWhole(text, what, cache);
  }
});

test('the line reader cuts the list into items, their trailing comments and blank lines included', () => {
  const text = '# head\ncases:\n\n  - id: a\n    input: {}\n  # note\n\n  - id: b\n';
  const blocks = caseBlocks(text);
  assert.deepStrictEqual(
    blocks?.map((b) => text.slice(b.start, b.end)),
    ['  - id: a\n    input: {}\n  # note\n\n', '  - id: b\n'],
  );
  assert.equal(caseBlocks('cases:\n  - id: a\nother: 1\n'), undefined);
  assert.equal(caseBlocks('cases:\n  - id: a\n - id: b\n'), undefined);
});

/** Cases with findings of the rules that place them on a node (regex, value, tools, turns). */
function casesWithFindings(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 6;
    const assert =
      kind === 1
        ? '      - type: contians\n        value: x\n' // PO304
        : kind === 2
          ? "      - type: regex\n        value: '(a+)+$'\n" // PO308
          : kind === 3
            ? '      - type: contains\n        value: [a, b]\n' // PO309
            : kind === 4
              ? '      - type: llm-rubric\n        value: polite\n' // PO310 only when no grader model is known
              : '      - type: contains\n        value: ok\n';
    const extra =
      i % 10 === 5
        ? '    tools:\n      getWether: { returns: { t: 1 } }\n' // PO312
        : i % 10 === 7
          ? '    turns:\n      - user: hi\n        assert:\n          - type: nope\n' // PO304 in a turn
          : '';
    out.push(`  - id: c${i}\n    input: { name: "P ${i}" }\n    assert:\n${assert}${extra}`);
  }
  return out.join('');
}

test('YAML read without document trees gives the findings (and lines) of the whole parse', async () => {
  const shapes: [string, string][] = [
    ['findings of several rules', `cases:\n${cases(150)}`],
    ['findings placed on nodes', `cases:\n${casesWithFindings(130)}`],
    [
      'items the quick reader leaves to the parser among others',
      `cases:\n${casesWithFindings(40)}  - id: q\n    input: { name: "two\n      lines" }\n  - id: f\n    input: {\n      name: Ada }\n${cases(40)}`,
    ],
  ];
  for (const [what, text] of shapes) {
    const { whole, byCase } = await assertSameAsWhole(text, what);
    assert.ok(byCase, `${what}: read case by case`);
    const codes = new Set(whole.map((p) => p.code));
    assert.ok(codes.size >= 3, `${what}: findings of several rules (${[...codes].join(', ')})`);
  }
  const { whole } = await assertSameAsWhole(`cases:\n${casesWithFindings(30)}`, 'codes');
  for (const code of ['PO304', 'PO308', 'PO309', 'PO312'])
    assert.ok(
      whole.some((p) => p.code === code),
      `${code} among ${whole.map((p) => p.code).join(',')}`,
    );
});

test('JSONL read by JSON.parse gives the findings (and lines) of the document parser', async () => {
  const line = (i: number) => {
    const kind = i % 7;
    const value = {
      id: kind === 6 ? 'dup' : `c${i}`,
      input: kind === 1 ? { age: 'x' } : kind === 2 ? { name: 'P', extra: 1 } : { name: `P${i}` },
      assert: [
        kind === 3
          ? { type: 'contians', value: 'x' }
          : kind === 4
            ? { type: 'regex', value: 'a(b' }
            : { type: 'contains', value: 'ok' },
      ],
    };
    // Spaces as Python writes JSON, a duplicate key, and a line that is not JSON, among the others.
    if (i % 11 === 5) return JSON.stringify(value, null, 1).replace(/\n/g, '');
    if (i % 13 === 6) return `{"id":"d${i}","id":"e${i}","input":{"name":"x"}}`;
    if (i % 17 === 7) return `{"id":"broken${i}",`;
    return JSON.stringify(value);
  };
  const text = Array.from({ length: 120 }, (_, i) => line(i)).join('\n') + '\n';
  const ws = workspace({ 'p.prompt': PROMPT, 'p.fixtures.jsonl': text });
  try {
    const file = ws.file('p.fixtures.jsonl');
    const whole = await lintFixtures(text, file, {
      fixtureParses: new FixtureParseCache({ whole: true }),
    });
    const codes = new Set(whole.map((p) => p.code));
    for (const code of ['PO300', 'PO302', 'PO303', 'PO304', 'PO305', 'PO307'])
      assert.ok(codes.has(code), `${code} among ${[...codes].join(', ')}`);
    assert.deepStrictEqual(await lintFixtures(text, file, {}), whole);
    const cache = new FixtureParseCache();
    assert.deepStrictEqual(await lintFixtures(text, file, { fixtureParses: cache }), whole);
    assert.deepStrictEqual(await lintFixtures(text, file, { fixtureParses: cache }), whole);
  } finally {
    ws.cleanup();
  }
});
