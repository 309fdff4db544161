import * as YAML from 'yaml';
import { caseBlocks } from '../eval/case-lines';
import { FixtureCaseSchema } from '../eval/fixtures';
import type { PromptAnalysis } from '../language/analysis';
import { LineIndex } from '../language/text';
import type { Range } from '../types';
import { yamlValue } from '../yaml';
import { compileSchema, describeAjvError } from '../schema/compile';
import { Slicer, SLICE_MS } from '../slicer';
import { quickItemValues, quickJsonValue, type QuickValue } from './fixture-values';
import { readCaseValues, type CaseValues } from '../eval/fixtures-async';
import type { FixtureCaseNode, FixtureContext } from './types';

/** Where each case's document starts (JSONL: its line); YAML node ranges are relative to it. */
const caseOffsets = new WeakMap<FixtureCaseNode, number>();

/**
 * One case item (JSONL: one line) read on its own: the case's value, and its document, parsed
 * with it or, for an item the quick reader read (fixture-values.ts), when a rule first asks for a
 * node of it: a lint that finds nothing in a case never builds its document tree.
 */
interface ParsedCase {
  source: string;
  value: unknown;
  /** The value is a case of the fixture format (FixtureCaseSchema). */
  valid: boolean;
  doc?: YAML.Document.Parsed;
}

/**
 * What the previous lints of one fixture file parsed, case item by case item, by the item's text
 * (the editor keeps one per open fixture file, in LintOptions): an edit parses its case again,
 * not the other 9,999.
 */
export class FixtureParseCache {
  cases = new Map<string, ParsedCase>();
  /** JSONL: each line's parse by the line's text. */
  lines = new Map<string, ParsedCase>();
  /**
   * `whole: true` parses every YAML file whole and every JSONL line with the document parser: the
   * reference the case-by-case and quick reads are tested against.
   */
  constructor(readonly options: { whole?: boolean } = {}) {}
}

/** A case item's text parsed alone; undefined when it is not exactly one mapping that parses. */
function parseCase(source: string): ParsedCase | undefined {
  const doc = YAML.parseDocument(source);
  if (doc.errors.length || !YAML.isSeq(doc.contents) || doc.contents.items.length !== 1)
    return undefined;
  const converted = yamlValue(doc);
  if (!('value' in converted) || !Array.isArray(converted.value)) return undefined;
  const value: unknown = converted.value[0];
  return { source, doc, value, valid: FixtureCaseSchema.safeParse(value).success };
}

/** A case item the quick reader read, or else the document parser. */
function readCase(
  source: string,
  quick: QuickValue,
  known: CaseValues | undefined,
): ParsedCase | undefined {
  if (!quick) return parseCase(source);
  const valid = known?.allValid || FixtureCaseSchema.safeParse(quick.value).success;
  return { source, value: quick.value, valid };
}

/** The item's document, parsed now if it was read without one. */
function docOf(parsed: ParsedCase): YAML.Document.Parsed {
  parsed.doc ??= YAML.parseDocument(parsed.source);
  return parsed.doc;
}

/** One case of the context: read on its own (an item, a JSONL line) or part of the whole document. */
type CaseItem = { parsed: ParsedCase; offset: number } | { doc: YAML.Document; node: unknown };

/**
 * A YAML fixture file's case items, each read on its own (its node ranges relative to the item's
 * first line), when the line reader finds the plain layout and the file, put back together, is a
 * valid fixture file: then nothing the whole parse would report (PO300) is lost. Undefined
 * otherwise, and the caller parses the whole file, which reports what is wrong.
 */
