import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceConfig } from '../config';
import { artifactPathFor, RunArtifactSchema, savedRuns, type RunArtifact } from '../eval/artifact';
import { fixturePathFor } from '../eval/fixtures';
import { ProviderRegistry } from '../providers/registry';
import { judgeArtifact, type GateProblem } from '../gate/check';
import { sha256 } from '../hash';
import { parsePromptDocument } from '../language/document';
import { usedPartials } from '../language/used-partials';
import { loadVersion, VersionError } from '../compare/versions';
import { posixRelative } from '../fs/paths';
import { commitOf, gitPartialSource, isGitRepository, showAt } from '../git/git';
import {
  LABEL_NAME,
  previousTarget,
  promptKey,
  readRegistry,
  RegistryError,
  snapshotPath,
  updateRegistry,
  whoAmI,
  writeSnapshot,
  type LabelMove,
} from './registry';

export interface RegistryContext {
  root: string;
  config: WorkspaceConfig;
  /** Resolves providers as a run would (default: the config's providers and process.env). */
  registry?: ProviderRegistry;
  /** Injected in tests. */
  now?: () => Date;
}

/** A promotion the gate refused: the version's results are missing, stale or failing. */
export class PromotionRefused extends Error {
  constructor(
    message: string,
    readonly problems: GateProblem[],
  ) {
    super(message);
    this.name = 'PromotionRefused';
  }
}

/** The full commit id of a revision, or a clear error. */
export function resolveCommit(root: string, rev: string): string {
  if (!isGitRepository(root))
    throw new VersionError(
      `${root} is not in a git repository: labels point at git commits (git init, then commit the prompt)`,
    );
  try {
    return commitOf(root, rev);
  } catch {
    throw new VersionError(`'${rev}' is not a git revision in ${root}`);
  }
}

