import type { Position, Range } from '../types';
import type { PromptAnalysis } from './analysis';
import { parsePromptDocument } from './document';
import { DATA_VARIABLES, HELPERS, ROLES } from './helpers';
import { findField, type SchemaField } from './schema';
import { analyzeTemplate, type BlockScope } from './template';
import { rangeContains } from './text';
import { CONFIG_KEYS, FRONTMATTER_KEYS, PROMPTOPS_KEYS } from './frontmatter-keys';

export type CompletionKind =
  | 'variable'
  | 'field'
  | 'helper'
  | 'partial'
  | 'keyword'
  | 'data'
  | 'property';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert; a VS Code snippet when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  /** The text the item replaces (the word typed so far). */
  range: Range;
  sortText?: string;
}

export interface CompletionContext {
  /** Partial names visible from this prompt. */
  partials?: string[];
}

/** Completion at `position`: variables, helpers, partials and roles inside `{{ }}`, keys in the frontmatter. */
export function complete(
  analysis: PromptAnalysis,
  position: Position,
  context: CompletionContext = {},
): CompletionItem[] {
  const { document } = analysis;
  if (!document.analysed) return [];
  const offset = document.lines.offsetAt(position);
  if (
    document.frontmatter &&
    offset >= document.frontmatter.contentStart &&
    offset <= document.frontmatter.contentEnd
  ) {
    return completeFrontmatter(analysis, position);
  }
  const open = openExpressionAt(analysis, offset);
  if (open === undefined) return [];
  const inside = document.text.slice(open + 2, offset);
  const word = /[@\w./-]*$/.exec(inside)?.[0] ?? '';
  const wordRange = document.lines.range(offset - word.length, offset);

  const head = inside.replace(/^[{~&]+/, '').trimStart();
  if (head.startsWith('!')) return [];
  if (head.startsWith('>')) return partialItems(context.partials ?? [], wordRange);
  const roleMatch = /\brole\s+"([^"]*)$/.exec(inside);
  if (roleMatch) return roleItems(analysis, offset, roleMatch[1] ?? '');
  if (/"[^"]*$/.test(inside)) return []; // inside another string literal

  const scope = scopeAt(analysis, position, open, offset);
  if (head.startsWith('/')) return closeBlockItems(scope, wordRange);
  if (head.startsWith('#')) {
    return HELPERS.filter((h) => h.block).map((h) => helperItem(h.name, wordRange));
  }
  const dot = word.lastIndexOf('.');
  if (dot >= 0) {
    // `user.na`, `this.te`, `@root.qu`, `doc.ti`: complete the properties of what is before the dot.
    const fields = fieldsForPath(analysis, word.slice(0, dot), scope);
    const memberRange = document.lines.range(offset - (word.length - dot - 1), offset);
    return fields.map((f) => fieldItem(f, memberRange, 'field'));
  }
  if (word.startsWith('@')) return dataItems(scope, wordRange);
  const items = variableItems(analysis, scope, wordRange);
  if (/^[#/]?[\w-]*$/.test(head))
    items.push(...HELPERS.filter((h) => !h.block).map((h) => helperItem(h.name, wordRange)));
  return items;
}

/** Where the `{{` the cursor is inside starts, or undefined when it is not inside one in the body. */
function openExpressionAt(analysis: PromptAnalysis, offset: number): number | undefined {
  const { document } = analysis;
  if (offset < document.bodyOffset) return undefined;
  const open = document.text.lastIndexOf('{{', offset - 1);
  if (open < document.bodyOffset) return undefined;
  const close = document.text.lastIndexOf('}}', offset - 1);
  if (close > open && close + 2 <= offset) return undefined;
  return open;
}

/** `{{role "us‸`: the message roles. */
function roleItems(analysis: PromptAnalysis, offset: number, typed: string): CompletionItem[] {
  return ROLES.map((role) => ({
    label: role,
    kind: 'keyword',
    detail: 'message role',
    insertText: role,
    range: analysis.document.lines.range(offset - typed.length, offset),
  }));
}

/** `{{/‸`: the block helpers, the innermost open one first. */
function closeBlockItems(scope: BlockScope | undefined, range: Range): CompletionItem[] {
  const innermost = scope?.helper;
  return HELPERS.filter((h) => h.block).map((h) => ({
    label: h.name,
    kind: 'helper',
    detail: 'close block',
    insertText: h.name,
    range,
    sortText: h.name === innermost ? '0' : `1${h.name}`,
  }));
}

/** `{{@‸`: the data variables; the loop ones only inside `#each`. */
function dataItems(scope: BlockScope | undefined, range: Range): CompletionItem[] {
  return Object.entries(DATA_VARIABLES)
    .filter(([name]) => scope?.iterates || !['index', 'first', 'last', 'key'].includes(name))
    .map(([name, doc]) => ({
      label: `@${name}`,
      kind: 'data',
      documentation: doc,
      insertText: `@${name}`,
      range,
    }));
}

/** What a bare name can be here: the context's fields, block parameters, and inside a block `@root`/`@index`. */
function variableItems(
  analysis: PromptAnalysis,
  scope: BlockScope | undefined,
  range: Range,
): CompletionItem[] {
  const contextFields = scope
    ? scope.context
      ? fieldsForPath(analysis, 'this', scope)
      : []
    : analysis.input.fields;
  const items = contextFields.map((f) => fieldItem(f, range, 'variable'));
  for (const [name, bound] of Object.entries(scope?.blockParams ?? {})) {
    const field = bound ? findField(analysis.input.fields, bound) : undefined;
    items.push({
      label: name,
      kind: 'variable',
      detail: field ? `${field.type} (block parameter)` : 'block parameter',
      insertText: name,
      range,
      sortText: `0${name}`,
    });
  }
  if (scope) {
    items.push({
      label: '@root',
      kind: 'data',
      documentation: DATA_VARIABLES.root ?? '',
      insertText: '@root',
      range,
    });
    if (scope.iterates)
      items.push({
        label: '@index',
        kind: 'data',
        documentation: DATA_VARIABLES.index ?? '',
        insertText: '@index',
        range,
      });
  }
  return items;
}

function helperItem(name: string, range: Range): CompletionItem {
  const info = HELPERS.find((h) => h.name === name);
  return {
    label: name,
    kind: 'helper',
    detail: info ? `${info.source} helper` : 'helper',
    documentation: info ? `${info.signature}\n\n${info.documentation}` : '',
    insertText: info?.snippet ?? name,
    snippet: true,
    range,
    sortText: `2${name}`,
  };
}

function fieldItem(field: SchemaField, range: Range, kind: CompletionKind): CompletionItem {
  const item: CompletionItem = {
    label: field.name,
    kind,
    detail: `${field.type}${field.required ? '' : ' (optional)'}`,
    insertText: field.name,
    range,
    sortText: `1${field.name}`,
  };
  if (field.description) item.documentation = field.description;
  return item;
}

function partialItems(partials: string[], range: Range): CompletionItem[] {
  return partials.map((name) => ({
    label: name,
    kind: 'partial',
    detail: `_${name}.prompt`,
    insertText: name,
    range,
  }));
}

/** Fields reachable through a written path such as `user`, `this`, `@root.user` or `doc`. */
function fieldsForPath(
  analysis: PromptAnalysis,
  written: string,
  scope: BlockScope | undefined,
): SchemaField[] {
  const parts = written.split(/[./]/).filter((p) => p !== '' && p !== '..');
  let base: string[] | undefined = [];
  if (parts[0] === '@root') parts.shift();
  else if (parts[0] === 'this') {
    parts.shift();
    base = scope ? scope.context : [];
  } else if (scope && parts[0] && parts[0] in scope.blockParams) {
    base = scope.blockParams[parts.shift() as string];
  } else if (scope) {
    base = scope.context;
  }
  if (!base) return [];
  const path = [...base, ...parts];
  if (path.length === 0) return analysis.input.fields;
  return findField(analysis.input.fields, path)?.children ?? [];
}

/**
 * The innermost `{{#each}}`/`{{#with}}` around the cursor. While typing, the template usually
 * does not parse: blank out the mustache being typed and analyse that instead.
 */
function scopeAt(
  analysis: PromptAnalysis,
  position: Position,
  open: number,
  offset: number,
): BlockScope | undefined {
  let scopes = analysis.template.scopes;
  if (!analysis.document.ast) {
    const text = analysis.document.text;
    const patched = text.slice(0, open) + ' '.repeat(offset - open) + text.slice(offset);
    const reparsed = parsePromptDocument(patched);
    scopes = analyzeTemplate(reparsed).scopes;
  }
  const containing = scopes.filter((s) => rangeContains(s.range, position));
  // Scopes are recorded outer-first, so the last one containing the cursor is the innermost.
  return containing[containing.length - 1];
}

function completeFrontmatter(analysis: PromptAnalysis, position: Position): CompletionItem[] {
  const line = analysis.document.lines.lineText(position.line).slice(0, position.character);
  const keyMatch = /^(\s*)([\w.]*)$/.exec(line);
  if (!keyMatch) return [];
  const indent = keyMatch[1]?.length ?? 0;
  const typed = keyMatch[2] ?? '';
  const range = {
    start: { line: position.line, character: position.character - typed.length },
    end: position,
  };
  if (indent === 0) {
    // Read the keys from the lines, not the parsed YAML: while typing, the YAML is often broken.
    const present = new Set<string>();
    const fm = analysis.document.frontmatter;
    const lines = analysis.document.lines;
    for (let l = fm ? fm.range.start.line + 1 : 0; fm && l < fm.range.end.line; l++) {
      const key = /^([\w.]+)\s*:/.exec(lines.lineText(l))?.[1];
      if (key && l !== position.line) present.add(key);
    }
    return [
      ...Object.entries(FRONTMATTER_KEYS).filter(([k]) => k !== 'raw' && k !== 'ext'),
      ...Object.entries(PROMPTOPS_KEYS),
    ]
      .filter(([key]) => !present.has(key))
      .map(([key, doc]) => ({
        label: key,
        kind: 'property',
        documentation: doc,
        insertText: `${key}: `,
        range,
      }));
  }
  // Under `config:`, offer model parameters.
  for (let l = position.line - 1; l >= 0; l--) {
    const text = analysis.document.lines.lineText(l);
    if (/^\S/.test(text)) {
      if (/^config\s*:/.test(text)) {
        return Object.entries(CONFIG_KEYS).map(([key, doc]) => ({
          label: key,
          kind: 'property',
          documentation: doc,
          insertText: `${key}: `,
          range,
        }));
      }
      break;
    }
  }
  return [];
}
