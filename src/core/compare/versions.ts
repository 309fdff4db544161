import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { partialCandidates } from '../language/partials';
import { readArtifact, savedRuns } from '../eval/artifact';
import { fixturePathFor } from '../eval/fixtures';
import { parsePromptDocument } from '../language/document';

/** A version of a prompt and its fixtures: the working copy, a git revision, or a saved run. */
export type VersionRef =
  | { kind: 'working' }
  | { kind: 'git'; rev: string }
  | { kind: 'run'; id: string };

export interface PromptVersion {
  ref: VersionRef;
  /** What a person reads in a picker: `working copy`, `a1b2c3d 2026-11-20 Tighten triage rules`, `run 20261129T…`. */
  label: string;
  promptSource: string;
  fixturesSource?: string;
}

export class VersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VersionError';
  }
}

/** Runs git in `root`; its first line of stderr becomes a VersionError. */
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
    throw new VersionError(stderr.split('\n')[0] || `git ${args[0]} failed`);
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

/** `working`, a run id (saved run), or anything git understands as a revision. */
export function parseVersionRef(text: string, root: string, promptPath: string): VersionRef {
  if (text === 'working') return { kind: 'working' };
  if (savedRuns(root, promptPath).some((r) => r.id === text)) return { kind: 'run', id: text };
  return { kind: 'git', rev: text };
}

/** Commits that touched the prompt or its fixture file, newest first. */
export function gitVersions(
  root: string,
  promptFile: string,
  limit = 30,
): { rev: string; date: string; subject: string }[] {
  const fixtures = fixturePathFor(
    promptFile,
    parsePromptDocument(fs.readFileSync(promptFile, 'utf8')).frontmatter?.data,
  );
  const paths = [promptFile, ...(fixtures ? [fixtures] : [])].map((p) => path.relative(root, p));
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

/** The prompt's text (and its fixtures') at a version. */
export function loadVersion(root: string, promptFile: string, ref: VersionRef): PromptVersion {
  const relativePrompt = path.relative(root, promptFile).split(path.sep).join('/');
  if (ref.kind === 'working') {
    const promptSource = fs.readFileSync(promptFile, 'utf8');
    const fixtures = fixturePathFor(
      promptFile,
      parsePromptDocument(promptSource).frontmatter?.data,
    );
    const version: PromptVersion = { ref, label: 'working copy', promptSource };
    if (fixtures) version.fixturesSource = fs.readFileSync(fixtures, 'utf8');
    return version;
  }
  if (ref.kind === 'run') {
    const run = savedRuns(root, relativePrompt).find((r) => r.id === ref.id);
    if (!run) throw new VersionError(`no saved run '${ref.id}' of ${relativePrompt}`);
    const artifact = readArtifact(run.file);
    return {
      ref,
      label: `run ${ref.id} (${artifact.model.id})`,
      promptSource: artifact.prompt.source,
    };
  }
  const show = (file: string) => showAt(root, ref.rev, path.relative(root, file));
  let promptSource: string;
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${ref.rev}^{commit}`]);
  } catch {
    throw new VersionError(
      `'${ref.rev}' is not a git revision here, nor a saved run of ${relativePrompt}`,
    );
  }
  try {
    promptSource = show(promptFile);
  } catch {
    throw new VersionError(
      `${relativePrompt} does not exist at ${ref.rev} (is it tracked by git?)`,
    );
  }
  const fixtures = fixturePathFor(promptFile, parsePromptDocument(promptSource).frontmatter?.data);
  const short = git(root, ['rev-parse', '--short', ref.rev]).trim();
  const version: PromptVersion = {
    ref,
    label: `${short} ${git(root, ['log', '-1', '--format=%ad %s', '--date=short', ref.rev]).trim()}`,
    promptSource,
  };
  if (fixtures) {
    try {
      version.fixturesSource = show(fixtures);
    } catch {
      // the fixture file did not exist then: the current one is used
    }
  }
  return version;
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
