// Which prompt and fixture files a workspace has. The CLI (lint, eval), the CI gate, the Test
// Explorer and the Prompts view all decide it here, so they never disagree about which prompts exist.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPartialFile } from '../language/analysis';

/**
 * Folders never searched for prompts: dependencies, build output, PromptOps' own results, test
 * output. Folders whose name starts with '.' (.git, .vscode-test, …) are never searched either.
 */
export const EXCLUDED_FOLDERS: readonly string[] = [
  'node_modules',
  'dist',
  'out',
  '.git',
  '.promptops',
  '.vscode-test',
  'test-results',
];

/** The same exclusions as a glob, for an editor's file search (`workspace.findFiles`). */
export const EXCLUDED_FOLDERS_GLOB = `**/{${[...EXCLUDED_FOLDERS, '.*'].join(',')}}/**`;

/** Whether a folder of this name is skipped when searching for prompts. */
export function isExcludedFolder(name: string): boolean {
  return name.startsWith('.') || EXCLUDED_FOLDERS.includes(name);
}

/**
 * Whether a search for prompts from `root` reaches `file`: no folder between them is excluded.
 * For file lists another tool found (an editor's search), so they match what the CLI finds.
 */
export function isSearched(root: string, file: string): boolean {
  const relative = path.relative(root, path.dirname(file));
  if (relative === '') return true;
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  return !relative.split(path.sep).some(isExcludedFolder);
}

const FIXTURE_FILE = /\.fixtures\.(?:ya?ml|jsonl)$/;

export function isFixtureFile(file: string): boolean {
  return FIXTURE_FILE.test(file);
}

export function isPromptFile(file: string): boolean {
  return file.endsWith('.prompt');
}

/** The prompt and fixture files under `paths` (files are taken as given), sorted. */
export function findPromptAndFixtureFiles(paths: string[]): string[] {
  const files = new Set<string>();
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isExcludedFolder(entry.name)) walk(full);
      } else if (entry.isFile() && (isPromptFile(entry.name) || isFixtureFile(entry.name))) {
        files.add(full);
      }
    }
  };
  for (const target of paths) {
    const stat = fs.statSync(target, { throwIfNoEntry: false });
    if (stat?.isDirectory()) walk(target);
    else if (stat?.isFile()) files.add(target);
  }
  return [...files].sort();
}

/** The prompts under `paths` that can be run: `.prompt` files that are not partials, sorted. */
export function findPrompts(paths: string[]): string[] {
  return findPromptAndFixtureFiles(paths).filter((f) => isPromptFile(f) && !isPartialFile(f));
}

/** The prompt a fixture file belongs to: `<name>.prompt` beside it, or one naming it in `promptops.fixtures`. */
export function promptForFixtures(
  fixtureFile: string,
  options: { readFile?: (file: string) => string | undefined } = {},
): string | undefined {
  const sibling = fixtureFile.replace(FIXTURE_FILE, '.prompt');
  if (sibling !== fixtureFile && fs.existsSync(sibling)) return sibling;
  const dir = path.dirname(fixtureFile);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!entry.endsWith('.prompt')) continue;
    const text = readText(path.join(dir, entry), options.readFile) ?? '';
    const declared = /^promptops\.fixtures:\s*['"]?([^'"\n]+?)['"]?\s*$/m.exec(text)?.[1];
    if (declared && path.resolve(dir, declared) === path.resolve(fixtureFile))
      return path.join(dir, entry);
  }
  return undefined;
}

function readText(
  file: string,
  readFile: ((file: string) => string | undefined) | undefined,
): string | undefined {
  const open = readFile?.(file);
  if (open !== undefined) return open;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
