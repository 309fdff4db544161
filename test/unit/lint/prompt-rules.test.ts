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
  test('PO103 wrong field types, located at the value', async () => {
    const problems = await promptProblems(
      '---\nmodel: 42\noutput:\n  format: yaml\ntools: search\n---\nhi',
    );
    assert.deepEqual(codes(problems), ['PO103', 'PO103', 'PO103']);
    assert.match(
      problems[0]?.message ?? '',
      /^model: Invalid input: expected string, received number/,
    );
    assert.deepEqual(problems[1]?.range.start, { line: 3, character: 10 });
    assert.deepEqual(
      await promptProblems(
        '---\nmodel: a\nconfig: { temperature: 1 }\ntools: [search]\noutput: { format: json, schema: { a: string } }\n---\n{{json a}}',
      ),
      [],
    );
  });

  test('PO104 unknown key with did-you-mean and a rename fix; dotted keys are extension fields', async () => {
    const text = '---\nmodle: openai/x\nmyteam.owner: ada\npromptops.fixture: x.yaml\n---\nhi';
    const problems = await promptProblems(text);
    assert.deepEqual(codes(problems), ['PO104', 'PO104']);
    assert.match(
      problems[0]?.message ?? '',
      /Unknown frontmatter key 'modle'; did you mean 'model'\?/,
    );
    assert.match(
      problems[1]?.message ?? '',
      /'promptops\.fixture'; did you mean 'promptops\.fixtures'\?/,
    );
    const fixed = applyEdits(text, problems[0]?.fixes[0]?.edits ?? []);
    assert.match(fixed, /^---\nmodel: openai\/x/);
    assert.deepEqual(codes(await promptProblems('---\nraw: {}\n---\nhi')), ['PO104']);
  });

  test('PO105 config out of range', async () => {
    const problems = await promptProblems(
      '---\nconfig:\n  temperature: 7\n  topP: 0.5\n  maxOutputTokens: 1.5\n  presencePenalty: -3\n---\nhi',
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'config.temperature is 7; it must be a number ≥ 0 ≤ 2.',
        'config.maxOutputTokens is 1.5; it must be an integer ≥ 1.',
        'config.presencePenalty is -3; it must be a number ≥ -2 ≤ 2.',
      ],
    );
    assert.deepEqual(
      await promptProblems(
        '---\nconfig: { temperature: 2, topP: 1, topK: 40, maxOutputTokens: 100 }\n---\nhi',
      ),
      [],
    );
  });

  test('PO106 invalid input schema; named schemas are information', async () => {
    const bad = await promptProblems(
      '---\ninput:\n  schema:\n    tags(list): string\n---\n{{tags}}',
    );
    assert.deepEqual(codes(bad), ['PO106']);
    assert.match(bad[0]?.message ?? '', /parenthetical types must be 'object' or 'array'/);
    const named = await promptProblems('---\ninput:\n  schema: Ticket\n---\nhi');
    assert.deepEqual(
      named.map((p) => [p.code, p.severity]),
      [['PO106', 'info']],
    );
  });

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
  test('PO201 undeclared variable with did-you-mean; fixes rename or declare', async () => {
    const text = `${SCHEMA}Hello {{custmer}} {{docs.0.title}}{{#each docs as |d|}}{{d.titel}}{{/each}} {{locale}}`;
    const problems = (await promptProblems(text)).filter((p) => p.code === 'PO201');
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        "'custmer' is not declared in the input schema; did you mean 'customer'?",
        "'docs.titel' is not declared in the input schema; did you mean 'title'?",
        "'locale' is not declared in the input schema.",
      ],
    );
    assert.equal(
      applyEdits(text, problems[0]?.fixes[0]?.edits ?? []).includes('Hello {{customer}}'),
      true,
    );
    assert.equal(
      applyEdits(text, problems[1]?.fixes[0]?.edits ?? []).includes('{{d.title}}'),
      true,
    );
    const declare = problems[2]?.fixes.find((f) => f.title === "Declare 'locale' in input.schema");
    assert.ok(declare);
    const declared = applyEdits(text, declare.edits);
    assert.match(declared, / {6}title: string\n {4}locale: string\n---/);
    assert.deepEqual(codes((await promptProblems(declared)).filter((p) => p.code === 'PO201')), [
      'PO201',
      'PO201',
    ]);
  });

  test('PO201 is silent without a schema, for open schemas, data variables and scalars used whole', async () => {
    assert.deepEqual(await promptProblems('Hello {{anything}}'), []);
    assert.deepEqual(
      codes(
        await promptProblems(
          '---\ninput:\n  schema:\n    meta: any\n    (*): string\n---\n{{meta.x.y}} {{other}} {{@root.meta}} {{#each meta}}{{@index}}{{/each}}',
        ),
      ),
      [],
    );
    const scalar = await promptProblems(
      '---\ninput:\n  schema:\n    name: string\n---\n{{name.first}}',
    );
    assert.match(scalar[0]?.message ?? '', /'name' is a string; it has no property 'first'/);
  });

  test('PO201 declare fix works for flow-style and JSON Schema inputs, and creates input.schema', async () => {
    const flow = '---\ninput:\n  schema: { a: string }\n---\n{{a}} {{b}}';
    const fix = (await promptProblems(flow))
      .find((p) => p.code === 'PO201')
      ?.fixes.find((f) => f.title.startsWith('Declare'));
    assert.equal(
      applyEdits(flow, fix?.edits ?? []),
      '---\ninput:\n  schema: { a: string, b: string }\n---\n{{a}} {{b}}',
    );
    const json =
      '---\ninput:\n  schema:\n    type: object\n    properties:\n      a: { type: string }\n---\n{{a}} {{b}}';
    const jsonFix = (await promptProblems(json))
      .find((p) => p.code === 'PO201')
      ?.fixes.find((f) => f.title.startsWith('Declare'));
    assert.match(
      applyEdits(json, jsonFix?.edits ?? []),
      / {6}a: \{ type: string \}\n {6}b: \{ type: string \}\n---/,
    );
  });

  test('PO202 unused input, counting uses in partials; the fix removes the entry', async (t) => {
    const ws = workspace({
      'a.prompt': `${SCHEMA}{{customer}} {{> footer}}`,
      '_footer.prompt': '{{#each docs}}{{title}}{{/each}}',
    });
    t.after(ws.cleanup);
    const text = `${SCHEMA}{{customer}} {{> footer}}`;
    const problems = (await lintPrompt(text, ws.file('a.prompt'))).filter(
      (p) => p.code === 'PO202',
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      ["Input 'tier' is declared but the template never uses it."],
    );
    assert.equal(problems[0]?.severity, 'warning');
    const removed = applyEdits(text, problems[0]?.fixes[0]?.edits ?? []);
    assert.doesNotMatch(removed, /tier/);
    assert.match(removed, /customer: string, who wrote\n {4}docs\(array\):/);
    assert.deepEqual(codes(await promptProblems(`${SCHEMA}{{json this}}`)), []);
  });

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

test('PO110: an empty prompt, or frontmatter with no template after it, is a warning', async () => {
  assert.deepEqual(codes(await promptProblems('')), ['PO110']);
  assert.deepEqual(codes(await promptProblems('---\nmodel: openai/gpt-4o-mini\n---\n  \n')), [
    'PO110',
  ]);
  assert.deepEqual(codes(await promptProblems('---\nmodel: openai/gpt-4o-mini\n---\nhi')), []);
});
