// Every git command PromptOps runs goes through this module: the compare view's versions, the
// registry's labels and snapshots, the gate's baseline and the Prompts view's watchers.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { partialCandidates } from '../language/partials';

/** A git command failed; the message is git's first line of stderr. */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** Runs git in `root`; its first line of stderr becomes a GitError. */
export function git(root: string, args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new GitError(stderr.split('\n')[0] || `git ${args[0]} failed`);
  }
}

/** Whether `root` is inside a git work tree. */
export function isGitRepository(root: string): boolean {
  try {
    git(root, ['rev-parse', '--git-dir']);
    return true;
  } catch {
    return false;
  }
}

/** The full commit id `rev` names in `root`; a GitError when it names no commit there. */
export function commitOf(root: string, rev: string): string {
  return git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).trim();
}

/** Whether `rev` names a commit in `root`. */
export function isCommit(root: string, rev: string): boolean {
  try {
    commitOf(root, rev);
    return true;
  } catch {
    return false;
  }
}

/** The abbreviated commit id and `date subject` line of a revision, for pickers and labels. */
export function describeCommit(root: string, rev: string): string {
  const short = git(root, ['rev-parse', '--short', rev]).trim();
  return `${short} ${git(root, ['log', '-1', '--format=%ad %s', '--date=short', rev]).trim()}`;
}

/** The repository's git folder (absolute), for watching HEAD; a GitError outside a repository. */
export function gitDir(root: string): string {
  return git(root, ['rev-parse', '--absolute-git-dir']).trim();
}

/** A git config value as git reads it in `root`, or '' when it is unset. */
export function gitConfig(root: string, key: string): string {
  try {
    return execFileSync('git', ['config', key], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return '';
  }
}

/**
 * A file's text at a revision. `rev:./path` is relative to `root` (plain `rev:path` is relative to
 * the repository's top, which is not the workspace when the workspace is one of its folders).
 */
export function showAt(root: string, rev: string, relativePath: string): string {
  return git(root, ['show', `${rev}:./${relativePath.split(path.sep).join('/')}`]);
}

/** Partials as they were at a revision: the first of the usual candidate files that git has there. */
export function gitPartialSource(
  root: string,
  promptFile: string,
  rev: string,
): (name: string) => string | undefined {
  return (name) => {
    for (const candidate of partialCandidates(promptFile, name, root)) {
      try {
        return showAt(root, rev, path.relative(root, candidate));
      } catch {
        // not at that revision: the next candidate
      }
    }
    return undefined;
  };
}

export interface Commit {
  rev: string;
  date: string;
  subject: string;
}

/** Commits that touched any of `files`, newest first. */
export function commitsTouching(root: string, files: string[], limit: number): Commit[] {
  const paths = files.map((p) => path.relative(root, p));
  const out = git(root, [
    'log',
    `-n${limit}`,
    '--format=%H%x09%ad%x09%s',
    '--date=short',
    '--',
    ...paths,
  ]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [rev = '', date = '', ...subject] = line.split('\t');
      return { rev, date, subject: subject.join('\t') };
    });
}

/** Whether git tracks the file and it differs from HEAD (the ⇄ Compare with HEAD lens). */
export function differsFromHead(file: string): boolean {
  try {
    execFileSync('git', ['diff', '--quiet', 'HEAD', '--', path.basename(file)], {
      cwd: path.dirname(file),
      stdio: 'ignore',
    });
    return false;
  } catch (error) {
    return (error as { status?: number }).status === 1;
  }
}
