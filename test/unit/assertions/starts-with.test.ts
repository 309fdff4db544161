import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('starts-with ignores leading whitespace', async () => {
  assert.equal((await verdict({ type: 'starts-with', value: '- ' }, '  - first'))[0], true);
});
