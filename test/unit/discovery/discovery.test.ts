import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  EXCLUDED_FOLDERS,
  EXCLUDED_FOLDERS_GLOB,
  findPromptAndFixtureFiles,
  findPrompts,
  isExcludedFolder,
  isSearched,
  promptForFixtures,
} from '../../../src/core/discovery/discovery';
import { workspace } from '../helpers';

const TREE = {
  'a.prompt': '',
  'a.fixtures.yaml': '',
  'prompts/_header.prompt': '',
  'prompts/triage.prompt': '',
  'prompts/triage.fixtures.jsonl': '',
  'prompts/notes.txt': '',
  'deep/er/still.prompt': '',
  'node_modules/pkg/dep.prompt': '',
  'dist/copy.prompt': '',
  'out/copy.prompt': '',
  '.promptops/results/copy.prompt': '',
  '.vscode-test/copy.prompt': '',
  'test-results/copy.prompt': '',
  '.hidden/copy.prompt': '',
  'prompts/node_modules/nested.prompt': '',
};

test('discovery: prompts and fixtures under a folder, none in excluded folders, partials not runnable', () => {
  const ws = workspace(TREE);
  try {
    const relative = (files: string[]) => files.map((f) => path.relative(ws.dir, f));
    assert.deepEqual(relative(findPromptAndFixtureFiles([ws.dir])), [
      'a.fixtures.yaml',
      'a.prompt',
      path.join('deep', 'er', 'still.prompt'),
      path.join('prompts', '_header.prompt'),
      path.join('prompts', 'triage.fixtures.jsonl'),
      path.join('prompts', 'triage.prompt'),
    ]);
    assert.deepEqual(relative(findPrompts([ws.dir])), [
      'a.prompt',
      path.join('deep', 'er', 'still.prompt'),
      path.join('prompts', 'triage.prompt'),
    ]);
    // A file named on the command line is taken as given, even in an excluded folder.
    assert.deepEqual(relative(findPrompts([ws.file('dist/copy.prompt')])), [
      path.join('dist', 'copy.prompt'),
    ]);
    assert.deepEqual(findPrompts([ws.file('no/such/folder')]), []);
  } finally {
    ws.cleanup();
  }
});

test('discovery: isSearched (the editor’s filter) keeps exactly the prompts the walk finds', () => {
  const ws = workspace(TREE);
  try {
    const found = new Set(findPromptAndFixtureFiles([ws.dir]));
    for (const name of Object.keys(TREE)) {
      const file = ws.file(name);
      if (!name.endsWith('.prompt') && !/\.fixtures\./.test(name)) continue;
      assert.equal(isSearched(ws.dir, file), found.has(file), name);
    }
    assert.equal(isSearched(ws.dir, path.join(path.dirname(ws.dir), 'elsewhere.prompt')), false);
  } finally {
    ws.cleanup();
  }
});

test('discovery: one exclude list, and the editor glob is made of it', () => {
  for (const name of EXCLUDED_FOLDERS) {
    assert.equal(isExcludedFolder(name), true, name);
    assert.ok(EXCLUDED_FOLDERS_GLOB.includes(name), name);
  }
  assert.equal(isExcludedFolder('.cache'), true);
  assert.equal(isExcludedFolder('prompts'), false);
  assert.equal(isExcludedFolder('distillery'), false);
  assert.match(EXCLUDED_FOLDERS_GLOB, /^\*\*\/\{[^{}]+,\.\*\}\/\*\*$/);
});

test('discovery: the prompt a fixture file belongs to, beside it or naming it', () => {
  const ws = workspace({
    'greet.prompt': '',
    'greet.fixtures.yaml': '',
    'cases/shared.fixtures.yaml': '',
    'cases/uses-shared.prompt': '---\npromptops.fixtures: shared.fixtures.yaml\n---\nHi',
    'orphan.fixtures.yaml': '',
  });
  try {
    assert.equal(promptForFixtures(ws.file('greet.fixtures.yaml')), ws.file('greet.prompt'));
    assert.equal(
      promptForFixtures(ws.file('cases/shared.fixtures.yaml')),
      ws.file('cases/uses-shared.prompt'),
    );
    assert.equal(promptForFixtures(ws.file('orphan.fixtures.yaml')), undefined);
    // An open editor's unsaved text counts.
    const unsaved = (file: string) =>
      file === ws.file('greet.prompt')
        ? '---\npromptops.fixtures: orphan.fixtures.yaml\n---\n'
        : undefined;
    assert.equal(
      promptForFixtures(ws.file('orphan.fixtures.yaml'), { readFile: unsaved }),
      ws.file('greet.prompt'),
    );
  } finally {
    ws.cleanup();
  }
});
