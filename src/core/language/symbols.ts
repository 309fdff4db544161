import * as YAML from 'yaml';
import type { Range } from '../types';
import type { PromptAnalysis } from './analysis';
import { nodeRange } from './document';
import type { SchemaField } from './schema';

export type SymbolKind = 'namespace' | 'property' | 'field' | 'event' | 'module' | 'string';

export interface PromptSymbol {
  name: string;
  detail: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: PromptSymbol[];
}

export interface FoldingRegion {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** Outline: the frontmatter with its keys (and declared inputs), then one entry per message. */
export function documentSymbols(analysis: PromptAnalysis): PromptSymbol[] {
  const { document } = analysis;
  const symbols: PromptSymbol[] = [];
  const fm = document.frontmatter;
  if (fm) {
    const children: PromptSymbol[] = [];
    const contents = fm.yaml.contents;
    if (YAML.isMap(contents)) {
      for (const pair of contents.items) {
        if (!YAML.isScalar(pair.key)) continue;
        const keyRange = nodeRange(document, pair.key);
        if (!keyRange) continue;
        const valueRange = YAML.isNode(pair.value) ? nodeRange(document, pair.value) : undefined;
        const name = String(pair.key.value);
        const symbol: PromptSymbol = {
          name,
          detail: YAML.isScalar(pair.value) ? String(pair.value.value) : '',
          kind: 'property',
          range: valueRange ? { start: keyRange.start, end: valueRange.end } : keyRange,
          selectionRange: keyRange,
          children: [],
        };
        if (name === 'input') symbol.children = fieldSymbols(analysis.input.fields);
        children.push(symbol);
      }
    }
    symbols.push({
      name: 'frontmatter',
      detail: 'YAML',
      kind: 'namespace',
      range: fm.range,
      selectionRange: fm.range,
      children,
    });
  }
  symbols.push(...messageSymbols(analysis));
  return symbols;
}

function fieldSymbols(fields: SchemaField[]): PromptSymbol[] {
  return fields
    .filter((f) => f.keyRange)
    .map((f) => ({
      name: f.name,
      // Optional inputs say so: a case may leave them out, and the template must cope.
      detail: f.required ? f.type : `${f.type} (optional)`,
      kind: 'field' as const,
      range: f.keyRange as Range,
      selectionRange: f.keyRange as Range,
      children: fieldSymbols(f.children),
    }));
}

/**
 * One symbol per message the template produces: the text before the first marker is a `user`
 * message; `{{role}}` starts a message; `{{history}}` stands for the conversation and is followed
 * by a `model` message; `{{section}}` markers and partials are children of the message they are in.
 */
function messageSymbols(analysis: PromptAnalysis): PromptSymbol[] {
  const { document, template } = analysis;
  if (!document.analysed) return [];
  const end = document.lines.positionAt(document.text.length);
  const bodyStart = { line: document.bodyLine, character: 0 };
  const starts = template.markers.filter((m) => m.kind === 'role' || m.kind === 'history');
  const messages: PromptSymbol[] = [];
  const firstStart = starts[0]?.range.start;
  const hasLeadingText =
    document.body.trim().length > 0 &&
    (!firstStart ||
      document.text.slice(document.bodyOffset, document.lines.offsetAt(firstStart)).trim().length >
        0);
  if (hasLeadingText) {
    const range = { start: bodyStart, end: firstStart ?? end };
    messages.push({
      name: 'user',
      detail: 'message',
      kind: 'event',
      range,
      selectionRange: { start: bodyStart, end: bodyStart },
      children: [],
    });
  }
  starts.forEach((marker, index) => {
    const next = starts[index + 1];
    const range = { start: marker.range.start, end: next ? next.range.start : end };
    const name = marker.kind === 'history' ? 'history' : marker.name || 'role';
    messages.push({
      name,
      detail: marker.kind === 'history' ? 'conversation history' : 'message',
      kind: 'event',
      range,
      selectionRange: marker.range,
      children: [],
    });
  });
  const nested: { name: string; detail: string; kind: SymbolKind; range: Range }[] = [
    ...template.markers
      .filter((m) => m.kind === 'section')
      .map((m) => ({
        name: `section ${m.name}`,
        detail: 'section',
        kind: 'string' as const,
        range: m.range,
      })),
    ...template.partials.map((p) => ({
      name: `> ${p.name}`,
      detail: 'partial',
      kind: 'module' as const,
      range: p.statementRange,
    })),
  ];
  for (const item of nested) {
    const parent = [...messages].reverse().find((m) => before(m.range.start, item.range.start));
    const symbol = { ...item, selectionRange: item.range, children: [] };
    if (parent) parent.children.push(symbol);
    else messages.push(symbol);
  }
  return messages;
}

function before(
  a: { line: number; character: number },
  b: { line: number; character: number },
): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Folding: the frontmatter, each message, multi-line blocks and comments. */
export function foldingRegions(analysis: PromptAnalysis): FoldingRegion[] {
  const regions: FoldingRegion[] = [];
  const fm = analysis.document.frontmatter;
  if (fm && fm.range.end.line > fm.range.start.line)
    regions.push({ startLine: fm.range.start.line, endLine: fm.range.end.line, kind: 'region' });
  const messages = messageSymbols(analysis).filter((s) => s.kind === 'event');
  messages.forEach((message, index) => {
    // Stop above the next message's marker so that it stays visible when this one is folded.
    const endLine = message.range.end.line - (index < messages.length - 1 ? 1 : 0);
    if (endLine > message.range.start.line)
      regions.push({ startLine: message.range.start.line, endLine, kind: 'region' });
  });
  for (const scope of analysis.template.scopes) {
    // The block's body ends just before `{{/each}}`; keep the closing tag visible.
    const endLine = scope.range.end.line - 1;
    if (endLine > scope.range.start.line)
      regions.push({ startLine: scope.range.start.line, endLine });
  }
  return regions;
}
