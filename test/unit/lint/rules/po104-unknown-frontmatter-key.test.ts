import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, codes, promptProblems } from '../helpers';

test('PO104 unknown key with did-you-mean and a rename fix; dotted keys are extension fields', async () => {
  const text = '---\nmodle: openai/x\nmyteam.owner: ada\npromptops.fixture: x.yaml\n---\nhi';
  const problems = await promptProblems(text);
  assert.deepEqual(codes(problems), ['PO104', 'PO104']);
  assert.match(
    problems[0]?.message ?? '',
    /Unknown frontmatter key 'modle'; did you mean 'model'\?/,
  );
  assert.match(
    problems[1]?.message ?? '',
    /'promptops\.fixture'; did you mean 'promptops\.fixtures'\?/,
  );
  const fixed = applyEdits(text, problems[0]?.fixes[0]?.edits ?? []);
  assert.match(fixed, /^---\nmodel: openai\/x/);
  assert.deepEqual(codes(await promptProblems('---\nraw: {}\n---\nhi')), ['PO104']);
});
