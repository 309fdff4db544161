import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { VersionError } from '../../core/compare/versions';
import { GitError } from '../../core/git/git';
import {
  labelPrompt,
  PromotionRefused,
  rollbackPrompt,
  versionSource,
  type RegistryContext,
} from '../../core/registry/promote';
import { REGISTRY_FILE, RegistryError } from '../../core/registry/registry';
import { projectRootFor } from '../../core/project';
import { workspaceConfig } from '../config';
import { EXIT, UsageError } from '../errors';

export const LABEL_HELP = `Usage: promptops label <file.prompt> <label> [--rev <git-rev>] [--force]

Points a label (production, staging, any name) at a version of the prompt: a git commit of
the prompt and its fixtures (default HEAD). The move is recorded in ${REGISTRY_FILE}
(who, when, from, to) and the version's text is kept in .promptops/versions/, for loadPrompt.

The version must have a result artifact made from exactly that prompt and those fixtures
(.promptops/results, committed with the version, or a saved run) that passes the gate
(promptops check's thresholds). Otherwise the label is refused (exit 1) unless --force,
which is recorded in the registry with the reasons it overrode.`;

export const ROLLBACK_HELP = `Usage: promptops rollback <file.prompt> [--label <label>]

Points a label (default production) back at the version it was promoted from, in one step.
Recorded in ${REGISTRY_FILE} like any label move.`;

export const SHOW_HELP = `Usage: promptops show <file.prompt> [--label <label> | --rev <git-rev>]

Prints the exact text of the prompt at a label (default production) or a git revision.`;

function context(root: string): RegistryContext {
  const { config } = workspaceConfig(root);
  return { root, config };
}

function promptArgument(file: string | undefined, command: string): string {
  if (!file) throw new UsageError(`${command} needs a .prompt file`);
  if (!file.endsWith('.prompt')) throw new UsageError(`${file} is not a .prompt file`);
  if (!fs.existsSync(file)) throw new UsageError(`${file} does not exist`);
  return path.resolve(file);
}

/** Registry and git problems are the user's input: one line (or a list), exit 2. */
function asUsage(error: unknown): never {
  if (error instanceof RegistryError || error instanceof VersionError || error instanceof GitError)
    throw new UsageError(error.message);
  throw error;
}

export async function labelCommand(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rev: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(LABEL_HELP);
    return EXIT.ok;
  }
  const [file, label, ...extra] = positionals;
  const promptFile = promptArgument(file, 'label');
  if (!label)
    throw new UsageError(
      'label needs a label name, e.g. promptops label prompts/triage.prompt production',
    );
  if (extra.length) throw new UsageError(`unexpected argument ${extra[0]}`);
  const root = projectRootFor(promptFile, process.cwd());
  try {
    const outcome = await labelPrompt(promptFile, label, {
      ...context(root),
      ...(values.rev ? { rev: values.rev } : {}),
      force: values.force ?? false,
    });
    const short = outcome.to.slice(0, 7);
    if (!outcome.moved) {
      out(`${outcome.prompt}: '${label}' already points at ${short}; nothing changed`);
      return EXIT.ok;
    }
    if (outcome.move?.forced)
      err(`forced past:\n${outcome.move.forced.map((r) => `  - ${r}`).join('\n')}`);
    const results = outcome.verdict?.artifact
      ? ` (results: ${Math.round(outcome.verdict.artifact.summary.passRate * 100)}% pass, ${outcome.verdict.artifactFrom})`
      : '';
    out(
      `${outcome.prompt}: '${label}' ${outcome.from ? `${outcome.from.slice(0, 7)} → ` : '→ '}${short}${outcome.move?.forced ? ' (forced)' : ''}${results}; recorded in ${REGISTRY_FILE}`,
    );
    return EXIT.ok;
  } catch (error) {
    if (error instanceof PromotionRefused) {
      err(error.message);
      return EXIT.failed;
    }
    return asUsage(error);
  }
}

export async function rollbackCommand(
  argv: string[],
  out: (text: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { label: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out(ROLLBACK_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${positionals[1]}`);
  const promptFile = promptArgument(positionals[0], 'rollback');
  try {
    const outcome = rollbackPrompt(promptFile, {
      ...context(projectRootFor(promptFile, process.cwd())),
      ...(values.label ? { label: values.label } : {}),
    });
    out(
      `${outcome.prompt}: '${outcome.label}' rolled back ${outcome.from?.slice(0, 7)} → ${outcome.to.slice(0, 7)}; recorded in ${REGISTRY_FILE}`,
    );
    return EXIT.ok;
  } catch (error) {
    return asUsage(error);
  }
}

export async function showCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      label: { type: 'string' },
      rev: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(SHOW_HELP);
    return EXIT.ok;
  }
  if (values.label && values.rev) throw new UsageError('show takes --label or --rev, not both');
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${positionals[1]}`);
  const file = positionals[0];
  if (!file?.endsWith('.prompt'))
    throw new UsageError(file ? `${file} is not a .prompt file` : 'show needs a .prompt file');
  // The file may be gone from the working copy: show still finds its old versions.
  const promptFile = path.resolve(file);
  try {
    const { source } = versionSource(
      projectRootFor(promptFile, process.cwd()),
      promptFile,
      values.rev ? { rev: values.rev } : { label: values.label ?? 'production' },
    );
    out(source.replace(/\n$/, ''));
    return EXIT.ok;
  } catch (error) {
    return asUsage(error);
  }
}