async function caseItems(
  text: string,
  cache: FixtureParseCache | undefined,
  slicer: Slicer,
  known: CaseValues | undefined,
): Promise<CaseItem[] | undefined> {
  const blocks = cache?.options.whole ? undefined : caseBlocks(text);
  if (!blocks) return undefined;
  const sources = blocks.map(({ start, end }) => text.slice(start, end));
  // An item seen before in this file is read again: each case has nodes of its own.
  const seen = new Set<string>();
  const seenBefore = sources.map((source) => {
    const hit = seen.has(source) ? undefined : cache?.cases.get(source);
    seen.add(source);
    return hit;
  });
  const quick = await quickItemValues(
    sources.filter((_, i) => !seenBefore[i]),
    slicer,
    known,
  );
  const items: CaseItem[] = [];
  const parsed = new Map<string, ParsedCase>();
  let next = 0;
  for (const [i, source] of sources.entries()) {
    const item = seenBefore[i] ?? readCase(source, quick[next++], known);
    // FixtureFileSchema with only `cases` is valid exactly when each case is valid.
    if (!item?.valid) {
      if (cache && cache.cases.size < 2 * blocks.length)
        for (const [key, value] of parsed) cache.cases.set(key, value);
      return undefined;
    }
    parsed.set(source, item);
    items.push({ parsed: item, offset: blocks[i]!.start });
    await slicer.step();
  }
  if (cache) cache.cases = parsed;
  return items;
}

/** A JSONL line read by JSON.parse when that cannot differ from the document parser, else parsed. */
function readLine(content: string, whole: boolean, known: CaseValues | undefined): ParsedCase {
  const quick = whole ? undefined : quickJsonValue(content, known);
  if (quick && (known?.allValid || FixtureCaseSchema.safeParse(quick.value).success))
    return { source: content, value: quick.value, valid: true };
  const doc = YAML.parseDocument(content);
  const converted = doc.errors.length ? undefined : yamlValue(doc);
  const value = converted && 'value' in converted ? converted.value : undefined;
  return { source: content, doc, value, valid: false };
}

/** Each line a case: JSON is YAML, so the document parser keeps node ranges for every value. */
async function jsonlItems(
  lines: LineIndex,
  cache: FixtureParseCache | undefined,
  slicer: Slicer,
  known: CaseValues | undefined,
): Promise<CaseItem[]> {
  const items: CaseItem[] = [];
  const parsed = new Map<string, ParsedCase>();
  for (let line = 0; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (!content.trim()) continue;
    // A line seen before in this file is read again: each case has nodes of its own.
    const item =
      (parsed.has(content) ? undefined : cache?.lines.get(content)) ??
      readLine(content, cache?.options.whole === true, known);
    parsed.set(content, item);
    items.push({ parsed: item, offset: lines.lineStart(line) });
    await slicer.step();
  }
  if (cache) cache.lines = parsed;
  return items;
}

/** The cases of the document a YAML file parsed whole has (PO300 reports what else it has). */
function wholeFileItems(doc: YAML.Document.Parsed): CaseItem[] {
  if (doc.errors.length || !YAML.isMap(doc.contents)) return [];
  const list = doc.contents.get('cases', true);
  return YAML.isSeq(list) ? list.items.map((node) => ({ doc, node })) : [];
}

interface ParsedFile {
  /** The documents PO300 checks: the whole file's, or each JSONL line's the document parser read. */
  documents: FixtureContext['documents'];
  items: CaseItem[];
  caseByCase?: true;
}

async function parseFile(
  text: string,
  file: string,
  lines: LineIndex,
  cache: FixtureParseCache | undefined,
  slicer: Slicer,
): Promise<ParsedFile> {
  const known = cache?.options.whole ? undefined : readCaseValues(file, text);
  if (file.endsWith('.jsonl')) {
    const items = await jsonlItems(lines, cache, slicer, known);
    const documents: FixtureContext['documents'] = [];
    for (const item of items)
      if ('parsed' in item && item.parsed.doc)
        documents.push({ doc: item.parsed.doc, offset: item.offset });
    return { documents, items };
  }
  const byCase = await caseItems(text, cache, slicer, known);
  if (byCase) return { documents: [], items: byCase, caseByCase: true };
  const doc = YAML.parseDocument(text);
  return { documents: [{ doc, offset: 0 }], items: wholeFileItems(doc) };
}

