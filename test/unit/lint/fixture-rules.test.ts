import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, FIXTURE_PROMPT, fixtureProblems } from './helpers';

test('PO301 missing required input, PO302 wrong type or enum, PO303 undeclared input; input.default counts', async () => {
  const problems = await fixtureProblems(
    FIXTURE_PROMPT,
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

test('JSONL fixtures: one case a line, with ranges on the right line', async () => {
  const problems = await fixtureProblems(
    FIXTURE_PROMPT,
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
