import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import * as z from 'zod/mini';
import { writeFileAtomic } from '../fs/atomic';
import { posixRelative } from '../fs/paths';
import { gitConfig } from '../git/git';
import { sha256 } from '../hash';
import { yamlValue } from '../yaml';

/** The committed file that says which version of each prompt each label points at, and how it got there. */
export const REGISTRY_FILE = 'promptops.registry.yaml';
/** Exact prompt texts of labelled versions, by sha256, so `loadPrompt` works without git (a deployed app). */
export const VERSIONS_DIR = path.join('.promptops', 'versions');

const Sha = z.string().check(z.regex(/^[0-9a-f]{40,64}$/, 'expected a full hex commit id'));
const Hash = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'expected a sha256 in hex'));
export const LABEL_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;

export const LabelTargetSchema = z.object({
  /** The git commit of the prompt and its fixtures. */
  rev: Sha,
  /** sha256 of the prompt file at that commit: names its snapshot in .promptops/versions. */
  sha256: Hash,
  /** The partials it renders with at that commit, by name: the sha256 of each one's snapshot. */
  partials: z.optional(z.record(z.string(), Hash)),
});

export const LabelMoveSchema = z.object({
  label: z
    .string()
    .check(z.regex(LABEL_NAME, 'label names are letters, digits, dots, dashes and underscores')),
  action: z.enum(['label', 'rollback']),
  from: z.nullable(Sha),
  to: Sha,
  /** sha256 of the prompt text at `to`. */
  sha256: Hash,
  /** `Name <email>` from git config, else the user name. */
  by: z.string(),
  at: z.iso.datetime(),
  /** The partials at `to`, by name: the sha256 of each one's snapshot. */
  partials: z.optional(z.record(z.string(), Hash)),
  /** Set when a failing, stale or missing result was overridden with --force; the reasons it had. */
  forced: z.optional(z.array(z.string())),
});

export const RegistrySchema = z.object({
  version: z.literal(1),
  prompts: z.record(
    z.string(),
    z.object({
      labels: z.record(
        z
          .string()
          .check(
            z.regex(LABEL_NAME, 'label names are letters, digits, dots, dashes and underscores'),
          ),
        LabelTargetSchema,
      ),
      history: z.array(LabelMoveSchema),
    }),
  ),
});

export type Registry = z.infer<typeof RegistrySchema>;
export type LabelMove = z.infer<typeof LabelMoveSchema>;
export type LabelTarget = z.infer<typeof LabelTargetSchema>;

export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

export const emptyRegistry = (): Registry => ({ version: 1, prompts: {} });

/** The registry of a workspace; an empty one when the file does not exist yet. */
export function readRegistry(root: string): Registry {
  const file = path.join(root, REGISTRY_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyRegistry();
    throw new RegistryError(
      `cannot read ${REGISTRY_FILE}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  return parseRegistry(text);
}

export function parseRegistry(text: string): Registry {
  const doc = YAML.parseDocument(text);
  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0]?.line;
    throw new RegistryError(
      `${REGISTRY_FILE}${line ? `:${line}` : ''}: not valid YAML (${syntax.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}); fix it or restore it from git`,
    );
  }
  const converted = yamlValue(doc);
  if ('error' in converted) throw new RegistryError(`${REGISTRY_FILE}: ${converted.error}`);
  if (converted.value === null || converted.value === undefined) return emptyRegistry();
  const parsed = RegistrySchema.safeParse(converted.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RegistryError(
      `${REGISTRY_FILE}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message}; fix it or restore it from git`,
    );
  }
  return parsed.data;
}

const HEADER = `# PromptOps prompt registry: which version (git commit) of each prompt each label points at,
# and every move of a label. Written by \`promptops label\` and \`promptops rollback\`; review it like code.
`;

/** Writes the registry whole or not at all (temp file + rename). */
export function writeRegistry(root: string, registry: Registry): void {
  const checked = RegistrySchema.parse(registry); // never write what we could not read back
  writeFileAtomic(
    path.join(root, REGISTRY_FILE),
    HEADER + YAML.stringify(checked, { lineWidth: 0 }),
  );
}

/** Held while a command reads, changes and writes the registry; never for longer than that. */
export const REGISTRY_LOCK = path.join('.promptops', 'registry.lock');
/** A lock older than this is left over from a killed process: the section it guards takes milliseconds. */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 5_000;

function lockAge(lock: string): number | undefined {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Who holds the lock (pid and time written by the holder), undefined when it is gone. */
function lockHolder(lock: string): string | undefined {
  try {
    return fs.readFileSync(lock, 'utf8');
  } catch {
    return undefined;
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Reads the registry, lets `change` edit it, and writes it back, holding a lock file so that two
 * commands at once (two label moves in CI jobs, a rollback from the editor) both land: the
 * second reads what the first wrote. `change` must be quick and synchronous; a verdict that
 * takes time is reached before. Nothing is written when `change` throws.
 */
export function updateRegistry<T>(root: string, change: (registry: Registry) => T): T {
  const lock = path.join(root, REGISTRY_LOCK);
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  // Gives up when one holder keeps the lock too long, not when the queue is long: each new
  // holder (other commands making progress) starts the wait anew.
  let holder: string | undefined;
  let deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid} ${new Date().toISOString()}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new RegistryError(
          `cannot lock ${REGISTRY_FILE} (${REGISTRY_LOCK}): ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        );
      const age = lockAge(lock);
      if (age === undefined) continue; // released in between
      if (age > STALE_LOCK_MS) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      const now = lockHolder(lock);
      if (now !== holder) {
        holder = now;
        deadline = Date.now() + LOCK_WAIT_MS;
      }
      if (Date.now() > deadline)
        throw new RegistryError(
          `${REGISTRY_FILE} is being written by another PromptOps command (${REGISTRY_LOCK}); try again, or delete that file if none is running`,
        );
      pause(10 + Math.random() * 20);
    }
  }
  try {
    const registry = readRegistry(root);
    const result = change(registry);
    writeRegistry(root, registry);
    return result;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

export function snapshotPath(root: string, hash: string): string {
  return path.join(root, VERSIONS_DIR, `${hash}.prompt`);
}

/** Keeps the exact text of a labelled version, content-addressed. */
/** A snapshot's text, if it is there and intact (its sha256 is its name). */
export function readSnapshot(root: string, hash: string): string | undefined {
  try {
    const text = fs.readFileSync(snapshotPath(root, hash), 'utf8');
    return sha256(text) === hash ? text : undefined;
  } catch {
    return undefined;
  }
}

export function writeSnapshot(root: string, source: string): string {
  const hash = sha256(source);
  const file = snapshotPath(root, hash);
  if (!fs.existsSync(file)) writeFileAtomic(file, source);
  return hash;
}

/** The registry key of a prompt: its path relative to the workspace root, with forward slashes. */
export function promptKey(root: string, promptFile: string): string {
  return posixRelative(root, path.resolve(promptFile));
}

/** Who moves a label: git's user.name and user.email, else the login name. */
export function whoAmI(root: string): string {
  const name = gitConfig(root, 'user.name');
  const email = gitConfig(root, 'user.email');
  if (name || email) return [name, email && `<${email}>`].filter(Boolean).join(' ');
  return process.env.USER ?? process.env.USERNAME ?? 'unknown';
}

/** The version before `current` on a label: where the latest promotion to `current` came from (rollbacks skipped). */
export function previousTarget(
  history: LabelMove[],
  label: string,
  current: string,
): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const move = history[i]!;
    if (move.label === label && move.action === 'label' && move.to === current)
      return move.from ?? undefined;
  }
  return undefined;
}
