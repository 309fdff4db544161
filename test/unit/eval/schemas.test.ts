import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import * as YAML from 'yaml';
import { contractSchemas } from '../../../src/core/contracts';
import { REPO } from '../helpers';

test('schemas/*.schema.json are current (regenerate with: node scripts/gen-schemas.js)', () => {
  for (const [name, schema] of Object.entries(contractSchemas())) {
    assert.deepEqual(
      JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', name), 'utf8')),
      schema,
      name,
    );
  }
});

test('the shipped schemas accept the bundled examples and reject what the zod schemas reject', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const fixtures = ajv.compile(
    JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'fixtures.schema.json'), 'utf8')),
  );
  for (const file of fs
    .readdirSync(path.join(REPO, 'examples'))
    .filter((f) => f.endsWith('.fixtures.yaml'))) {
    assert.ok(
      fixtures(YAML.parse(fs.readFileSync(path.join(REPO, 'examples', file), 'utf8'))),
      `${file}: ${JSON.stringify(fixtures.errors)}`,
    );
  }
  assert.equal(fixtures({ cases: [{ input: {} }] }), false, 'a case needs an id');
  assert.equal(
    fixtures({ cases: [{ id: 'a', assert: [{ type: 'contain' }] }] }),
    false,
    'unknown assertion types are flagged',
  );
  assert.equal(
    fixtures({ cases: [{ id: 'a', assert: [{ type: 'not-regex', value: 'x' }] }] }),
    true,
  );
  const results = ajv.compile(
    JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', 'results.schema.json'), 'utf8')),
  );
  for (const file of fs.readdirSync(path.join(REPO, 'examples', '.promptops', 'results'))) {
    assert.ok(
      results(
        JSON.parse(
          fs.readFileSync(path.join(REPO, 'examples', '.promptops', 'results', file), 'utf8'),
        ),
      ),
      `${file}: ${JSON.stringify(results.errors?.slice(0, 2))}`,
    );
  }
});
