import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  commitOf,
  commitsTouching,
  describeCommit,
  git,
  gitConfig,
  gitDir,
  GitError,
  gitPartialSource,
  isCommit,
  isGitRepository,
  showAt,
} from '../../../src/core/git/git';
import { gitRepo, workspace } from '../helpers';

test('git: commits, files at a revision, partials then, config and the git folder', () => {
  const ws = workspace({ 'prompts/a.prompt': 'one', 'prompts/_header.prompt': 'old header' });
  try {
    assert.equal(isGitRepository(ws.dir), false);
    assert.throws(() => gitDir(ws.dir), GitError);
    const repo = gitRepo(ws.dir);
    const first = repo.commit('first version');
    fs.writeFileSync(ws.file('prompts/a.prompt'), 'two');
    fs.writeFileSync(ws.file('prompts/_header.prompt'), 'new header');
    fs.writeFileSync(ws.file('other.txt'), 'unrelated');
    const second = repo.commit('second version');

    assert.equal(isGitRepository(ws.dir), true);
    assert.equal(gitDir(ws.dir), fs.realpathSync(path.join(ws.dir, '.git')));
    assert.equal(commitOf(ws.dir, 'HEAD'), second);
    assert.equal(commitOf(ws.dir, 'HEAD~1'), first);
    assert.equal(isCommit(ws.dir, 'HEAD~1'), true);
    assert.equal(isCommit(ws.dir, 'no-such-branch'), false);
    assert.throws(() => commitOf(ws.dir, 'no-such-branch'), GitError);
    assert.match(describeCommit(ws.dir, first), /^[0-9a-f]{7,} \d{4}-\d{2}-\d{2} first version$/);

    // Paths are relative to the folder git runs in, not the repository's top.
    assert.equal(showAt(path.join(ws.dir, 'prompts'), first, 'a.prompt'), 'one');
    assert.equal(showAt(ws.dir, second, path.join('prompts', 'a.prompt')), 'two');
    const partialsThen = gitPartialSource(ws.dir, ws.file('prompts/a.prompt'), first);
    assert.equal(partialsThen('header'), 'old header');
    assert.equal(partialsThen('missing'), undefined);

    const touching = commitsTouching(ws.dir, [ws.file('prompts/a.prompt')], 10);
    assert.deepEqual(
      touching.map((c) => [c.rev, c.subject]),
      [
        [second, 'second version'],
        [first, 'first version'],
      ],
    );
    assert.deepEqual(
      commitsTouching(ws.dir, [ws.file('other.txt')], 10).map((c) => c.rev),
      [second],
    );
    assert.equal(commitsTouching(ws.dir, [ws.file('prompts/a.prompt')], 1).length, 1);

    assert.equal(gitConfig(ws.dir, 'user.name'), 'Ada Lovelace');
    assert.equal(gitConfig(ws.dir, 'promptops.unset-key'), '');
  } finally {
    ws.cleanup();
  }
});

test('git: a failing command is a GitError carrying git’s first line of stderr', () => {
  const ws = workspace({ 'a.txt': 'a' });
  try {
    gitRepo(ws.dir);
    assert.throws(
      () => git(ws.dir, ['show', 'HEAD:./a.txt']),
      (error: unknown) =>
        error instanceof GitError &&
        error.name === 'GitError' &&
        !error.message.includes('\n') &&
        error.message.length > 0,
    );
  } finally {
    ws.cleanup();
  }
});