export async function buildFixtureContext(
  text: string,
  file: string,
  prompt?: FixtureContext['prompt'],
  cache?: FixtureParseCache,
  slicer = new Slicer(SLICE_MS),
): Promise<FixtureContext> {
  const lines = new LineIndex(text);
  const { documents, items, caseByCase } = await parseFile(text, file, lines, cache, slicer);
  const rangeOf = (node: YAML.Node | null | undefined, documentOffset = 0): Range | undefined =>
    node?.range
      ? lines.range(documentOffset + node.range[0], documentOffset + node.range[1])
      : undefined;
  const cases: FixtureCaseNode[] = [];
  for (const item of items) {
    const entry =
      'doc' in item
        ? nodeCase(cases.length, item.doc, item.node, 0, lines, rangeOf)
        : itemCase(cases.length, item.parsed, item.offset, lines, rangeOf, caseByCase === true);
    if (!entry) continue;
    caseOffsets.set(entry, 'doc' in item ? 0 : item.offset);
    cases.push(entry);
  }
  const context: FixtureContext = { file, text, lines, documents, cases, rangeOf };
  if (caseByCase) context.caseByCase = true;
  if (prompt) context.prompt = prompt;
  return context;
}

type RangeOf = FixtureContext['rangeOf'];

/** A case whose node is at hand: its facts read from the node. */
function nodeCase(
  index: number,
  doc: YAML.Document,
  node: unknown,
  offset: number,
  lines: LineIndex,
  rangeOf: RangeOf,
): FixtureCaseNode | undefined {
  if (!YAML.isMap(node)) return undefined;
  const idNode = node.get('id', true);
  const anchor =
    rangeOf(YAML.isNode(idNode) ? idNode : node, offset) ?? lines.range(offset, offset);
  return { index, node, anchor, ...caseFacts(doc, node) };
}

