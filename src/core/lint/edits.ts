import * as YAML from 'yaml';
import type { PromptAnalysis } from '../language/analysis';
import { frontmatterNode } from '../language/document';
import type { LineIndex } from '../language/text';
import type { Range } from '../types';
import type { Fix, TextEdit } from './types';

function at(lines: LineIndex, offset: number): Range {
  const position = lines.positionAt(offset);
  return { start: position, end: position };
}

/**
 * The edit that declares input `name` in the prompt's input schema: a line in the Picoschema
 * or JSON Schema map (block or flow style), or a new `input.schema` section when there is none.
 */
export function declareInputEdit(
  analysis: PromptAnalysis,
  name: string,
  picoType = 'string',
): TextEdit | undefined {
  const { document, input } = analysis;
  const lines = document.lines;
  const fm = document.frontmatter;
  if (!fm) {
    return {
      range: at(lines, 0),
      newText: `---\ninput:\n  schema:\n    ${name}: ${picoType}\n---\n`,
    };
  }
  const schemaNode = frontmatterNode(document, ['input', 'schema']);
  if (!schemaNode) {
    if (frontmatterNode(document, ['input'])) return undefined; // `input:` without schema: leave the layout to the author
    return {
      range: at(lines, fm.contentEnd),
      newText: `input:\n  schema:\n    ${name}: ${picoType}\n`,
    };
  }
  const jsonSchema = input.format === 'json-schema';
  const map =
    jsonSchema && YAML.isMap(schemaNode) ? schemaNode.get('properties', true) : schemaNode;
  if (!YAML.isMap(map)) return undefined;
  const entry = jsonSchema
    ? `${name}: { type: ${picoType === 'string' ? 'string' : picoType} }`
    : `${name}: ${picoType}`;
  const mapRange = map.range;
  if (!mapRange) return undefined;
  const base = fm.contentStart;
  const lastPair = map.items[map.items.length - 1];
  const lastNode =
    lastPair &&
    (YAML.isNode(lastPair.value)
      ? lastPair.value
      : YAML.isNode(lastPair.key)
        ? lastPair.key
        : undefined);
  if (map.flow) {
    // `{ a: string }` → `{ a: string, name: string }`; `{}` → `{ name: string }`
    if (lastNode?.range)
      return { range: at(lines, base + lastNode.range[1]), newText: `, ${entry}` };
    return {
      range: at(lines, document.text.lastIndexOf('}', base + mapRange[1])),
      newText: ` ${entry} `,
    };
  }
  const first = map.items[0]?.key;
  if (!YAML.isNode(first) || !first.range || !lastPair) return undefined;
  const indent = lines.positionAt(base + first.range[0]).character;
  const end = lastNode?.range ? base + lastNode.range[1] : base + mapRange[1];
  // Insert at the start of the line after the last entry's value.
  const endPosition = lines.positionAt(end);
  const lineAfter = endPosition.character === 0 ? endPosition.line : endPosition.line + 1;
  const insertAt = lineAfter >= lines.lineCount ? document.text.length : lines.lineStart(lineAfter);
  const prefix = insertAt === document.text.length && !document.text.endsWith('\n') ? '\n' : '';
  return { range: at(lines, insertAt), newText: `${prefix}${' '.repeat(indent)}${entry}\n` };
}

/** The edit that removes input `name` from a block-style schema map: its key line and nested lines. */
export function removeInputEdit(analysis: PromptAnalysis, name: string): TextEdit | undefined {
  const { document, input } = analysis;
  const schemaNode = frontmatterNode(document, ['input', 'schema']);
  const map =
    input.format === 'json-schema' && YAML.isMap(schemaNode)
      ? schemaNode.get('properties', true)
      : schemaNode;
  if (!YAML.isMap(map) || map.flow || !document.frontmatter) return undefined;
  const base = document.frontmatter.contentStart;
  const lines = document.lines;
  for (const pair of map.items) {
    if (!YAML.isScalar(pair.key) || !pair.key.range) continue;
    const written = String(pair.key.value);
    const property =
      input.format === 'picoschema'
        ? (written.split('(')[0] ?? written).replace(/\?$/, '')
        : written;
    if (property !== name) continue;
    const startLine = lines.positionAt(base + pair.key.range[0]).line;
    const valueEnd =
      YAML.isNode(pair.value) && pair.value.range
        ? base + pair.value.range[1]
        : base + pair.key.range[1];
    const endPosition = lines.positionAt(valueEnd);
    const endLine = endPosition.character === 0 ? endPosition.line : endPosition.line + 1;
    const end = endLine >= lines.lineCount ? document.text.length : lines.lineStart(endLine);
    return { range: lines.range(lines.lineStart(startLine), end), newText: '' };
  }
  return undefined;
}

/** A fix that adds a `promptops-disable-next-line` comment above the problem's line. */
export function suppressionFix(
  lines: LineIndex,
  range: Range,
  code: string,
  style: 'template' | 'yaml',
): Fix {
  const line = range.start.line;
  const indent = /^\s*/.exec(lines.lineText(line))?.[0] ?? '';
  const comment =
    style === 'template'
      ? `{{! promptops-disable-next-line ${code} }}`
      : `# promptops-disable-next-line ${code}`;
  const start = lines.lineStart(line);
  const position = lines.positionAt(start);
  return {
    title: `Suppress ${code} on this line`,
    edits: [{ range: { start: position, end: position }, newText: `${indent}${comment}\n` }],
  };
}

/** Whether a body offset of a prompt is inside the frontmatter (YAML comments) or the template. */
export function commentStyleAt(
  analysis: PromptAnalysis | undefined,
  range: Range,
): 'template' | 'yaml' {
  const fm = analysis?.document.frontmatter;
  if (fm && range.start.line > fm.range.start.line && range.start.line < fm.range.end.line)
    return 'yaml';
  return analysis ? 'template' : 'yaml';
}
