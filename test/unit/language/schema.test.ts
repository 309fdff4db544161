import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parsePromptDocument } from '../../../src/core/language/document';
import {
  findField,
  inputSchemaModel,
  outputSchemaModel,
  picoschemaPropertyName,
} from '../../../src/core/language/schema';

test('Picoschema fields carry type, description, optionality and key ranges', async () => {
  const doc = parsePromptDocument(`---
input:
  schema:
    subject: string, the subject line
    plan?(enum, the plan): [free, pro]
    docs(array, passages):
      title: string
      url?: string
    count?: integer
---
x`);
  const model = await inputSchemaModel(doc);
  assert.equal(model.format, 'picoschema');
  assert.equal(model.error, undefined);
  assert.equal(model.open, false);
  const subject = findField(model.fields, ['subject']);
  assert.deepEqual(
    [subject?.type, subject?.description, subject?.required],
    ['string', 'the subject line', true],
  );
  assert.deepEqual(subject?.keyRange, {
    start: { line: 3, character: 4 },
    end: { line: 3, character: 11 },
  });
  const plan = findField(model.fields, ['plan']);
  assert.deepEqual(
    [plan?.type, plan?.required, plan?.description],
    ['enum: "free" | "pro"', false, 'the plan'],
  );
  assert.equal(plan?.keyRange?.start.line, 4);
  const docs = findField(model.fields, ['docs']);
  assert.equal(docs?.isArray, true);
  assert.equal(docs?.type, 'object[]');
  const url = findField(model.fields, ['docs', 'url']);
  assert.deepEqual([url?.type, url?.required, url?.keyRange?.start.line], ['string', false, 7]);
  assert.equal(findField(model.fields, ['count'])?.type, 'integer');
});

test('JSON Schema inputs are read as they are, with ranges through properties and items', async () => {
  const doc = parsePromptDocument(`---
input:
  schema:
    type: object
    required: [q]
    properties:
      q: { type: string, description: the question }
      tags:
        type: array
        items:
          type: object
          properties:
            label: { type: string }
---
x`);
  const model = await inputSchemaModel(doc);
  assert.equal(model.format, 'json-schema');
  assert.equal(model.open, false, 'listing properties without additionalProperties means "these"');
  assert.deepEqual(
    [findField(model.fields, ['q'])?.required, findField(model.fields, ['q'])?.description],
    [true, 'the question'],
  );
  assert.equal(findField(model.fields, ['q'])?.keyRange?.start.line, 6);
  assert.equal(findField(model.fields, ['tags', 'label'])?.keyRange?.start.line, 12);
});

test('openness: wildcards, additionalProperties and any-typed fields accept unlisted properties', async () => {
  const pico = await inputSchemaModel(
    parsePromptDocument(
      '---\ninput:\n  schema:\n    a: string\n    meta: any\n    (*): string\n---\nx',
    ),
  );
  assert.equal(pico.open, true);
  assert.equal(findField(pico.fields, ['meta'])?.open, true);
  assert.equal(findField(pico.fields, ['a'])?.open, false);
  const json = await inputSchemaModel(
    parsePromptDocument(
      '---\ninput:\n  schema:\n    type: object\n    additionalProperties: true\n    properties: { a: { type: string } }\n---\nx',
    ),
  );
  assert.equal(json.open, true);
});

test('no schema is an open model; a broken Picoschema reports why', async () => {
  assert.equal((await inputSchemaModel(parsePromptDocument('hi'))).format, 'none');
  const broken = await inputSchemaModel(
    parsePromptDocument('---\ninput:\n  schema:\n    a(tuple): string\n---\nx'),
  );
  assert.match(broken.error ?? '', /parenthetical types must be/);
  assert.deepEqual(broken.fields, []);
});

test('named schema references are kept as unresolved names, not errors', async () => {
  const model = await outputSchemaModel(
    parsePromptDocument('---\noutput:\n  schema: Ticket\n---\nx'),
  );
  assert.equal(model.error, undefined);
  assert.deepEqual(model.unresolvedNames, ['Ticket']);
});

test('picoschemaPropertyName strips optional markers and type info', () => {
  assert.equal(picoschemaPropertyName('name?(array, things)'), 'name');
  assert.equal(picoschemaPropertyName('name(object)'), 'name');
  assert.equal(picoschemaPropertyName('plain'), 'plain');
});
