import * as fs from 'node:fs';
import * as path from 'node:path';
import * as jsYaml from 'js-yaml';
import * as YAML from 'yaml';
import { sha256 } from '../hash';
import { LineIndex } from '../language/text';
import { variantOf } from '../variants/variants';
import { yamlValue } from '../yaml';
import { ToolDefinitionsSchema } from '../tools/definition-schema';
import { scanCaseLineSteps } from './case-lines';
import { LINES_PER_STEP, runAll, runSliced, runWhile, SLICE_MS, type Steps } from '../slicer';
import { csvCaseLines, csvFixtureValue, CsvFixtureError } from './fixtures-csv';
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

/** One scripted answer of a tool: `returns` a value, or an `error` the model is told. */
export const ScriptedAnswerSchema = z
  .strictObject({
    /** Subset of the arguments this answer applies to; without it, any call. */
    when: z.optional(z.record(z.string(), z.unknown())),
    returns: z.optional(z.unknown()),
    error: z.optional(z.string()),
  })
  .check(
    z.refine(
      (answer) => Object.hasOwn(answer, 'returns') !== Object.hasOwn(answer, 'error'),
      'a scripted answer has either returns: or error: (one of them)',
    ),
  );

/** What a case scripts for a tool: one answer for every call, or `{when, returns}` answers tried in order. */
export const ToolScriptSchema = z.union(
  [ScriptedAnswerSchema, z.array(ScriptedAnswerSchema).check(z.minLength(1))],
  {
    error:
      'a tool script is { returns: value }, { error: text }, or a list of { when: {args subset}, returns: value }',
  },
);

/** A prior message, as Dotprompt writes history (`assistant` is read as `model`). */
export const FixtureMessageSchema = z.strictObject({
  role: z.enum(['user', 'model', 'system', 'assistant']),
  content: z.string(),
});

/** A scripted user turn with its own assertions. */
export const FixtureTurnSchema = z.strictObject({
  user: z.string(),
  assert: z.optional(z.array(AssertionSchema)),
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
  /** What each tool returns when the model calls it (tools are never executed). */
  tools: z.optional(z.record(z.string(), ToolScriptSchema)),
  /** Prior conversation, placed by `{{history}}`. */
  messages: z.optional(z.array(FixtureMessageSchema)),
  /** User turns sent one after another, each judged on its own. */
  turns: z.optional(z.array(FixtureTurnSchema).check(z.minLength(1))),
});

export const FixtureFileSchema = z.looseObject({
  defaults: z.optional(z.looseObject({ assert: z._default(z.array(AssertionSchema), []) })),
  /** Tool definitions for this file's cases; they override promptops.config.yaml's of the same name. */
  tools: z.optional(ToolDefinitionsSchema),
  cases: z.array(FixtureCaseSchema),
});

export type FixtureCase = z.infer<typeof FixtureCaseSchema>;

/** A case's prior messages as Dotprompt history (`assistant` is Dotprompt's `model`), for `{{history}}`. */
export function fixtureHistory(
  messages: FixtureCase['messages'],
): { role: 'user' | 'model' | 'system'; content: { text: string }[] }[] {
  return (messages ?? []).map((m) => ({
    role: m.role === 'assistant' ? 'model' : m.role,
    content: [{ text: m.content }],
  }));
}
export type FixtureFile = z.infer<typeof FixtureFileSchema>;

export const FIXTURE_SUFFIXES = [
  '.fixtures.yaml',
  '.fixtures.yml',
  '.fixtures.jsonl',
  '.fixtures.csv',
] as const;

/**
 * Where a prompt's fixtures live: the frontmatter key `promptops.fixtures` (relative to the
 * prompt) when set, else `<name>.fixtures.yaml|yml|jsonl` beside the prompt; a variant
 * (`name.variant.prompt`) without fixtures of its own shares its base prompt's.
 */
