import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from './config';

/** The folder a project keeps its results, cache, recordings and history in. */
export const STATE_DIR = '.promptops';

function isProjectRoot(dir: string): boolean {
  return fs.existsSync(path.join(dir, CONFIG_FILE)) || fs.existsSync(path.join(dir, STATE_DIR));
}

/**
 * The project a file or folder belongs to, found as tools find theirs: the nearest folder, from
 * the target up, that holds promptops.config.yaml or .promptops/; else `fallback` (the current
 * folder in the CLI, the workspace folder in the editor). Results, cache, recordings, lint
 * config, history and labels all live there. The search stops at `stop` when given (the editor's
 * workspace folder).
 */
export function projectRootFor(target: string, fallback: string, stop?: string): string {
  let current = path.resolve(target);
  try {
    if (!fs.statSync(current).isDirectory()) current = path.dirname(current);
  } catch {
    current = path.dirname(current);
  }
  for (;;) {
    if (isProjectRoot(current)) return current;
    const parent = path.dirname(current);
    if (parent === current || (stop && path.resolve(stop) === current))
      return path.resolve(fallback);
    current = parent;
  }
}

/** Targets grouped by their project root, in the order the roots first appear. */
export function groupByProject(targets: string[], fallback: string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const target of targets) {
    const root = projectRootFor(target, fallback);
    groups.set(root, [...(groups.get(root) ?? []), target]);
  }
  return groups;
}
