import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { verdict } from './helpers';

test('no-pii lets documentation values through and names the PII it finds', async () => {
  assert.equal(
    (await verdict({ type: 'no-pii' }, 'Write to support@example.com'))[0],
    true,
    'documentation values are fine',
  );
  assert.match(
    (await verdict({ type: 'no-pii' }, 'Call +1 (415) 867-5309'))[1],
    /output contains phone number/,
  );
});
