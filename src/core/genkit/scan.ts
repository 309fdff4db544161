import * as fs from 'node:fs';
import * as path from 'node:path';
import { posixRelative } from '../fs/paths';

export type RegistrationKind = 'helper' | 'partial' | 'schema' | 'format';

export interface Registration {
  kind: RegistrationKind;
  name: string;
  /** `relative/file.ts:12` for code, `promptops.config.yaml` for declarations. */
  where: string;
  /** A partial's template text, when the code passes it as a string literal. */
  text?: string;
}

/** What the application registers with Genkit, found in its source and declared in the config. */
export interface GenkitRegistry {
  helpers: Map<string, Registration>;
  partials: Map<string, Registration>;
  schemas: Map<string, Registration>;
  formats: Map<string, Registration>;
  /** Where the scan looked, for messages: "12 source files under /repo". */
  searched: string;
}

/** The output formats Genkit ships (js/ai/src/formats). */
export const GENKIT_FORMATS = ['json', 'text', 'media', 'array', 'enum', 'jsonl'] as const;

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py|go)$/;
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  'out',
  'build',
  'vendor',
  'venv',
  '__pycache__',
]);
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 1_000_000;

// ai.defineHelper('list', …) · definePartial("header", "…") · genkit.DefineHelper(g, "list", …)
// · ai.define_helper('list', …) · defineSchema('Recipe', …) · DefineFormat(g, "csv", …)
const CALL =
  /\b(?:define|Define|define_)(Helper|Partial|Schema|Format|helper|partial|schema|format)\s*\(\s*(?:[A-Za-z_$][\w$]*\s*,\s*)?(?:name\s*=\s*)?(['"`])([\w.-]+)\2(?:\s*,\s*(['"`])((?:\\.|(?!\4)[^\\])*)\4)?/g;

/** Registrations in one source file's text. */
export function scanSource(text: string, where: string): Registration[] {
  const found: Registration[] = [];
  for (const match of text.matchAll(CALL)) {
    const kind = (match[1] ?? '').toLowerCase() as RegistrationKind;
    const line = text.slice(0, match.index).split('\n').length;
    const registration: Registration = { kind, name: match[3] ?? '', where: `${where}:${line}` };
    if (kind === 'partial' && match[5] !== undefined) registration.text = unescape(match[5]);
    found.push(registration);
  }
  return found;
}

function unescape(literal: string): string {
  return literal.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/**
 * Scans a workspace's JS/TS, Python and Go sources for Genkit registrations. Each file's result
 * is kept by size and mtime, so a rescan after an edit reads only what changed; `invalidate()`
 * (the editor calls it when a source file changes) makes the next `registry()` walk again.
 */
export class GenkitScanner {
  private readonly byFile = new Map<string, { stamp: string; found: Registration[] }>();
  private current: { found: Registration[]; files: number } | undefined;

  constructor(private readonly root: string) {}

  invalidate(): void {
    this.current = undefined;
  }

  scan(): { found: Registration[]; files: number } {
    if (this.current) return this.current;
    const files = sourceFiles(this.root);
    const found: Registration[] = [];
    for (const file of files) found.push(...this.scanFile(file));
    for (const stale of this.byFile.keys()) if (!files.includes(stale)) this.byFile.delete(stale);
    this.current = { found, files: files.length };
    return this.current;
  }

  private scanFile(file: string): Registration[] {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return [];
    }
    const stamp = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.byFile.get(file);
    if (cached?.stamp === stamp) return cached.found;
    let found: Registration[] = [];
    if (stat.size <= MAX_FILE_BYTES) {
      const text = fs.readFileSync(file, 'utf8');
      if (/define_?(?:helper|partial|schema|format)/i.test(text))
        found = scanSource(text, posixRelative(this.root, file));
    }
    this.byFile.set(file, { stamp, found });
    return found;
  }

  searched(): string {
    return `${this.scan().files} source files under ${this.root}`;
  }
}

function sourceFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (files.length >= MAX_FILES) return;
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(full);
      } else if (entry.isFile() && SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push(full);
      }
    }
  };
  walk(root);
  return files.sort();
}

/** What promptops.config.yaml declares under `lint:` (helpers, partials, schemas, formats). */
export interface DeclaredRegistrations {
  helpers?: string[];
  partials?: Record<string, string>;
  schemas?: string[] | Record<string, unknown>;
  formats?: string[];
}

/** Code registrations and config declarations in one registry; the config wins on a clash. */
export function genkitRegistry(
  scanned: { found: Registration[]; files: number },
  root: string,
  declared: DeclaredRegistrations = {},
  configName = 'promptops.config.yaml',
): GenkitRegistry {
  const registry: GenkitRegistry = {
    helpers: new Map(),
    partials: new Map(),
    schemas: new Map(),
    formats: new Map(),
    searched: `${scanned.files} source files under ${root}`,
  };
  const add = (r: Registration) => registry[`${r.kind}s`].set(r.name, r);
  for (const r of scanned.found) add(r);
  const where = `${configName} lint`;
  for (const name of declared.helpers ?? []) add({ kind: 'helper', name, where });
  for (const name of declared.formats ?? []) add({ kind: 'format', name, where });
  for (const [name, text] of Object.entries(declared.partials ?? {}))
    add({ kind: 'partial', name, where, text });
  const schemas = declared.schemas ?? [];
  for (const name of Array.isArray(schemas) ? schemas : Object.keys(schemas))
    add({ kind: 'schema', name, where });
  return registry;
}

/** The registry for a workspace: its sources scanned (through `scanner`, to reuse its cache) plus `lint:` of its config. */
export function workspaceGenkitRegistry(
  root: string,
  config: { lint?: DeclaredRegistrations } | undefined,
  scanner: GenkitScanner = new GenkitScanner(root),
): GenkitRegistry {
  const lint = config?.lint ?? {};
  const declared: DeclaredRegistrations = {};
  if (lint.helpers) declared.helpers = lint.helpers;
  if (lint.partials) declared.partials = lint.partials;
  if (lint.schemas) declared.schemas = lint.schemas;
  if (lint.formats) declared.formats = lint.formats;
  return genkitRegistry(scanner.scan(), root, declared);
}