/** A case read on its own: from its document when it has one, else from its value, nodes on demand. */
function itemCase(
  index: number,
  parsed: ParsedCase,
  offset: number,
  lines: LineIndex,
  rangeOf: RangeOf,
  listItem: boolean,
): FixtureCaseNode | undefined {
  const contents = (doc: YAML.Document.Parsed) =>
    listItem && YAML.isSeq(doc.contents) ? doc.contents.items[0] : doc.contents;
  if (parsed.doc) {
    if (parsed.doc.errors.length) return undefined;
    return nodeCase(index, parsed.doc, contents(parsed.doc), offset, lines, rangeOf);
  }
  if (!isRecord(parsed.value)) return undefined;
  const nodeOf = () => contents(docOf(parsed)) as YAML.YAMLMap;
  return new ValueCase(index, parsed.value, nodeOf, (node) => {
    const idNode = node.get('id', true);
    return rangeOf(YAML.isNode(idNode) ? idNode : node, offset) ?? lines.range(offset, offset);
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** An assertion of a case read without its document: its node parsed when first read. */
class ValueAssertion {
  #node: YAML.YAMLMap | undefined;
  constructor(
    readonly value: Record<string, unknown>,
    private readonly nodeOf: () => YAML.YAMLMap,
  ) {}
  get node(): YAML.YAMLMap {
    return (this.#node ??= this.nodeOf());
  }
}

/**
 * A case read without its document: its facts from its value, as caseFacts reads them from its
 * node; `node`, `inputNode`, `anchor` and each assertion's `node` parse the item when first read.
 */
class ValueCase implements FixtureCaseNode {
  id?: string;
  input?: unknown;
  toolNames?: string[];
  readonly assertions: FixtureCaseNode['assertions'] = [];
  #node: YAML.YAMLMap | undefined;
  #anchor: Range | undefined;
  private readonly hasInput: boolean;

  constructor(
    readonly index: number,
    value: Record<string, unknown>,
    private readonly nodeOf: () => YAML.YAMLMap,
    private readonly anchorOf: (node: YAML.YAMLMap) => Range,
  ) {
    if (typeof value.id === 'string') this.id = value.id;
    this.hasInput = Object.hasOwn(value, 'input');
    if (this.hasInput) this.input = value.input;
    if (isRecord(value.tools)) this.toolNames = Object.keys(value.tools);
    this.readAssertions(value);
  }

  get node(): YAML.YAMLMap {
    return (this.#node ??= this.nodeOf());
  }
  get anchor(): Range {
    return (this.#anchor ??= this.anchorOf(this.node));
  }
  get inputNode(): YAML.Node | undefined {
    return this.hasInput ? (this.node.get('input', true) as YAML.Node | undefined) : undefined;
  }

  /** The case's own assertions, then each scripted turn's (`turns: [{ user, assert }]`). */
  private readAssertions(value: Record<string, unknown>): void {
    const lists: [unknown, (node: YAML.YAMLMap) => unknown][] = [
      [value.assert, (node) => node.get('assert', true)],
    ];
    if (Array.isArray(value.turns))
      value.turns.forEach((turn: unknown, t) => {
        if (!isRecord(turn)) return;
        const turnNode = (node: YAML.YAMLMap) =>
          (node.get('turns', true) as unknown as YAML.YAMLSeq).items[t] as YAML.YAMLMap;
        lists.push([turn.assert, (node) => turnNode(node).get('assert', true)]);
      });
    for (const [list, listNode] of lists) {
      if (!Array.isArray(list)) continue;
      list.forEach((item: unknown, i) => {
        if (!isRecord(item)) return;
        const nodeOfItem = () => (listNode(this.node) as YAML.YAMLSeq).items[i] as YAML.YAMLMap;
        this.assertions.push(new ValueAssertion(item, nodeOfItem));
      });
    }
  }
}

type CaseFacts = Omit<FixtureCaseNode, 'index' | 'node' | 'anchor'>;

/** By case node: a case parsed before (FixtureParseCache) keeps its node, so these are read once. */
const factsOfNode = new WeakMap<YAML.YAMLMap, CaseFacts>();

/** A case's id, input and assertions as values; the same wherever the case sits in its file. */
function caseFacts(doc: YAML.Document, node: YAML.YAMLMap): CaseFacts {
  const known = factsOfNode.get(node);
  if (known) return known;
  const facts: CaseFacts = { assertions: [] };
  const id = node.get('id');
  if (typeof id === 'string') facts.id = id;
  const tools = node.get('tools', true);
  if (YAML.isMap(tools))
    facts.toolNames = tools.items.flatMap((p) =>
      YAML.isScalar(p.key) ? [String(p.key.value)] : [],
    );
  const inputNode = node.get('input', true);
  if (YAML.isNode(inputNode)) {
    facts.inputNode = inputNode;
    const input = yamlValue(doc, inputNode);
    if ('value' in input) facts.input = input.value;
  }
  // A case's own assertions, then each scripted turn's (`turns: [{ user, assert }]`).
  const turnsNode = node.get('turns', true);
  const turnAsserts = YAML.isSeq(turnsNode)
    ? turnsNode.items.map((turn) => (YAML.isMap(turn) ? turn.get('assert', true) : undefined))
    : [];
  for (const list of [node.get('assert', true), ...turnAsserts]) {
    if (!YAML.isSeq(list)) continue;
    for (const item of list.items) {
      const value = YAML.isMap(item) ? yamlValue(doc, item) : undefined;
      if (YAML.isMap(item) && value && 'value' in value)
        facts.assertions.push({ node: item, value: value.value as Record<string, unknown> });
    }
  }
  factsOfNode.set(node, facts);
  return facts;
}

export function caseOffset(entry: FixtureCaseNode): number {
  return caseOffsets.get(entry) ?? 0;
}

/** The YAML node at a JSON pointer-like path below `node`. */
export function nodeAtPath(
  node: YAML.Node | undefined,
  path: (string | number)[],
): YAML.Node | undefined {
  let current: unknown = node;
  for (const segment of path) {
    if (YAML.isMap(current)) current = current.get(String(segment), true);
    else if (YAML.isSeq(current)) current = current.get(Number(segment), true);
    else return undefined;
  }
  return YAML.isNode(current) ? current : undefined;
}

/** The node at `path`, or the deepest ancestor of it that exists (for a missing key: its map). */
export function deepestNodeAtPath(
  node: YAML.Node | undefined,
  path: (string | number)[],
): YAML.Node | undefined {
  for (let length = path.length; length >= 0; length--) {
    const found = nodeAtPath(node, path.slice(0, length));
    if (found) return found;
  }
  return node;
}

/** The key node of property `name` in a map node. */
export function keyNode(node: YAML.Node | undefined, name: string): YAML.Node | undefined {
  if (!YAML.isMap(node)) return undefined;
  const pair = node.items.find((p) => YAML.isScalar(p.key) && String(p.key.value) === name);
  return pair && YAML.isNode(pair.key) ? pair.key : undefined;
}

export interface InputProblem {
  kind: 'missing' | 'type' | 'undeclared';
  range: Range;
  message: string;
}

const inputProblemCache = new WeakMap<FixtureContext, InputProblem[]>();

/** Case inputs checked with Ajv against the prompt's input schema (over `input.default`). */
export function inputProblems(context: FixtureContext): InputProblem[] {
  const cached = inputProblemCache.get(context);
  if (cached) return cached;
  const problems: InputProblem[] = [];
  const prompt = context.prompt;
  const schema = prompt?.input.jsonSchema;
  const validate = schema ? compileSchema(schema) : undefined;
  if (prompt && validate && !(validate instanceof Error)) {
    const defaults = defaultsOf(prompt.analysis);
    for (const entry of context.cases) {
      const input =
        entry.input && typeof entry.input === 'object' && !Array.isArray(entry.input)
          ? (entry.input as Record<string, unknown>)
          : {};
      if (validate({ ...defaults, ...input })) continue;
      const offset = caseOffset(entry);
      const label = `case '${entry.id ?? `#${entry.index + 1}`}'`;
      for (const error of validate.errors ?? []) {
        const path = error.instancePath
          .split('/')
          .slice(1)
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
        if (error.keyword === 'required') {
          const missing = (error.params as { missingProperty: string }).missingProperty;
          const at = nodeAtPath(entry.inputNode, path) ?? entry.inputNode;
          const key = at === entry.inputNode ? keyNode(entry.node, 'input') : undefined;
          problems.push({
            kind: 'missing',
            range: context.rangeOf(key ?? at, offset) ?? entry.anchor,
            message: `${label}: input is missing required '${[...path, missing].join('.')}'.`,
          });
        } else if (error.keyword === 'additionalProperties') {
          const extra = (error.params as { additionalProperty: string }).additionalProperty;
          const key = keyNode(nodeAtPath(entry.inputNode, path), extra);
          problems.push({
            kind: 'undeclared',
            range: context.rangeOf(key, offset) ?? entry.anchor,
            message: `${label}: input '${[...path, extra].join('.')}' is not declared in the prompt's input schema.`,
          });
        } else {
          const at = nodeAtPath(entry.inputNode, path);
          problems.push({
            kind: 'type',
            range: context.rangeOf(at, offset) ?? entry.anchor,
            message: `${label}: input ${describeAjvError(error)}.`,
          });
        }
      }
    }
  }
  inputProblemCache.set(context, problems);
  return problems;
}

function defaultsOf(analysis: PromptAnalysis): Record<string, unknown> {
  const input = analysis.document.frontmatter?.data?.input;
  const defaults =
    input && typeof input === 'object' ? (input as { default?: unknown }).default : undefined;
  return defaults && typeof defaults === 'object' && !Array.isArray(defaults)
    ? (defaults as Record<string, unknown>)
    : {};
}