export function fixturePathFor(
  promptPath: string,
  frontmatter?: Record<string, unknown>,
): string | undefined {
  const declared = frontmatter?.['promptops.fixtures'];
  if (typeof declared === 'string' && declared.trim()) {
    return path.resolve(path.dirname(promptPath), declared);
  }
  const base = promptPath.replace(/\.prompt$/, '');
  const own = FIXTURE_SUFFIXES.map((suffix) => base + suffix).find((candidate) =>
    fs.existsSync(candidate),
  );
  if (own) return own;
  const variant = variantOf(promptPath);
  if (!variant || !fs.existsSync(variant.baseFile)) return undefined;
  const baseText = fs.readFileSync(variant.baseFile, 'utf8');
  const declaredByBase = /^promptops\.fixtures:\s*['"]?([^'"\n]+?)['"]?\s*$/m.exec(baseText)?.[1];
  return fixturePathFor(
    variant.baseFile,
    declaredByBase ? { 'promptops.fixtures': declaredByBase } : undefined,
  );
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

/** Parses fixture text (YAML, JSONL with one case a line, or a CSV sheet). Throws FixtureError with a location. */
export function parseFixtures(text: string, file: string): FixtureFile {
  if (file.endsWith('.csv')) {
    try {
      return validate(csvFixtureValue(text), file);
    } catch (error) {
      if (error instanceof CsvFixtureError) throw new FixtureError(file, error.message, error.line);
      throw error;
    }
  }
  if (file.endsWith('.jsonl')) {
    const cases: unknown[] = [];
    text.split('\n').forEach((line, index) => {
      if (!line.trim()) return;
      cases.push(jsonlCase(file, line, index));
    });
    return validate({ cases }, file);
  }
  const fast = fastYamlValue(text);
  if (fast !== undefined) return validate(fast, file);
  const doc = YAML.parseDocument(text);
  const first = doc.errors[0];
  if (first) {
    throw new FixtureError(
      file,
      first.message.split('\n')[0] ?? first.message,
      first.linePos?.[0].line ? first.linePos[0].line - 1 : undefined,
    );
  }
  const converted = yamlValue(doc);
  if ('error' in converted) throw new FixtureError(file, converted.error);
  return validate(converted.value, file);
}

/**
 * What the yaml library would read from `text`, read by js-yaml (which builds values without a
 * document tree: ~10× faster and ~⅓ the memory on a 10,000-case file), or undefined when js-yaml
 * cannot be trusted to agree and the yaml library must read it: a parse error (the yaml library
 * reports it with its line), aliases (the yaml library caps their expansion), directives
 * (`%YAML 1.1` changes the schema for the yaml library only), null and collection keys (named
 * differently), and the few scalars js-yaml's core schema reads differently from YAML 1.2's
 * (0b101, -0x1F, +0o7 are numbers to js-yaml and text to YAML 1.2; -.5 is the reverse; -0 loses
 * its sign). A false alarm only costs time. test/unit/eval/fixtures-yaml.test.ts holds the two
 * readers to the same values.
 */
const FAST_YAML_DECLINES =
  /(?:^|[\s[{,])\*[^\s[\]{},]|0b[01]|[+-]0(?!\d)|[+-]\.\d|^%|^\s*\?(?:\s|$)|(?:^|[\s{,?-])(?:~|null|Null|NULL)\s*:(?:\s|$)|[\]}]\s*:(?:\s|$)/m;

/** Whether js-yaml cannot be trusted to read `text` as the yaml library does (see fastYamlValue). */
export function fastYamlDeclines(text: string): boolean {
  return FAST_YAML_DECLINES.test(text);
}

export function fastYamlValue(text: string): Record<string, unknown> | undefined {
  if (fastYamlDeclines(text)) return undefined;
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** What an empty fixture file (or one of comments only) is told to hold. */
export const EMPTY_FIXTURES_MESSAGE =
  'the fixture file is empty: add `cases:`, a list of cases each with an `id` and an `input`';

/** A parsed fixture value checked against the schema: its cases, or a FixtureError naming the first problem. */
export function validate(value: unknown, file: string): FixtureFile {
  if (value === null || value === undefined) throw new FixtureError(file, EMPTY_FIXTURES_MESSAGE);
  const result = FixtureFileSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const { path: where, message } = issue
    ? mostSpecific(issue)
    : { path: [], message: 'invalid fixture file' };
  throw new FixtureError(file, `${where.length ? where.join('.') : 'the file'}: ${message}`);
}

export type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][] };

/**
 * A union's own message says only that no shape fitted; when one shape got further into the
 * value (a list of answers whose second item is wrong), its deepest issue says more.
 */
export function mostSpecific(issue: Issue): { path: PropertyKey[]; message: string } {
  if (issue.code !== 'invalid_union' || !issue.errors) return issue;
  const inner = issue.errors
    .flat()
    .filter((i) => i.path.length > 0)
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!inner) return issue;
  const deeper = mostSpecific(inner);
  return { path: [...issue.path, ...deeper.path], message: deeper.message };
}

/** Parsed fixture files by path and content hash (a run's preflight and the run read it twice). */
const loaded = new Map<string, { sha256: string; fixtures: FixtureFile }>();
const LOADED_LIMIT = 32;

/**
 * A fixture file read once: its cases and the sha256 of the very bytes they were parsed from,
 * which is what a result artifact records and the gate compares (an edit during a run, or bytes
 * that are not UTF-8, cannot make the two disagree).
 */
export function readFixtures(file: string): { fixtures: FixtureFile; sha256: string } {
  const bytes = fs.readFileSync(file);
  const hash = sha256(bytes);
  return (
    cachedFixtures(file, hash) ??
    rememberFixtures(file, { sha256: hash, fixtures: parseFixtures(bytes.toString('utf8'), file) })
  );
}

/** The fixtures parsed from `file` when they were parsed from bytes of this hash. */
export function cachedFixtures(
  file: string,
  hash: string,
): { sha256: string; fixtures: FixtureFile } | undefined {
  const cached = loaded.get(file);
  return cached?.sha256 === hash ? cached : undefined;
}

export function rememberFixtures(
  file: string,
  entry: { sha256: string; fixtures: FixtureFile },
): { sha256: string; fixtures: FixtureFile } {
  loaded.delete(file);
  if (loaded.size >= LOADED_LIMIT) loaded.delete(loaded.keys().next().value as string);
  loaded.set(file, entry);
  return entry;
}

