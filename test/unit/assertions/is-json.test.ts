import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('is-json accepts fenced JSON and rejects prose', async () => {
  const output = '```json\n{"category":"billing","tags":["a","b"],"score":0.9}\n```';
  assert.equal((await verdict({ type: 'is-json' }, output))[0], true);
  assert.equal((await verdict({ type: 'is-json' }, 'not json'))[0], false);
});
