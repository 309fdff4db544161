import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, codes, promptProblems } from '../helpers';

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
  assert.equal(applyEdits(text, problems[1]?.fixes[0]?.edits ?? []).includes('{{d.title}}'), true);
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