export function loadFixtures(file: string): FixtureFile {
  return readFixtures(file).fixtures;
}

export interface CaseLocation {
  id: string;
  /** 0-based line of the case's `id` (YAML) or of its line (JSONL, CSV). */
  line: number;
  /** The case's tags, for the Test Explorer's filter. */
  tags?: string[];
  /** The case's scripted turns (YAML): where each is and its user message, a child item each. */
  turns?: { line: number; user: string }[];
}

/** Where each scripted turn of a case map is, and what the user says in it. */
function turnLocations(
  item: YAML.YAMLMap,
  lineOf: (offset: number) => number,
): { line: number; user: string }[] | undefined {
  const turns = item.get('turns', true);
  if (!YAML.isSeq(turns)) return undefined;
  const found = turns.items.flatMap((turn) => {
    const user = YAML.isMap(turn) ? turn.get('user', true) : undefined;
    if (!YAML.isScalar(user) || !user.range || !YAML.isMap(turn) || !turn.range) return [];
    return [{ line: lineOf(turn.range[0]), user: String(user.value) }];
  });
  return found.length ? found : undefined;
}

function stringTags(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((t) => typeof t === 'string') && value.length
    ? (value as string[])
    : undefined;
}

/** Where each case is in a fixture file, for editor items and lenses; tolerant of broken files. */
export function caseLocations(text: string, file: string): CaseLocation[] {
  return runAll(caseLocationSteps(text, file));
}

/**
 * caseLocations in slices that yield to the event loop, for the extension host: the line reader of
 * a 10,000-case file holds the thread for 20–140 ms at once. A YAML file the reader declines is
 * parsed in one piece.
 */
export function caseLocationsSliced(
  text: string,
  file: string,
  sliceMs = SLICE_MS,
): Promise<CaseLocation[]> {
  return runSliced(caseLocationSteps(text, file), sliceMs);
}

/** caseLocationsSliced that stops with undefined once `current()` is false (a newer read began). */
export function caseLocationsWhile(
  text: string,
  file: string,
  current: () => boolean,
): Promise<CaseLocation[] | undefined> {
  return runWhile(caseLocationSteps(text, file), current);
}

function* caseLocationSteps(text: string, file: string): Steps<CaseLocation[]> {
  if (file.endsWith('.csv')) return csvCaseLines(text);
  if (file.endsWith('.jsonl')) return yield* jsonlLocationSteps(text);
  return (yield* scanCaseLineSteps(text)) ?? parsedCaseLocations(text);
}

function* jsonlLocationSteps(text: string): Steps<CaseLocation[]> {
  const found: CaseLocation[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    if (index % LINES_PER_STEP === 0) yield;
    const line = lines[index] as string;
    const id = /"id"\s*:\s*"([^"]+)"/.exec(line)?.[1];
    if (!id) continue;
    let tags: string[] | undefined;
    try {
      tags = stringTags((JSON.parse(line) as { tags?: unknown }).tags);
    } catch {
      // mid-edit: no tags
    }
    found.push({ id, line: index, ...(tags ? { tags } : {}) });
  }
  return found;
}

/** caseLocations of a YAML file through the YAML parser (what scanCaseLines must agree with). */
export function parsedCaseLocations(text: string): CaseLocation[] {
  const doc = YAML.parseDocument(text);
  const cases = YAML.isMap(doc.contents) ? doc.contents.get('cases', true) : undefined;
  if (doc.errors.length === 0 && YAML.isSeq(cases)) {
    // One index of line starts: slicing the text up to each case was quadratic (50 s at 10,000 cases).
    const index = new LineIndex(text);
    const lineOf = (offset: number) => index.positionAt(offset).line;
    return cases.items.flatMap((item) => {
      const idNode = YAML.isMap(item) ? item.get('id', true) : undefined;
      if (!YAML.isScalar(idNode) || !idNode.range) return [];
      const tagsNode = YAML.isMap(item) ? item.get('tags', true) : undefined;
      const tags = YAML.isSeq(tagsNode) ? stringTags(tagsNode.toJSON()) : undefined;
      const turns = YAML.isMap(item) ? turnLocations(item, lineOf) : undefined;
      return [
        {
          id: String(idNode.value),
          line: lineOf(idNode.range[0]),
          ...(tags ? { tags } : {}),
          ...(turns ? { turns } : {}),
        },
      ];
    });
  }
  // Broken YAML (mid-edit): case items that start with their id.
  return text.split('\n').flatMap((line, index) => {
    const id = /^\s*-\s+id:\s*["']?([^"'#\n]+?)["']?\s*(?:#.*)?$/.exec(line)?.[1];
    return id ? [{ id, line: index }] : [];
  });
}

/** One line of a JSONL fixture file, parsed; a line that is not JSON is a FixtureError naming it. */
export function jsonlCase(file: string, line: string, index: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new FixtureError(
      file,
      `line ${index + 1} is not valid JSON: ${(error as Error).message}`,
      index,
    );
  }
}
