import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInside } from '../fs/paths';

/**
 * Dotprompt's convention: partial `name` is the file `_name.prompt`; `dir/name` is
 * `dir/_name.prompt`. We look beside the prompt first, then in each parent folder up to
 * `root` (the workspace folder), so a team can share partials from a common parent.
 */
export function partialCandidates(promptPath: string, name: string, root?: string): string[] {
  const relative = path.join(path.dirname(name), `_${path.basename(name)}.prompt`);
  const candidates: string[] = [];
  let dir = path.dirname(path.resolve(promptPath));
  const stop = root ? path.resolve(root) : path.parse(dir).root;
  for (;;) {
    candidates.push(path.join(dir, relative));
    if (dir === stop || !isInside(dir, stop)) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return candidates;
}

export function findPartialFile(
  promptPath: string,
  name: string,
  root?: string,
): string | undefined {
  return partialCandidates(promptPath, name, root).find((file) => isFile(file));
}

/** Partial names visible from a prompt: `_x.prompt` files beside it and in parent folders. */
export function listPartials(promptPath: string, root?: string): { name: string; file: string }[] {
  const seen = new Map<string, string>();
  for (const candidate of partialCandidates(promptPath, 'x', root)) {
    const dir = path.dirname(candidate);
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const match = /^_(.+)\.prompt$/.exec(entry);
      if (match?.[1] && !seen.has(match[1])) seen.set(match[1], path.join(dir, entry));
    }
  }
  return [...seen].map(([name, file]) => ({ name, file }));
}

/** A resolver for rendering: file contents by partial name, or undefined when there is none. */
export type PartialSource = (name: string) => string | undefined | Promise<string | undefined>;

export function filePartialSource(
  promptPath: string,
  root?: string,
  overrides?: (file: string) => string | undefined,
  declared?: Record<string, string>,
): PartialSource {
  return (name) => {
    const file = findPartialFile(promptPath, name, root);
    // Partials the app registers in code, declared in promptops.config.yaml (`lint.partials`).
    if (!file) return declared && Object.hasOwn(declared, name) ? declared[name] : undefined;
    return overrides?.(file) ?? fs.readFileSync(file, 'utf8');
  };
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
