import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO206: #each over a scalar input, not over an array', async () => {
  const each = await promptProblems(
    '---\ninput:\n  schema:\n    docs: string\n    list(array): string\n---\n{{#each docs}}{{this}}{{/each}}{{#each list}}{{this}}{{/each}}',
  );
  assert.deepEqual(codes(each), ['PO206']);
});