function parseArtifact(text: string): RunArtifact | undefined {
  try {
    const parsed = RunArtifactSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The result artifacts that could stand for a version, best first: the one committed with it,
 * the working copy's latest, then saved runs (newest first). Only valid artifacts are listed.
 */
function candidateArtifacts(
  root: string,
  promptFile: string,
  commit: string,
): { where: string; artifact: RunArtifact }[] {
  const results = artifactPathFor(root, promptFile);
  const relativeResults = posixRelative(root, results);
  const found: { where: string; artifact: RunArtifact }[] = [];
  try {
    const committed = parseArtifact(showAt(root, commit, relativeResults));
    if (committed)
      found.push({ where: `${relativeResults} at ${commit.slice(0, 7)}`, artifact: committed });
  } catch {
    // not committed with that version
  }
  try {
    const working = parseArtifact(fs.readFileSync(results, 'utf8'));
    if (working) found.push({ where: relativeResults, artifact: working });
  } catch {
    // no run in the working copy
  }
  for (const run of savedRuns(root, promptKey(root, promptFile))) {
    try {
      const saved = parseArtifact(fs.readFileSync(run.file, 'utf8'));
      if (saved) found.push({ where: `saved run ${run.id}`, artifact: saved });
    } catch {
      // pruned meanwhile
    }
  }
  return found;
}

export interface VersionVerdict {
  commit: string;
  promptSource: string;
  /** Where the judged artifact came from; undefined when there was none. */
  artifactFrom?: string;
  artifact?: RunArtifact;
  problems: GateProblem[];
}

/**
 * A version's text, fixtures and its best result artifact: one made from exactly that prompt and
 * those fixtures (`fresh`), else the newest one there is, else none.
 */
export function versionResults(
  root: string,
  promptFile: string,
  commit: string,
): {
  promptSource: string;
  fixturesFile?: string;
  fixturesText?: string;
  artifact?: RunArtifact;
  artifactFrom?: string;
  fresh: boolean;
} {
  const version = loadVersion(root, promptFile, { kind: 'git', rev: commit });
  const fixturesFile = fixturePathFor(
    promptFile,
    parsePromptDocument(version.promptSource).frontmatter?.data,
  );
  const fixturesText =
    version.fixturesSource ??
    (fixturesFile && fs.existsSync(fixturesFile)
      ? fs.readFileSync(fixturesFile, 'utf8')
      : undefined);
  const found: ReturnType<typeof versionResults> = {
    promptSource: version.promptSource,
    fresh: false,
  };
  if (fixturesText === undefined) return found;
  found.fixturesText = fixturesText;
  if (fixturesFile) found.fixturesFile = fixturesFile;
  const promptHash = sha256(version.promptSource);
  const fixturesHash = sha256(fixturesText);
  const candidates = candidateArtifacts(root, promptFile, commit);
  const matching = candidates.find(
    (c) => c.artifact.prompt.sha256 === promptHash && c.artifact.fixtures?.sha256 === fixturesHash,
  );
  const chosen = matching ?? candidates[0];
  if (chosen) {
    found.artifact = chosen.artifact;
    found.artifactFrom = chosen.where;
    found.fresh = Boolean(matching);
  }
  return found;
}

/**
 * Whether a git version of a prompt may be promoted: a result artifact made from exactly that
 * prompt and those fixtures exists and passes the gate (thresholds of the config and of the prompt).
 */
export async function judgeVersion(
  promptFile: string,
  rev: string,
  context: RegistryContext,
): Promise<VersionVerdict> {
  const { root } = context;
  const commit = resolveCommit(root, rev);
  const relative = promptKey(root, promptFile);
  const found = versionResults(root, promptFile, commit);
  const verdict: VersionVerdict = { commit, promptSource: found.promptSource, problems: [] };
  const refresh = `check out ${commit.slice(0, 7)}, run promptops eval ${relative}, or pass --force`;
  if (found.fixturesText === undefined) {
    verdict.problems.push({
      kind: 'missing',
      message: `${relative} has no fixture file at ${commit.slice(0, 7)}, so no results can vouch for it; pass --force`,
    });
    return verdict;
  }
  if (!found.artifact) {
    verdict.problems.push({
      kind: 'missing',
      message: `no results for ${relative} at ${commit.slice(0, 7)}; ${refresh}`,
    });
    return verdict;
  }
  verdict.artifactFrom = found.artifactFrom;
  verdict.artifact = found.artifact;
  const judged = await judgeArtifact(
    found.artifact,
    {
      relative,
      source: found.promptSource,
      fixturesFile: found.fixturesFile ?? path.join(root, found.artifact.fixtures?.path ?? ''),
      fixturesText: found.fixturesText,
      partials: gitPartialSource(root, promptFile, commit),
    },
    {
      config: context.config,
      registry: context.registry ?? new ProviderRegistry(context.config.providers ?? []),
    },
  );
  verdict.problems = judged.problems.map((p) =>
    p.kind === 'stale'
      ? {
          ...p,
          message: `${p.message.replace(/; run: promptops eval .*$/, '')} (newest results: ${found.artifactFrom}); ${refresh}`,
        }
      : p,
  );
  return verdict;
}

export interface LabelOutcome {
  prompt: string;
  label: string;
  from: string | null;
  to: string;
  /** False when the label already pointed there: nothing was written. */
  moved: boolean;
  move?: LabelMove;
  verdict?: VersionVerdict;
}

function checkLabel(label: string): void {
  if (!LABEL_NAME.test(label))
    throw new RegistryError(
      `'${label}' is not a label name: use letters, digits, dots, dashes and underscores (e.g. production, staging)`,
    );
}

function trackedPrompt(root: string, promptFile: string): string {
  if (!promptFile.endsWith('.prompt'))
    throw new RegistryError(`${promptFile} is not a .prompt file`);
  const relative = promptKey(root, promptFile);
  if (relative.startsWith('..'))
    throw new RegistryError(`${promptFile} is outside the workspace ${root}`);
  return relative;
}

/**
 * `promptops label`: points a label at a git version of a prompt, if its results pass the gate
 * (or with `force`, which is recorded with the reasons it overrode).
 */
export async function labelPrompt(
  promptFile: string,
  label: string,
  options: RegistryContext & { rev?: string; force?: boolean },
): Promise<LabelOutcome> {
  const { root } = options;
  checkLabel(label);
  const relative = trackedPrompt(root, promptFile);
  readRegistry(root); // a broken registry stops us before any work
  const verdict = await judgeVersion(promptFile, options.rev ?? 'HEAD', options);
  if (verdict.problems.length && !options.force) {
    throw new PromotionRefused(
      `refusing to label ${relative}@${verdict.commit.slice(0, 7)} '${label}':\n${verdict.problems.map((p) => `  - ${p.message}`).join('\n')}`,
      verdict.problems,
    );
  }
  const hash = writeSnapshot(root, verdict.promptSource);
  const partials = await snapshotPartials(root, promptFile, verdict.commit, verdict.promptSource);
  const by = whoAmI(root);
  // Read again under the lock: another command may have moved a label while this one judged.
  return updateRegistry(root, (current): LabelOutcome => {
    const entry = (current.prompts[relative] ??= { labels: {}, history: [] });
    const from = entry.labels[label]?.rev ?? null;
    if (from === verdict.commit)
      return { prompt: relative, label, from, to: from, moved: false, verdict };
    const move: LabelMove = {
      label,
      action: 'label',
      from,
      to: verdict.commit,
      sha256: hash,
      ...(partials ? { partials } : {}),
      by,
      at: (options.now?.() ?? new Date()).toISOString(),
    };
    if (verdict.problems.length) move.forced = verdict.problems.map((p) => p.message);
    entry.labels[label] = { rev: verdict.commit, sha256: hash, ...(partials ? { partials } : {}) };
    entry.history.push(move);
    return { prompt: relative, label, from, to: verdict.commit, moved: true, move, verdict };
  });
}

/**
 * Snapshots of the partials a version renders with, as git has them at its commit (by name, the
 * sha256 of each), so the label pins them as it pins the prompt; undefined when it uses none.
 */
async function snapshotPartials(
  root: string,
  promptFile: string,
  commit: string,
  source: string,
): Promise<Record<string, string> | undefined> {
  const used = await usedPartials(
    parsePromptDocument(source),
    gitPartialSource(root, promptFile, commit),
  );
  const hashes: Record<string, string> = {};
  for (const [name, text] of used) if (text !== null) hashes[name] = writeSnapshot(root, text);
  return Object.keys(hashes).length ? hashes : undefined;
}

/** `promptops rollback`: points a label back at the version it was promoted from. */
export function rollbackPrompt(
  promptFile: string,
  options: RegistryContext & { label?: string },
): LabelOutcome {
  const { root } = options;
  const label = options.label ?? 'production';
  checkLabel(label);
  const relative = trackedPrompt(root, promptFile);
  const by = whoAmI(root);
  return updateRegistry(root, (registry): LabelOutcome => {
    const entry = registry.prompts[relative];
    const current = entry?.labels[label];
    if (!entry || !current)
      throw new RegistryError(
        `${relative} has no label '${label}'${entry ? ` (labels: ${Object.keys(entry.labels).join(', ') || 'none'})` : ''}`,
      );
    const previous = previousTarget(entry.history, label, current.rev);
    if (!previous)
      throw new RegistryError(
        `'${label}' of ${relative} has no earlier version to roll back to: ${current.rev.slice(0, 7)} is the first version it was set to`,
      );
    // The previous version's text is in .promptops/versions since it was labelled; recover it from git if deleted.
    let hash = [...entry.history].reverse().find((m) => m.to === previous)?.sha256;
    if (!hash || !fs.existsSync(snapshotPath(root, hash))) {
      try {
        hash = writeSnapshot(root, showAt(root, previous, relative));
      } catch {
        throw new RegistryError(
          `cannot find the text of ${relative} at ${previous.slice(0, 7)}: neither ${path.join('.promptops', 'versions')} nor git has it`,
        );
      }
    }
    const partials = [...entry.history]
      .reverse()
      .find((m) => m.to === previous && m.partials)?.partials;
    const move: LabelMove = {
      label,
      action: 'rollback',
      from: current.rev,
      to: previous,
      sha256: hash,
      ...(partials ? { partials } : {}),
      by,
      at: (options.now?.() ?? new Date()).toISOString(),
    };
    entry.labels[label] = { rev: previous, sha256: hash, ...(partials ? { partials } : {}) };
    entry.history.push(move);
    return { prompt: relative, label, from: current.rev, to: previous, moved: true, move };
  });
}

/** The exact text of a prompt at a label (from its snapshot, else git) or at a git revision. */
export function versionSource(
  root: string,
  promptFile: string,
  at: { label: string } | { rev: string },
): { source: string; commit: string } {
  const relative = trackedPrompt(root, promptFile);
  if ('rev' in at) {
    const commit = resolveCommit(root, at.rev);
    return {
      source: loadVersion(root, promptFile, { kind: 'git', rev: commit }).promptSource,
      commit,
    };
  }
  const target = readRegistry(root).prompts[relative]?.labels[at.label];
  if (!target) throw new RegistryError(`${relative} has no label '${at.label}'`);
  const snapshot = snapshotPath(root, target.sha256);
  if (fs.existsSync(snapshot)) {
    const source = fs.readFileSync(snapshot, 'utf8');
    if (sha256(source) === target.sha256) return { source, commit: target.rev };
  }
  return {
    source: loadVersion(root, promptFile, { kind: 'git', rev: target.rev }).promptSource,
    commit: target.rev,
  };
}
