import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO110: an empty prompt, or frontmatter with no template after it, is a warning', async () => {
  assert.deepEqual(codes(await promptProblems('')), ['PO110']);
  assert.deepEqual(codes(await promptProblems('---\nmodel: openai/gpt-4o-mini\n---\n  \n')), [
    'PO110',
  ]);
  assert.deepEqual(codes(await promptProblems('---\nmodel: openai/gpt-4o-mini\n---\nhi')), []);
});
