import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, codes, fixtureProblems } from './helpers';

const PROMPT = `---
input:
  schema:
    subject: string
    plan?(enum): [free, pro]
    count?: integer
  default:
    count: 1
output:
  format: json
  schema:
    category(enum): [billing, bug]
    score: number
---
{{subject}} {{plan}} {{count}}`;

test('PO300 broken YAML and wrong shape, located', async () => {
  assert.deepEqual(
    codes(await fixtureProblems(PROMPT, 'cases:\n  - id: a\n    input: { subject: x\n')),
    ['PO300'],
  );
  const shape = await fixtureProblems(PROMPT, 'cases:\n  - input: { subject: x }\n');
  assert.deepEqual(
    shape.map((p) => [p.code, p.message, p.range.start.line]),
    [['PO300', 'cases.0.id: Invalid input: expected string, received undefined', 1]],
  );
  assert.deepEqual(codes(await fixtureProblems(PROMPT, 'nothing: here\n')), ['PO300']);
});

test('PO301 missing required input, PO302 wrong type or enum, PO303 undeclared input; input.default counts', async () => {
  const problems = await fixtureProblems(
    PROMPT,
    `cases:
  - id: missing
    input: { plan: pro }
  - id: wrong
    input: { subject: 42, plan: gold }
  - id: extra
    input: { subject: s, priority: high }
  - id: fine
    input: { subject: s }
`,
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.message, p.range.start.line]),
    [
      ['PO301', "case 'missing': input is missing required 'subject'.", 2],
      ['PO302', "case 'wrong': input subject must be string.", 4],
      ['PO302', 'case \'wrong\': input plan must be one of "free", "pro", null.', 4],
      ['PO303', "case 'extra': input 'priority' is not declared in the prompt's input schema.", 6],
    ],
  );
  assert.equal(problems[3]?.severity, 'warning');
});

test('PO304 unknown assertion type with a rename fix; negated types are known', async () => {
  const text =
    'cases:\n  - id: a\n    input: { subject: s }\n    assert:\n      - type: contain\n        value: x\n      - type: not-regex\n        value: a\n      - type: not-icontains\n        value: b\n';
  const problems = await fixtureProblems(PROMPT, text);
  assert.deepEqual(codes(problems), ['PO304']);
  assert.match(problems[0]?.message ?? '', /did you mean 'contains'\?/);
  assert.match(applyEdits(text, problems[0]?.fixes[0]?.edits ?? []), /- type: contains\n/);
});

test('PO305 invalid regex', async () => {
  const problems = await fixtureProblems(
    PROMPT,
    "cases:\n  - id: a\n    input: { subject: s }\n    assert:\n      - type: regex\n        value: '[0-9'\n      - type: regex\n        value: '^ok$'\n",
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.range.start.line]),
    [['PO305', 5]],
  );
  assert.match(problems[0]?.message ?? '', /missing closing \]/);
});

test('PO306 expected JSON values are checked against the output schema', async () => {
  const problems = await fixtureProblems(
    PROMPT,
    `cases:
  - id: a
    input: { subject: s }
    assert:
      - type: json-path
        path: $.category
        value: invoices
      - type: json-path
        path: $.category
        value: billing
      - type: json-path
        path: $.priority
        value: high
      - type: equals
        value: { category: bug, score: "high" }
`,
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.message]),
    [
      [
        'PO306',
        'Expected value violates the output schema: value must be one of "billing", "bug".',
      ],
      ['PO306', "'priority' is not a field of the output schema."],
      ['PO306', 'Expected value violates the output schema: score must be number.'],
    ],
  );
});

test('PO307 duplicate case ids', async () => {
  const problems = await fixtureProblems(
    PROMPT,
    'cases:\n  - id: a\n    input: { subject: s }\n  - id: a\n    input: { subject: t }\n',
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.message, p.range.start.line]),
    [['PO307', "Case id 'a' is already used by case #1.", 3]],
  );
});

test('JSONL fixtures: one case a line, with ranges on the right line', async () => {
  const problems = await fixtureProblems(
    PROMPT,
    '{"id":"a","input":{"subject":"s"}}\n{"id":"b","input":{"subject":1}}\n{bad json\n',
    'p.fixtures.jsonl',
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.range.start.line]),
    [
      ['PO302', 1],
      ['PO300', 2],
    ],
  );
});

test('fixtures without a prompt are still checked for shape and privacy', async () => {
  const { lintFixtures } = await import('../../../src/core/lint/linter');
  const problems = await lintFixtures(
    'cases:\n  - id: a\n    input: { email: bob.hart@fastmail.com }\n',
    '/nowhere/x.fixtures.yaml',
  );
  assert.deepEqual(codes(problems), ['PO401']);
});

test('PO308 warns of a pattern that backtracks badly; PO305 rejects what RE2 cannot run (lookaround)', async () => {
  const problems = await fixtureProblems(
    PROMPT,
    "cases:\n  - id: a\n    input: { subject: s }\n    assert:\n      - type: regex\n        value: '(A+)+$'\n      - type: regex\n        value: '^A+$'\n      - type: regex\n        value: '(?=a)b'\n",
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.range.start.line]),
    [
      ['PO308', 5],
      ['PO305', 9],
    ],
  );
  const redos = problems.find((p) => p.code === 'PO308');
  assert.match(redos?.message ?? '', /can backtrack exponentially/);
});
