import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintPrompt } from '../../../src/core/lint/linter';
import { Severity } from '../../../src/core/types';
import { applyEdits, codes, promptProblems, workspace } from './helpers';

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

describe('syntax rules', () => {
  test('PO100 YAML syntax, PO101 unterminated, PO102 not a mapping, PO200 template syntax', async () => {
    assert.deepEqual(codes(await promptProblems('---\nconfig: { temperature: 0\n---\nhi')), [
      'PO100',
    ]);
    assert.deepEqual(codes(await promptProblems('---\nmodel: a\nhi')), ['PO101']);
    assert.deepEqual(codes(await promptProblems('---\n- a\n---\nhi')), ['PO102']);
    assert.deepEqual(codes(await promptProblems('hi {{name')), ['PO200']);
    assert.deepEqual(codes(await promptProblems('a\u0000b')), ['PO001']);
    assert.deepEqual(await promptProblems('---\nmodel: a\n---\nhi {{name}}'), []);
  });
});

describe('schema rules', () => {
  test('PO107 output schema that does not compile; PO108 JSON without schema', async () => {
    const bad = await promptProblems(
      '---\noutput:\n  format: json\n  schema:\n    type: object\n    properties: { score: { type: decimal } }\n---\nhi',
    );
    assert.deepEqual(codes(bad), ['PO107']);
    assert.deepEqual(codes(await promptProblems('---\noutput:\n  format: json\n---\nhi')), [
      'PO108',
    ]);
    assert.deepEqual(
      await promptProblems('---\noutput:\n  format: json\n  schema: { answer: string }\n---\nhi'),
      [],
    );
  });
});

describe('template rules', () => {
  test('PO203 unknown helper with did-you-mean; PO204 missing partial; PO205 invalid role; PO206 each over a scalar', async (t) => {
    const helper = await promptProblems('{{#ifEqual a "b"}}x{{/ifEqual}}');
    assert.match(
      helper.find((p) => p.code === 'PO203')?.message ?? '',
      /did you mean 'ifEquals'\?/,
    );
    const ws = workspace({ 'a.prompt': 'x', '_here.prompt': 'y' });
    t.after(ws.cleanup);
    assert.deepEqual(codes(await lintPrompt('{{> here}} {{> gone}}', ws.file('a.prompt'))), [
      'PO204',
    ]);
    const role = await promptProblems('{{role "assistant"}}hi');
    assert.deepEqual(codes(role), ['PO205']);
    assert.equal(
      applyEdits('{{role "assistant"}}hi', role[0]?.fixes[0]?.edits ?? []),
      '{{role "model"}}hi',
    );
    assert.deepEqual(
      codes(await promptProblems('{{role "system"}}a{{role "user"}}b{{role "model"}}c')),
      [],
    );
    const each = await promptProblems(
      '---\ninput:\n  schema:\n    docs: string\n    list(array): string\n---\n{{#each docs}}{{this}}{{/each}}{{#each list}}{{this}}{{/each}}',
    );
    assert.deepEqual(codes(each), ['PO206']);
  });

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
