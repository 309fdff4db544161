import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintPrompt } from '../../../src/core/lint/linter';
import { Severity } from '../../../src/core/types';
import { promptProblems, workspace } from './helpers';

const SCHEMA = `---
model: openai/gpt-4o-mini
input:
  schema:
    customer: string, who wrote
    tier?(enum): [free, pro]
    docs(array):
      title: string
---
`;

describe('template rules', () => {
  test('suppression comments silence a rule on the next line', async () => {
    const text = `${SCHEMA}{{customer}} {{tier}} {{#each docs}}{{title}}{{/each}}\n{{! promptops-disable-next-line PO201 }}\n{{nope}}\n{{nope2}}`;
    const problems = await promptProblems(text);
    assert.deepEqual(
      problems.map((p) => p.message),
      ["'nope2' is not declared in the input schema."],
    );
    const yaml = '---\n# promptops-disable-next-line PO104\nmodle: x\nconfgi: {}\n---\nhi';
    assert.deepEqual(
      (await promptProblems(yaml)).map((p) => p.range.start.line),
      [3],
    );
  });

  test('severities can be overridden or turned off per rule', async () => {
    const text = `${SCHEMA}{{customer}} {{#each docs}}{{title}}{{/each}}`;
    assert.deepEqual(
      (await promptProblems(text)).map((p) => [p.code, p.severity]),
      [['PO202', 'warning']],
    );
    assert.deepEqual(
      (await promptProblems(text, { severities: { PO202: Severity.Error } })).map(
        (p) => p.severity,
      ),
      ['error'],
    );
    assert.deepEqual(await promptProblems(text, { severities: { PO202: 'off' } }), []);
  });

  test('partials are not checked against a schema they do not have', async (t) => {
    const ws = workspace({ '_p.prompt': 'Hi {{whatever}}' });
    t.after(ws.cleanup);
    assert.deepEqual(await lintPrompt('Hi {{whatever}}', ws.file('_p.prompt')), []);
  });
});
