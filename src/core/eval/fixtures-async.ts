import { promises as fsp } from 'node:fs';
import * as jsYaml from 'js-yaml';
import * as z from 'zod/mini';
import { sha256 } from '../hash';
import { Slicer, SLICE_MS } from '../slicer';
import { caseItems } from './case-lines';
import { keepRead, keptRead, type KeptFormat } from './fixture-store';
import {
  cachedFixtures,
  fastYamlDeclines,
  FixtureCaseSchema,
  jsonlCase,
  FixtureFileSchema,
  parseFixtures,
  rememberFixtures,
  validate,
  type FixtureFile,
} from './fixtures';

/**
 * Fixture files read without holding the event loop: the extension host runs the engine on its
 * only thread, and a 10,000-case file is hundreds of milliseconds of parsing and checking in one
 * piece. A large file (YAML in the plain block layout, or JSONL) is parsed and checked a group of
 * cases at a time, yielding between slices; the result is exactly parseFixtures' (values, errors
 * and their lines): anything this reader is unsure of (a layout the block scanner declines, a
 * parse error, a schema problem) is handed to parseFixtures on the whole text, which says what
 * it says for a small file. test/unit/eval/fixtures-async.test.ts holds the two to the same result.
 */
export interface ChunkOptions {
  /** Texts shorter than this (characters) are parsed in one piece: they take a few ms. */
  chunkedFrom?: number;
  /** Cases per parse and check. */
  group?: number;
  /** Longest slice of work between yields, in ms. */
  sliceMs?: number;
}

const CHUNKED_FROM = 64 * 1024;
const GROUP = 64;

/** readFixtures, asynchronous: the file's cases and the sha256 of the bytes they were parsed from. */
export async function readFixturesAsync(
  file: string,
  options?: ChunkOptions,
): Promise<{ fixtures: FixtureFile; sha256: string }> {
  const bytes = await fsp.readFile(file);
  const hash = sha256(bytes);
  const cached = cachedFixtures(file, hash);
  if (cached) return cached;
  const text = bytes.toString('utf8');
  const fixtures =
    fromStore(text, file, hash, options) ?? (await parseAndKeep(text, file, hash, options));
  return rememberFixtures(file, { sha256: hash, fixtures });
}

/** parseFixtures, asynchronous and in slices for a large file; the same result and errors. */
export function parseFixturesAsync(
  text: string,
  file: string,
  options: ChunkOptions = {},
): Promise<FixtureFile> {
  return parseAndKeep(text, file, undefined, options);
}

/** A large text's format (read in slices unless CSV, and kept); undefined: small, read whole. */
function largeFormat(text: string, file: string, options: ChunkOptions): KeptFormat | undefined {
  if (text.length < (options.chunkedFrom ?? CHUNKED_FROM)) return undefined;
  return file.endsWith('.csv') ? 'csv' : file.endsWith('.jsonl') ? 'jsonl' : 'yaml';
}

/** The read the fixture store kept of these very bytes, remembered as a read of them would be. */
function fromStore(
  text: string,
  file: string,
  hash: string,
  options: ChunkOptions = {},
): FixtureFile | undefined {
  const format = largeFormat(text, file, options);
  const read = format && keptRead(hash, format, text);
  if (!read) return undefined;
  if (read.keys && read.cases) rememberCaseValues(file, text, read.keys, read.cases, true);
  return read.fixtures;
}

/** Parses (in slices when large); a large read with no problem goes to the store under `hash`. */
async function parseAndKeep(
  text: string,
  file: string,
  hash: string | undefined,
  options: ChunkOptions = {},
): Promise<FixtureFile> {
  const format = largeFormat(text, file, options);
  if (!format) return parseFixtures(text, file);
  const slicer = new Slicer(options.sliceMs ?? SLICE_MS);
  const group = options.group ?? GROUP;
  const read =
    format === 'csv'
      ? undefined
      : format === 'jsonl'
        ? await jsonlValue(text, file, slicer)
        : await yamlValue(text, group, slicer);
  // Parsed whole (CSV, a layout the line reader declines): kept too, the slow reads most of all.
  const whole = (value?: FixtureValue) => {
    const fixtures = value ? validate(value, file) : parseFixtures(text, file);
    if (hash) keepRead(hash, format, { fixtures }, text);
    return fixtures;
  };
  if (!read) return whole();
  const { keys, ...value } = read;
  const fixtures = await checked(value, group, slicer);
  rememberCaseValues(file, text, keys, value.cases, fixtures !== undefined);
  if (!fixtures) return whole(value);
  if (hash) keepRead(hash, format, { fixtures, keys, cases: value.cases }, text);
  return fixtures;
}

