import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { Position } from '../../src/core/types';

/** Splits `text` at its `‸` marker: the text without it, and the marker's position. */
export const CURSOR = '‸';

export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf(CURSOR);
  if (offset < 0) throw new Error('no ‸ cursor marker');
  const text = marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { text, position: { line, character: offset - (before.lastIndexOf('\n') + 1) } };
}

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const EXAMPLES = path.join(REPO, 'examples');

/** Runs the CLI in-process in `cwd`, with extra environment variables, capturing its output. */
export async function runCli(
  cwd: string,
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const previous = process.cwd();
  const saved = { ...process.env };
  process.chdir(cwd);
  Object.assign(process.env, env);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(
      argv,
      (t) => out.push(t),
      (t) => err.push(t),
    );
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    process.chdir(previous);
    process.env = saved;
  }
}

/** A throwaway folder with the given files; removed by the returned cleanup. */
export function workspace(files: Record<string, string>): {
  dir: string;
  file: (name: string) => string;
  cleanup: () => void;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-test-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return {
    dir,
    file: (name) => path.join(dir, name),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Makes `dir` a git repository with a committer; `commit` stages everything and returns the new commit id. */
export function gitRepo(
  dir: string,
  user = { name: 'Ada Lovelace', email: 'ada@example.com' },
): { git: (...args: string[]) => string; commit: (message: string) => string } {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' }).trim();
  git('init', '-q');
  git('config', 'user.name', user.name);
  git('config', 'user.email', user.email);
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-qm', message);
    return git('rev-parse', 'HEAD');
  };
  return { git, commit };
}

/** Polls until `condition` holds; fails, naming `what`, after `timeoutMs`. Never a fixed sleep. */
export async function waitUntil(
  what: string,
  condition: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * `work`'s value and how many turns another task on the event loop got while it ran: an
 * immediate that queues itself again runs only when the work yields to the loop.
 */
export async function turnsWhile<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let working = true;
  const other = () => {
    turns++;
    if (working) setImmediate(other);
  };
  setImmediate(other);
  try {
    return { value: await work(), turns };
  } finally {
    working = false;
  }
}
