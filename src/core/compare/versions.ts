import * as fs from 'node:fs';
import * as path from 'node:path';
import { posixRelative } from '../fs/paths';
import { commitsTouching, describeCommit, isCommit, showAt, type Commit } from '../git/git';
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

/** `working`, a run id (saved run), or anything git understands as a revision. */
export function parseVersionRef(text: string, root: string, promptPath: string): VersionRef {
  if (text === 'working') return { kind: 'working' };
  if (savedRuns(root, promptPath).some((r) => r.id === text)) return { kind: 'run', id: text };
  return { kind: 'git', rev: text };
}

/** Commits that touched the prompt or its fixture file, newest first. */
export function gitVersions(root: string, promptFile: string, limit = 30): Commit[] {
  const fixtures = fixturePathFor(
    promptFile,
    parsePromptDocument(fs.readFileSync(promptFile, 'utf8')).frontmatter?.data,
  );
  return commitsTouching(root, [promptFile, ...(fixtures ? [fixtures] : [])], limit);
}

/** The prompt's text (and its fixtures') at a version. */
export function loadVersion(root: string, promptFile: string, ref: VersionRef): PromptVersion {
  const relativePrompt = posixRelative(root, promptFile);
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
  if (!isCommit(root, ref.rev))
    throw new VersionError(
      `'${ref.rev}' is not a git revision here, nor a saved run of ${relativePrompt}`,
    );
  try {
    promptSource = show(promptFile);
  } catch {
    throw new VersionError(
      `${relativePrompt} does not exist at ${ref.rev} (is it tracked by git?)`,
    );
  }
  const fixtures = fixturePathFor(promptFile, parsePromptDocument(promptSource).frontmatter?.data);
  const version: PromptVersion = { ref, label: describeCommit(root, ref.rev), promptSource };
  if (fixtures) {
    try {
      version.fixturesSource = show(fixtures);
    } catch {
      // the fixture file did not exist then: the current one is used
    }
  }
  return version;
}
