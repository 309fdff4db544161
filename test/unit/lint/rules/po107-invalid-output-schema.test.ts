import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO107: an output schema that does not compile', async () => {
  const bad = await promptProblems(
    '---\noutput:\n  format: json\n  schema:\n    type: object\n    properties: { score: { type: decimal } }\n---\nhi',
  );
  assert.deepEqual(codes(bad), ['PO107']);
});
