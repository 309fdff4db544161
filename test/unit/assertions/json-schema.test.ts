import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

const output = '```json\n{"category":"billing","tags":["a","b"],"score":0.9}\n```';

test('json-schema checks against the output schema, or an explicit one', async () => {
  const schema = {
    type: 'object',
    properties: { category: { enum: ['billing', 'bug'] } },
    required: ['category'],
  };
  assert.equal((await verdict({ type: 'json-schema' }, output, { outputSchema: schema }))[0], true);
  assert.match(
    (
      await verdict(
        { type: 'json-schema', value: { type: 'object', required: ['priority'] } },
        output,
      )
    )[1],
    /missing required 'priority'/,
  );
});

test('json-schema without any schema fails with "no schema"', async () => {
  assert.match((await verdict({ type: 'json-schema' }, output))[1], /^no schema/);
});
