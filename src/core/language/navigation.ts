import * as YAML from 'yaml';
import type { Position, Range } from '../types';
import type { PromptAnalysis } from './analysis';
import { nodeRange } from './document';
import { CONFIG_KEYS, FRONTMATTER_KEYS, PROMPTOPS_KEYS } from './frontmatter-keys';
import { DATA_VARIABLES, helperInfo } from './helpers';
import { findField } from './schema';
import { rangeContains } from './text';

export interface HoverResult {
  /** Markdown. Never contains model output; only our text and the prompt's own schema. */
  markdown: string;
  range: Range;
}

export interface DefinitionResult {
  /** Absent: the location is in the same file. */
  file?: string;
  range: Range;
}

export function hoverAt(
  analysis: PromptAnalysis,
  position: Position,
  resolvePartial?: (name: string) => string | undefined,
): HoverResult | undefined {
  const { template, input } = analysis;
  const variable = template.variables.find((v) => rangeContains(v.range, position));
  if (variable) {
    if (variable.data) {
      const name = variable.original.slice(1).split('.')[0] ?? '';
      const doc = DATA_VARIABLES[name];
      return {
        markdown: `\`${variable.original}\`${doc ? ` — ${doc}` : ' — Handlebars data variable'}`,
        range: variable.range,
      };
    }
    const field = variable.resolved ? findField(input.fields, variable.resolved) : undefined;
    if (field) {
      const lines = [
        `**${variable.resolved?.join('.')}**: \`${field.type}\`${field.required ? '' : ' *(optional)*'}`,
      ];
      if (field.description) lines.push('', escapeMarkdown(field.description));
      lines.push(
        '',
        `*Declared in \`input.schema\` (${input.format === 'json-schema' ? 'JSON Schema' : 'Picoschema'}).*`,
      );
      return { markdown: lines.join('\n'), range: variable.range };
    }
    if (input.format === 'none') {
      return {
        markdown: `\`${variable.original}\` — no \`input.schema\` declares the inputs of this prompt.`,
        range: variable.range,
      };
    }
    const why = variable.resolved
      ? 'is not declared in `input.schema`'
      : 'is relative to a value whose type is not known';
    return { markdown: `\`${variable.original}\` ${why}.`, range: variable.range };
  }
  const helper = template.helpers.find((h) => rangeContains(h.range, position));
  if (helper) {
    const info = helperInfo(helper.name);
    const markdown = info
      ? `\`${info.signature}\`\n\n${info.documentation}\n\n*${info.source === 'dotprompt' ? 'Dotprompt' : 'Handlebars'} helper.*`
      : `\`${helper.name}\` is not a helper Dotprompt knows; rendering will fail.`;
    return { markdown, range: helper.range };
  }
  const partial = template.partials.find((p) => rangeContains(p.range, position));
  if (partial) {
    const file = resolvePartial?.(partial.name);
    return {
      markdown: file
        ? `Partial \`${partial.name}\` — \`${file}\``
        : `Partial \`${partial.name}\` — no file \`_${partial.name}.prompt\` found.`,
      range: partial.range,
    };
  }
  return frontmatterHover(analysis, position);
}

function frontmatterHover(analysis: PromptAnalysis, position: Position): HoverResult | undefined {
  const { document } = analysis;
  const contents = document.frontmatter?.yaml.contents;
  if (!YAML.isMap(contents)) return undefined;
  for (const pair of contents.items) {
    if (!YAML.isScalar(pair.key)) continue;
    const range = nodeRange(document, pair.key);
    const key = String(pair.key.value);
    if (range && rangeContains(range, position)) {
      const doc = FRONTMATTER_KEYS[key] ?? PROMPTOPS_KEYS[key];
      return doc ? { markdown: `**${key}** — ${doc}`, range } : undefined;
    }
    if (key === 'config' && YAML.isMap(pair.value)) {
      for (const inner of pair.value.items) {
        if (!YAML.isScalar(inner.key)) continue;
        const innerRange = nodeRange(document, inner.key);
        const doc = CONFIG_KEYS[String(inner.key.value)];
        if (innerRange && doc && rangeContains(innerRange, position))
          return { markdown: `**config.${String(inner.key.value)}** — ${doc}`, range: innerRange };
      }
    }
  }
  return undefined;
}

/** From a variable to its schema key; from a partial to its file. */
export function definitionAt(
  analysis: PromptAnalysis,
  position: Position,
  resolvePartial?: (name: string) => string | undefined,
): DefinitionResult | undefined {
  const variable = analysis.template.variables.find((v) => rangeContains(v.range, position));
  if (variable?.resolved) {
    const field = findField(analysis.input.fields, variable.resolved);
    if (field?.keyRange) return { range: field.keyRange };
    return undefined;
  }
  const partial = analysis.template.partials.find((p) => rangeContains(p.range, position));
  if (partial) {
    const file = resolvePartial?.(partial.name);
    if (file)
      return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  }
  return undefined;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}
