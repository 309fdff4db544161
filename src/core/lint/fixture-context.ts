import * as YAML from 'yaml';
import { caseBlocks } from '../eval/case-lines';
import { FixtureCaseSchema } from '../eval/fixtures';
import type { PromptAnalysis } from '../language/analysis';
import { LineIndex } from '../language/text';
import type { Range } from '../types';
import { yamlValue } from '../yaml';
import { compileSchema, describeAjvError } from '../schema/compile';
import type { FixtureCaseNode, FixtureContext } from './types';

/** Where each case's document starts (JSONL: its line); YAML node ranges are relative to it. */
const caseOffsets = new WeakMap<FixtureCaseNode, number>();

/** One case item parsed on its own: its document and the case's value. */
interface ParsedCase {
  doc: YAML.Document.Parsed;
  value: unknown;
  /** The value is a case of the fixture format (FixtureCaseSchema). */
  valid: boolean;
}

/**
 * What the previous lints of one fixture file parsed, case item by case item, by the item's text
 * (the editor keeps one per open fixture file, in LintOptions): an edit parses its case again,
 * not the other 9,999.
 */
export class FixtureParseCache {
  cases = new Map<string, ParsedCase>();
  /** JSONL: each line's document by the line's text. */
  lines = new Map<string, YAML.Document.Parsed>();
  /** `whole: true` parses every file whole: the reference the case-by-case parse is tested against. */
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
  return { doc, value, valid: FixtureCaseSchema.safeParse(value).success };
}

/**
 * A YAML fixture file's case items, each parsed as its own document (its node ranges relative to
 * the item's first line), when the line reader finds the plain layout and the file, put back
 * together, is a valid fixture file: then nothing the whole parse would report (PO300) is lost.
 * Undefined otherwise, and the caller parses the whole file, which reports what is wrong.
 */
function caseDocuments(
  text: string,
  cache: FixtureParseCache | undefined,
): FixtureContext['documents'] | undefined {
  const blocks = cache?.options.whole ? undefined : caseBlocks(text);
  if (!blocks) return undefined;
  const documents: FixtureContext['documents'] = [];
  const parsed = new Map<string, ParsedCase>();
  for (const { start, end } of blocks) {
    const source = text.slice(start, end);
    // An item seen before in this file is parsed again: each case has nodes of its own.
    const item = (parsed.has(source) ? undefined : cache?.cases.get(source)) ?? parseCase(source);
    // FixtureFileSchema with only `cases` is valid exactly when each case is valid.
    if (!item?.valid) {
      if (cache && cache.cases.size < 2 * blocks.length)
        for (const [key, value] of parsed) cache.cases.set(key, value);
      return undefined;
    }
    parsed.set(source, item);
    documents.push({ doc: item.doc, offset: start });
  }
  if (cache) cache.cases = parsed;
  return documents;
}

function parseDocuments(
  text: string,
  file: string,
  lines: LineIndex,
  cache: FixtureParseCache | undefined,
): Pick<FixtureContext, 'documents' | 'caseByCase'> {
  const documents: FixtureContext['documents'] = [];
  if (file.endsWith('.jsonl')) {
    // JSON is YAML: parsing each line with the YAML parser keeps node ranges for every value.
    const parsed = new Map<string, YAML.Document.Parsed>();
    for (let line = 0; line < lines.lineCount; line++) {
      const content = lines.lineText(line);
      if (!content.trim()) continue;
      // A line seen before in this file is parsed again: each case has nodes of its own.
      const doc =
        (parsed.has(content) ? undefined : cache?.lines.get(content)) ??
        YAML.parseDocument(content);
      parsed.set(content, doc);
      documents.push({ doc, offset: lines.lineStart(line) });
    }
    if (cache) cache.lines = parsed;
    return { documents };
  }
  const byCase = caseDocuments(text, cache);
  if (byCase) return { documents: byCase, caseByCase: true };
  return { documents: [{ doc: YAML.parseDocument(text), offset: 0 }] };
}

export function buildFixtureContext(
  text: string,
  file: string,
  prompt?: FixtureContext['prompt'],
  cache?: FixtureParseCache,
): FixtureContext {
  const lines = new LineIndex(text);
  const { documents, caseByCase } = parseDocuments(text, file, lines, cache);
  const rangeOf = (node: YAML.Node | null | undefined, documentOffset = 0): Range | undefined =>
    node?.range
      ? lines.range(documentOffset + node.range[0], documentOffset + node.range[1])
      : undefined;
  const cases: FixtureCaseNode[] = [];
  const addCase = (doc: YAML.Document, node: unknown, offset: number) => {
    if (!YAML.isMap(node)) return;
    const idNode = node.get('id', true);
    const anchor =
      rangeOf(YAML.isNode(idNode) ? idNode : node, offset) ?? lines.range(offset, offset);
    const entry: FixtureCaseNode = { index: cases.length, node, anchor, ...caseFacts(doc, node) };
    caseOffsets.set(entry, offset);
    cases.push(entry);
  };
  for (const { doc, offset } of documents) {
    if (doc.errors.length) continue;
    if (file.endsWith('.jsonl') || caseByCase) {
      addCase(
        doc,
        caseByCase && YAML.isSeq(doc.contents) ? doc.contents.items[0] : doc.contents,
        offset,
      );
    } else if (YAML.isMap(doc.contents)) {
      const list = doc.contents.get('cases', true);
      if (YAML.isSeq(list)) for (const item of list.items) addCase(doc, item, offset);
    }
  }
  const context: FixtureContext = { file, text, lines, documents, cases, rangeOf };
  if (caseByCase) context.caseByCase = true;
  if (prompt) context.prompt = prompt;
  return context;
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
