import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('not-contains fails when the text is in the output', async () => {
  assert.equal(
    (await verdict({ type: 'not-contains', value: 'lost' }, 'no records were lost'))[0],
    false,
  );
});
