import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('icontains ignores case', async () => {
  assert.equal((await verdict({ type: 'icontains', value: 'OFFLINE' }, 'offline mode'))[0], true);
});
