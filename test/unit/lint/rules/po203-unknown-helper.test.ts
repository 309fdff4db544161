import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { promptProblems } from '../helpers';

test('PO203: an unknown helper, with did-you-mean', async () => {
  const helper = await promptProblems('{{#ifEqual a "b"}}x{{/ifEqual}}');
  assert.match(helper.find((p) => p.code === 'PO203')?.message ?? '', /did you mean 'ifEquals'\?/);
});
