import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { extractJsonValues } from '../../../src/core/assertions/contains-json';
import { check } from './helpers';

test('contains-json finds JSON anywhere in prose, skipping bracketed text that is not JSON', async () => {
  assert.deepEqual(extractJsonValues('See [note] then {"a": "}"} and [1,2]'), [{ a: '}' }, [1, 2]]);
  assert.equal((await check({ type: 'contains-json' }, 'Here: {"ok": true}. Done.')).pass, true);
  const none = await check({ type: 'contains-json' }, 'no json {here}');
  assert.equal(none.pass, false);
  assert.equal(none.reason, 'output contains no JSON');
});

test('contains-json with a schema passes when some JSON in the output matches it', async () => {
  const schema = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
  assert.equal(
    (await check({ type: 'contains-json', value: schema }, 'a {"x":1} b {"name":"Ada"}')).pass,
    true,
  );
  const r = await check({ type: 'contains-json', value: schema }, 'only {"x": 1}');
  assert.equal(r.pass, false);
  assert.match(r.reason, /no JSON in the output matches the schema/);
});
