import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO102: frontmatter that is a list, not a mapping', async () => {
  assert.deepEqual(codes(await promptProblems('---\n- a\n---\nhi')), ['PO102']);
});
