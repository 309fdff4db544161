import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, codes, promptProblems } from '../helpers';

test('PO205: an invalid role, fixed to model; system, user and model are fine', async () => {
  const role = await promptProblems('{{role "assistant"}}hi');
  assert.deepEqual(codes(role), ['PO205']);
  assert.equal(
    applyEdits('{{role "assistant"}}hi', role[0]?.fixes[0]?.edits ?? []),
    '{{role "model"}}hi',
  );
  assert.deepEqual(
    codes(await promptProblems('{{role "system"}}a{{role "user"}}b{{role "model"}}c')),
    [],
  );
});
