import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { writeFileAtomic } from '../fs/atomic';
import { sha256 } from '../hash';
import { yamlValue } from '../yaml';
import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini keeps the bundle small (~25 KB against ~450 KB); English messages are loaded explicitly.
z.config(en());

export const AssertionSchema = z.looseObject({
  type: z.string().check(z.minLength(1)),
  value: z.optional(z.unknown()),
  threshold: z.optional(z.number()),
  weight: z.optional(z.number().check(z.nonnegative())),
  not: z.optional(z.boolean()),
});

export const FixtureCaseSchema = z.looseObject({
  id: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  input: z._default(z.record(z.string(), z.unknown()), {}),
  assert: z._default(z.array(AssertionSchema), []),
  tags: z.optional(z.array(z.string())),
  skip: z.optional(z.union([z.boolean(), z.string()])),
  repeat: z.optional(z.int().check(z.positive())),
  threshold: z.optional(z.number().check(z.gte(0), z.lte(1))),
});

export const FixtureFileSchema = z.looseObject({
  defaults: z.optional(z.looseObject({ assert: z._default(z.array(AssertionSchema), []) })),
  cases: z.array(FixtureCaseSchema),
});

export type FixtureCase = z.infer<typeof FixtureCaseSchema>;
export type FixtureFile = z.infer<typeof FixtureFileSchema>;

export const FIXTURE_SUFFIXES = ['.fixtures.yaml', '.fixtures.yml', '.fixtures.jsonl'] as const;

/**
 * Where a prompt's fixtures live: the frontmatter key `promptops.fixtures` (relative to the
 * prompt) when set, else `<name>.fixtures.yaml|yml|jsonl` beside the prompt.
 */
export function fixturePathFor(promptPath: string, frontmatter?: Record<string, unknown>): string | undefined {
  const declared = frontmatter?.['promptops.fixtures'];
  if (typeof declared === 'string' && declared.trim()) {
    return path.resolve(path.dirname(promptPath), declared);
  }
  const base = promptPath.replace(/\.prompt$/, '');
  return FIXTURE_SUFFIXES.map((suffix) => base + suffix).find((candidate) => fs.existsSync(candidate));
}

export class FixtureError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'FixtureError';
  }
}

/** Parses fixture text (YAML, or JSONL with one case a line). Throws FixtureError with a location. */
export function parseFixtures(text: string, file: string): FixtureFile {
  if (file.endsWith('.jsonl')) {
    const cases: unknown[] = [];
    text.split('\n').forEach((line, index) => {
      if (!line.trim()) return;
      try {
        cases.push(JSON.parse(line));
      } catch (error) {
        throw new FixtureError(file, `line ${index + 1} is not valid JSON: ${(error as Error).message}`, index);
      }
    });
    return validate({ cases }, file);
  }
  const doc = YAML.parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    throw new FixtureError(file, first.message.split('\n')[0] ?? first.message, first.linePos?.[0].line ? first.linePos[0].line - 1 : undefined);
  }
  const converted = yamlValue(doc);
  if ('error' in converted) throw new FixtureError(file, converted.error);
  return validate(converted.value, file);
}

function validate(value: unknown, file: string): FixtureFile {
  const result = FixtureFileSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the file';
  throw new FixtureError(file, `${where}: ${issue?.message ?? 'invalid fixture file'}`);
}

/** Parsed fixture files by path, reused while the file is unchanged (a run's preflight and the run read it twice). */
const loaded = new Map<string, { mtimeMs: number; size: number; fixtures: FixtureFile }>();
const LOADED_LIMIT = 32;

/** Fixture files at least this large keep their parse in the cache folder, when given one. */
const PARSE_CACHE_MIN_BYTES = 32 * 1024;
const PARSE_CACHE_KEPT = 20;

/**
 * The parse of a large YAML fixture file from a previous process, by a hash of its text (and
 * `salt`, the tool version, so a changed schema never reads an old parse). The yaml library
 * takes ~0.25 s for 1,000 cases in a fresh process; JSON.parse of the same takes milliseconds.
 */
function parseThroughCache(text: string, file: string, cacheDir: string, salt: string): FixtureFile {
  const key = sha256(`${salt}\0${text}`);
  const cacheFile = path.join(cacheDir, `${key}.json`);
  try {
    return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as FixtureFile;
  } catch {
    // not cached yet, or unreadable: parse
  }
  const fixtures = parseFixtures(text, file);
  let lossless = true;
  const json = JSON.stringify(fixtures, (_key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) lossless = false; // .inf and .nan do not survive JSON
    return value;
  });
  if (lossless) {
    try {
      writeFileAtomic(cacheFile, json);
      const entries = fs.readdirSync(cacheDir).filter((f) => f.endsWith('.json'));
      if (entries.length > PARSE_CACHE_KEPT) {
        const byAge = entries.map((f) => ({ f, t: fs.statSync(path.join(cacheDir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
        for (const old of byAge.slice(0, entries.length - PARSE_CACHE_KEPT)) fs.rmSync(path.join(cacheDir, old.f), { force: true });
      }
    } catch {
      // a read-only workspace: parse every time
    }
  }
  return fixtures;
}

export function loadFixtures(file: string, cache?: { dir: string; salt: string }): FixtureFile {
  const stat = fs.statSync(file);
  const cached = loaded.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.fixtures;
  const text = fs.readFileSync(file, 'utf8');
  const fixtures = cache && stat.size >= PARSE_CACHE_MIN_BYTES && !file.endsWith('.jsonl') ? parseThroughCache(text, file, cache.dir, cache.salt) : parseFixtures(text, file);
  if (loaded.size >= LOADED_LIMIT) loaded.delete(loaded.keys().next().value as string);
  loaded.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, fixtures });
  return fixtures;
}

/** Where large fixture files keep their parse: beside the response cache. */
export function fixtureParseCache(root: string, version: string): { dir: string; salt: string } {
  return { dir: path.join(root, '.promptops', 'cache', 'fixtures'), salt: version };
}

export interface CaseLocation {
  id: string;
  /** 0-based line of the case's `id` (YAML) or of its line (JSONL). */
  line: number;
}

/** Where each case is in a fixture file, for editor items and lenses; tolerant of broken files. */
export function caseLocations(text: string, file: string): CaseLocation[] {
  const lines = text.split('\n');
  if (file.endsWith('.jsonl')) {
    return lines.flatMap((line, index) => {
      const id = /"id"\s*:\s*"([^"]+)"/.exec(line)?.[1];
      return id ? [{ id, line: index }] : [];
    });
  }
  const doc = YAML.parseDocument(text);
  const cases = YAML.isMap(doc.contents) ? doc.contents.get('cases', true) : undefined;
  if (doc.errors.length === 0 && YAML.isSeq(cases)) {
    const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
    return cases.items.flatMap((item) => {
      const idNode = YAML.isMap(item) ? item.get('id', true) : undefined;
      return YAML.isScalar(idNode) && idNode.range ? [{ id: String(idNode.value), line: lineOf(idNode.range[0]) }] : [];
    });
  }
  // Broken YAML (mid-edit): case items that start with their id.
  return lines.flatMap((line, index) => {
    const id = /^\s*-\s+id:\s*["']?([^"'#\n]+?)["']?\s*(?:#.*)?$/.exec(line)?.[1];
    return id ? [{ id, line: index }] : [];
  });
}
