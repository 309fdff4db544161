import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO100: frontmatter that is not valid YAML; valid frontmatter and template are clean', async () => {
  assert.deepEqual(codes(await promptProblems('---\nconfig: { temperature: 0\n---\nhi')), [
    'PO100',
  ]);
  assert.deepEqual(await promptProblems('---\nmodel: a\n---\nhi {{name}}'), []);
});
