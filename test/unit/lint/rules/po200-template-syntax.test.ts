import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { codes, promptProblems } from '../helpers';

test('PO200: an unclosed Handlebars expression', async () => {
  assert.deepEqual(codes(await promptProblems('hi {{name')), ['PO200']);
});
