import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO101: frontmatter with no closing ---', async () => {
  assert.deepEqual(codes(await promptProblems('---\nmodel: a\nhi')), ['PO101']);
});
