import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_PROMPT_LENGTH } from '../../../../src/core/language/document';
import { Severity } from '../../../../src/core/types';
import { codes, promptProblems } from '../helpers';

test('PO002: a prompt over 2 MB is one error on its first line, and nothing else is analysed', async () => {
  const body = `Hello {{undeclared}} ${'x'.repeat(MAX_PROMPT_LENGTH)}`;
  const problems = await promptProblems(`---\nmodle: a\n---\n${body}`);
  assert.deepEqual(codes(problems), ['PO002']);
  assert.equal(problems[0]?.severity, Severity.Error);
  assert.deepEqual(problems[0]?.range, {
    start: { line: 0, character: 0 },
    end: { line: 0, character: 3 },
  });
  assert.match(problems[0]?.message ?? '', /up to 2\.0 MB/);
});

test('PO002: a prompt at the limit is analysed (its own problems are reported instead)', async () => {
  const head = '---\nmodle: a\n---\n';
  const problems = await promptProblems(head + 'x'.repeat(MAX_PROMPT_LENGTH - head.length));
  assert.ok(!codes(problems).includes('PO002'));
  assert.ok(codes(problems).includes('PO104'), 'the misspelt key is reported');
});

test('PO002: severity can be changed like any rule', async () => {
  const problems = await promptProblems('x'.repeat(MAX_PROMPT_LENGTH + 1), {
    severities: { PO002: Severity.Warning },
  });
  assert.deepEqual(
    problems.map((p) => [p.code, p.severity]),
    [['PO002', Severity.Warning]],
  );
});
