import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { compileSchema } from '../../../src/core/schema/compile';

const root = path.join(__dirname, '..', '..', '..', '..');

test('the precompiled draft-07 meta-schema validator is what scripts/gen-ajv-meta.js makes now', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const gen = require(path.join(root, 'scripts', 'gen-ajv-meta.js')) as {
    generated: () => string;
    file: string;
  };
  assert.equal(
    fs.readFileSync(gen.file, 'utf8'),
    gen.generated(),
    'stale: run node scripts/gen-ajv-meta.js',
  );
});

/** Ajv as compile.ts used it before: checking each schema against its meta-schema itself. */
function ajvOwnCheck(schema: object): string {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  try {
    ajv.compile(schema);
    return 'compiles';
  } catch (error) {
    return (error as Error).message;
  }
}

const SCHEMAS: object[] = [
  { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  { type: 'strin' },
  { type: ['string', 3] },
  { minLength: -1 },
  { required: 'a' },
  { properties: { a: { enum: [] } } },
  { items: [{ type: 'x' }], additionalItems: 3 },
  { format: 3 },
  { type: 'string', pattern: '([' },
  { $ref: '#/definitions/missing' },
  { $id: '::not a uri', type: 'number' },
  { $schema: 'http://json-schema.org/draft-07/schema#', type: 'strin' },
  { $schema: 'http://json-schema.org/draft-07/schema', minimum: 'x' },
  { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'string' },
  { $schema: 42, type: 'string' },
  { definitions: { a: { type: 'nope' } }, properties: { b: { $ref: '#/definitions/a' } } },
  { anyOf: [], oneOf: [{}], not: 1 },
  { dependencies: { a: 3 }, propertyNames: { type: 'string' } },
];

test('compileSchema accepts and refuses exactly the schemas Ajv does, with its messages', () => {
  for (const schema of SCHEMAS) {
    const result = compileSchema(schema);
    const ours = result instanceof Error ? result.message : 'compiles';
    assert.equal(ours, ajvOwnCheck(schema), JSON.stringify(schema));
  }
});

test('an invalid schema is refused on every compile, not only the first (the cache keeps the error)', () => {
  const schema = { type: 'object', properties: { a: { type: 'texte' } } };
  const first = compileSchema(schema);
  const second = compileSchema(JSON.parse(JSON.stringify(schema)) as object);
  assert.ok(first instanceof Error && second instanceof Error);
  assert.match(second.message, /^schema is invalid: data\/properties\/a\/type/);
});
