import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readArtifact } from '../../../src/core/eval/artifact';
import { caseLocations, FixtureError, parseFixtures } from '../../../src/core/eval/fixtures';
import { assertionFromShorthand } from '../../../src/core/assertions/promptfoo';
import { startFakeOpenAI } from '../../support/openai-server';
import { runCli, workspace } from '../helpers';

const SHEET = [
  'name,topic,__expected,__expected1,__expected2,__description,__tags',
  'Ada,math,Hello Ada,icontains: ada,"contains-any: hi, hello",greets Ada,"smoke, fast"',
  'Grace,"ships,',
  'and sails",regex: ^Hello,,,,',
  '',
].join('\n');

test('a CSV sheet: a case a row, inputs from columns, promptfoo __expected shorthand, __description, __tags', () => {
  const fixtures = parseFixtures(SHEET, 'greet.fixtures.csv');
  assert.deepEqual(fixtures.cases, [
    {
      id: 'row-1',
      description: 'greets Ada',
      tags: ['smoke', 'fast'],
      input: { name: 'Ada', topic: 'math' },
      assert: [
        { type: 'equals', value: 'Hello Ada' },
        { type: 'icontains', value: 'ada' },
        { type: 'contains-any', value: ['hi', 'hello'] },
      ],
    },
    {
      id: 'row-2',
      input: { name: 'Grace', topic: 'ships,\nand sails' },
      assert: [{ type: 'regex', value: '^Hello' }],
    },
  ]);
  assert.deepEqual(caseLocations(SHEET, 'greet.fixtures.csv'), [
    { id: 'row-1', line: 1, tags: ['smoke', 'fast'] },
    { id: 'row-2', line: 2 },
  ]);
});

test('CSV mistakes are fixture errors with a line: a ragged row, an unknown __ column', () => {
  assert.throws(
    () => parseFixtures('name,__expected\nAda,x,extra\n', 'g.fixtures.csv'),
    (e: unknown) => e instanceof FixtureError && e.line === 1 && /fields/.test(e.message),
  );
  assert.throws(
    () => parseFixtures('name,__expectd\nAda,x\n', 'g.fixtures.csv'),
    /unknown column '__expectd'/,
  );
});

test('promptfoo shorthand: not-, thresholds in parentheses, javascript and file://, plain text is equals', () => {
  assert.deepEqual(assertionFromShorthand('not-contains: sorry'), {
    type: 'not-contains',
    value: 'sorry',
  });
  assert.deepEqual(assertionFromShorthand('similar(0.9): a greeting'), {
    type: 'similar',
    value: 'a greeting',
    threshold: 0.9,
  });
  assert.deepEqual(assertionFromShorthand('rouge-n: the cat'), {
    type: 'rouge-n',
    value: 'the cat',
    threshold: 0.75,
  });
  assert.deepEqual(assertionFromShorthand('levenshtein(3): Hello'), {
    type: 'levenshtein',
    value: 'Hello',
    threshold: 3,
  });
  assert.deepEqual(assertionFromShorthand('fn: output.length < 9'), {
    type: 'javascript',
    value: 'output.length < 9',
  });
  assert.deepEqual(assertionFromShorthand('file://checks/x.js'), {
    type: 'javascript',
    value: 'file://checks/x.js',
  });
  assert.deepEqual(assertionFromShorthand('grade: is polite'), {
    type: 'llm-rubric',
    value: ' is polite',
  });
  assert.deepEqual(assertionFromShorthand('Note: plain'), { type: 'equals', value: 'Note: plain' });
  assert.deepEqual(assertionFromShorthand('is-json'), { type: 'is-json' });
  assert.deepEqual(assertionFromShorthand('python: x'), { type: 'python', value: 'x' });
});

test('promptops eval runs a <name>.fixtures.csv beside the prompt', async (t) => {
  const server = await startFakeOpenAI(() => ({ text: 'Hello Ada' }));
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    'greet.prompt': '---\nmodel: local/tiny\n---\nSay hello to {{name}}',
    'greet.fixtures.csv': 'name,__expected\nAda,contains: Ada\nBob,contains: Bob\n',
  });
  t.after(async () => {
    await server.close();
    ws.cleanup();
  });
  const { code, stderr } = await runCli(ws.dir, ['eval']);
  assert.equal(code, 1, stderr);
  const artifact = readArtifact(ws.file('.promptops/results/greet.json'));
  assert.deepEqual(
    artifact.cases.map((c) => [c.id, c.status]),
    [
      ['row-1', 'pass'],
      ['row-2', 'fail'],
    ],
  );
  assert.equal(artifact.fixtures?.path, 'greet.fixtures.csv');
});
