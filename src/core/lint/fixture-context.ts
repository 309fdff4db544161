import * as YAML from 'yaml';
import type { PromptAnalysis } from '../language/analysis';
import { LineIndex } from '../language/text';
import type { Range } from '../types';
import { yamlValue } from '../yaml';
import { compileSchema, describeAjvError } from '../schema/compile';
import type { FixtureCaseNode, FixtureContext } from './types';

/** Where each case's document starts (JSONL: its line); YAML node ranges are relative to it. */
const caseOffsets = new WeakMap<FixtureCaseNode, number>();

export function buildFixtureContext(
  text: string,
  file: string,
  prompt?: FixtureContext['prompt'],
): FixtureContext {
  const lines = new LineIndex(text);
  const documents: FixtureContext['documents'] = [];
  if (file.endsWith('.jsonl')) {
    // JSON is YAML: parsing each line with the YAML parser keeps node ranges for every value.
    for (let line = 0; line < lines.lineCount; line++) {
      const content = lines.lineText(line);
      if (content.trim())
        documents.push({ doc: YAML.parseDocument(content), offset: lines.lineStart(line) });
    }
  } else {
    documents.push({ doc: YAML.parseDocument(text), offset: 0 });
  }
  const rangeOf = (node: YAML.Node | null | undefined, documentOffset = 0): Range | undefined =>
    node?.range
      ? lines.range(documentOffset + node.range[0], documentOffset + node.range[1])
      : undefined;
  const cases: FixtureCaseNode[] = [];
  const addCase = (doc: YAML.Document, node: unknown, offset: number) => {
    if (!YAML.isMap(node)) return;
    const idNode = node.get('id', true);
    const inputNode = node.get('input', true);
    const assertNode = node.get('assert', true);
    const anchor =
      rangeOf(YAML.isNode(idNode) ? idNode : node, offset) ?? lines.range(offset, offset);
    const entry: FixtureCaseNode = { index: cases.length, node, anchor, assertions: [] };
    const id = node.get('id');
    if (typeof id === 'string') entry.id = id;
    if (YAML.isNode(inputNode)) {
      entry.inputNode = inputNode;
      const input = yamlValue(doc, inputNode);
      if ('value' in input) entry.input = input.value;
    }
    // A case's own assertions, then each scripted turn's (`turns: [{ user, assert }]`).
    const turnsNode = node.get('turns', true);
    const turnAsserts = YAML.isSeq(turnsNode)
      ? turnsNode.items.map((turn) => (YAML.isMap(turn) ? turn.get('assert', true) : undefined))
      : [];
    for (const list of [assertNode, ...turnAsserts]) {
      if (!YAML.isSeq(list)) continue;
      for (const item of list.items) {
        const value = YAML.isMap(item) ? yamlValue(doc, item) : undefined;
        if (YAML.isMap(item) && value && 'value' in value)
          entry.assertions.push({ node: item, value: value.value as Record<string, unknown> });
      }
    }
    caseOffsets.set(entry, offset);
    cases.push(entry);
  };
  for (const { doc, offset } of documents) {
    if (doc.errors.length) continue;
    if (file.endsWith('.jsonl')) {
      addCase(doc, doc.contents, offset);
    } else if (YAML.isMap(doc.contents)) {
      const list = doc.contents.get('cases', true);
      if (YAML.isSeq(list)) for (const item of list.items) addCase(doc, item, offset);
    }
  }
  const context: FixtureContext = { file, text, lines, documents, cases, rangeOf };
  if (prompt) context.prompt = prompt;
  return context;
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