type FixtureValue = Record<string, unknown> & { cases: unknown[] };
/** A file's value, with the text each case was read from (its YAML item, its JSONL line). */
type ReadValue = FixtureValue & { keys: string[] };

/**
 * What the last large fixture file read held, case by case: each case's value by the text it was
 * read from (a YAML item without its last newline, a JSONL line), and whether every case had the
 * fixture shape. The lint of the same text (the preflight reads, then lints) takes these instead of
 * reading each case again. One file is kept: the one just read.
 */
export interface CaseValues {
  valueOf(key: string): { value: unknown } | undefined;
  /** Every case passed FixtureCaseSchema. */
  allValid: boolean;
}

let lastRead: { file: string; text: string; values: CaseValues } | undefined;

function rememberCaseValues(
  file: string,
  text: string,
  keys: readonly string[],
  cases: readonly unknown[],
  allValid: boolean,
): void {
  const byKey = new Map<string, unknown>();
  // A text that occurs twice is two cases with equal values: either one will do.
  keys.forEach((key, i) => byKey.set(key, cases[i]));
  const valueOf = (key: string) => (byKey.has(key) ? { value: byKey.get(key) } : undefined);
  lastRead = { file, text, values: { valueOf, allValid } };
}

/** The case values of `file` when it was last read with exactly this text; undefined otherwise. */
export function readCaseValues(file: string, text: string): CaseValues | undefined {
  return lastRead && lastRead.file === file && lastRead.text === text ? lastRead.values : undefined;
}

/** The cases of a JSONL file, a line each; a line that is not JSON is parseFixtures' error. */
async function jsonlValue(text: string, file: string, slicer: Slicer): Promise<ReadValue> {
  const cases: unknown[] = [];
  const keys: string[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (!line.trim()) continue;
    cases.push(jsonlCase(file, line, index));
    keys.push(line);
    await slicer.step();
  }
  return { cases, keys };
}

/** js-yaml (as fastYamlValue) over the header and each group of items; undefined when unsure. */
async function yamlValue(
  text: string,
  group: number,
  slicer: Slicer,
): Promise<ReadValue | undefined> {
  if (fastYamlDeclines(text)) return undefined;
  const blocks = caseItems(text);
  if (!blocks || blocks.items.length === 0) return undefined;
  const header = load(blocks.header);
  if (!header || Array.isArray(header) || header.cases !== null) return undefined;
  const cases: unknown[] = [];
  for (let from = 0; from < blocks.items.length; from += group) {
    const items = blocks.items.slice(from, from + group);
    const list = load(items.join('\n'));
    if (!Array.isArray(list) || list.length !== items.length) return undefined;
    for (const item of list) cases.push(item);
    await slicer.step();
  }
  return { ...header, cases, keys: blocks.items };
}

function load(text: string): Record<string, unknown> | unknown[] | undefined {
  try {
    const value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const CaseListSchema = z.array(FixtureCaseSchema);

/** The schema's output for the value, checked a group of cases at a time; undefined on any problem. */
async function checked(
  value: FixtureValue,
  group: number,
  slicer: Slicer,
): Promise<FixtureFile | undefined> {
  const head = FixtureFileSchema.safeParse({ ...value, cases: [] });
  if (!head.success) return undefined;
  const cases: FixtureFile['cases'] = [];
  for (let from = 0; from < value.cases.length; from += group) {
    const result = CaseListSchema.safeParse(value.cases.slice(from, from + group));
    if (!result.success) return undefined;
    for (const item of result.data) cases.push(item);
    await slicer.step();
  }
  head.data.cases = cases;
  return head.data;
}
