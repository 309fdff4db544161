import * as YAML from 'yaml';
import { Severity, type Problem, type Range } from '../types';
import { parseTemplate, type HbsProgram } from './handlebars';
import type { PromptParseCache } from './parse-cache';
import { LineIndex, looksBinary } from './text';
import { yamlValue } from '../yaml';

/**
 * The largest prompt we analyse or render: 2 MiB of text is ~500k tokens, past any model's
 * context window, and Handlebars needs ~0.5 GB of memory to compile each MiB of template.
 */
export const MAX_PROMPT_LENGTH = 2 * 1024 * 1024;

export const SYNTAX_CODES = {
  binary: 'PO001',
  tooLarge: 'PO002',
  yamlSyntax: 'PO100',
  unterminatedFrontmatter: 'PO101',
  frontmatterNotMapping: 'PO102',
  templateSyntax: 'PO200',
} as const;

export interface Frontmatter {
  /** Offsets of the YAML text between the two `---` fences. */
  contentStart: number;
  contentEnd: number;
  /** The whole block, fences included. */
  range: Range;
  yaml: YAML.Document.Parsed;
  /** The parsed mapping, or undefined when the YAML is broken or not a mapping. */
  data: Record<string, unknown> | undefined;
}

export interface PromptDocument {
  text: string;
  lines: LineIndex;
  frontmatter?: Frontmatter;
  /** Offset and 0-based line where the template body starts. */
  bodyOffset: number;
  bodyLine: number;
  body: string;
  /** The template AST; absent when it does not parse or the file was not analysed. */
  ast?: HbsProgram;
  /** Syntax-level problems: binary or oversize content, YAML errors, template errors. */
  problems: Problem[];
  /** False for binary or oversize content, which is not analysed at all. */
  analysed: boolean;
}

export interface ParseOptions {
  /** Skip analysis above this many characters (default MAX_PROMPT_LENGTH). */
  maxLength?: number;
  /**
   * The previous parses of this document (the editor keeps one per open document): unchanged
   * frontmatter and unchanged parts of the template are not parsed again. The result is the same.
   */
  cache?: PromptParseCache;
}

export function parsePromptDocument(text: string, options: ParseOptions = {}): PromptDocument {
  const lines = new LineIndex(text);
  const whole = lines.range(0, Math.min(text.length, lines.lineText(0).length));
  if (looksBinary(text)) {
    return emptyDocument(text, lines, {
      code: SYNTAX_CODES.binary,
      message: 'This file contains binary data (NUL bytes); it is not a prompt template.',
      severity: Severity.Error,
      range: whole,
    });
  }
  const maxLength = options.maxLength ?? MAX_PROMPT_LENGTH;
  if (text.length > maxLength) {
    return emptyDocument(text, lines, {
      code: SYNTAX_CODES.tooLarge,
      message: `This file is ${(text.length / 1024 / 1024).toFixed(1)} MB; PromptOps analyses and renders prompts up to ${(maxLength / 1024 / 1024).toFixed(1)} MB (about ${Math.round(maxLength / 4 / 1000)}k tokens, more than any model's context window).`,
      severity: Severity.Error,
      range: whole,
    });
  }

  const problems: Problem[] = [];
  let frontmatter: Frontmatter | undefined;
  let bodyLine = 0;
  if (lines.lineText(0).trimEnd() === '---') {
    let close = -1;
    for (let line = 1; line < lines.lineCount; line++) {
      if (lines.lineText(line).trimEnd() === '---') {
        close = line;
        break;
      }
    }
    if (close < 0) {
      problems.push({
        code: SYNTAX_CODES.unterminatedFrontmatter,
        message:
          "The frontmatter opened by '---' on line 1 is never closed: add a '---' line after the YAML.",
        severity: Severity.Error,
        range: lines.range(0, 3),
      });
      // Treat the whole file as frontmatter so the body is not analysed as a template.
      bodyLine = lines.lineCount;
    } else {
      frontmatter = cachedFrontmatter(text, lines, close, problems, options.cache);
      bodyLine = close + 1;
    }
  }

  const bodyOffset = bodyLine >= lines.lineCount ? text.length : lines.lineStart(bodyLine);
  const body = text.slice(bodyOffset);
  const parsed = options.cache
    ? options.cache.parseTemplate(body, bodyLine + 1)
    : parseTemplate(body, bodyLine + 1);
  if (parsed.error) {
    const start = lines.offsetAt({
      line: bodyLine + parsed.error.start.line - 1,
      character: parsed.error.start.column,
    });
    let end = lines.offsetAt({
      line: bodyLine + parsed.error.end.line - 1,
      character: parsed.error.end.column,
    });
    if (end <= start) end = Math.min(text.length, start + 1);
    problems.push({
      code: SYNTAX_CODES.templateSyntax,
      message: parsed.error.message,
      severity: Severity.Error,
      range: lines.range(start, end),
    });
  }
  const doc: PromptDocument = { text, lines, bodyOffset, bodyLine, body, problems, analysed: true };
  if (frontmatter) doc.frontmatter = frontmatter;
  if (parsed.ast) doc.ast = parsed.ast;
  return doc;
}

function emptyDocument(text: string, lines: LineIndex, problem: Problem): PromptDocument {
  return {
    text,
    lines,
    bodyOffset: 0,
    bodyLine: 0,
    body: '',
    problems: [problem],
    analysed: false,
  };
}

/** The frontmatter parsed again only when the text through its closing fence changed. */
function cachedFrontmatter(
  text: string,
  lines: LineIndex,
  closeLine: number,
  problems: Problem[],
  cache: PromptParseCache | undefined,
): Frontmatter {
  if (!cache) return parseFrontmatter(text, lines, 1, closeLine, problems);
  // Everything the frontmatter holds (ranges too) depends on this text only: it starts the file.
  const key = text.slice(0, lines.lineStart(closeLine) + lines.lineText(closeLine).length);
  let cached = cache.frontmatter;
  if (cached?.key !== key) {
    const own: Problem[] = [];
    cached = { key, value: parseFrontmatter(text, lines, 1, closeLine, own), problems: own };
    cache.frontmatter = cached;
  }
  problems.push(...cached.problems);
  return cached.value;
}

function parseFrontmatter(
  text: string,
  lines: LineIndex,
  firstLine: number,
  closeLine: number,
  problems: Problem[],
): Frontmatter {
  const contentStart = lines.lineStart(firstLine);
  // The YAML ends where the closing fence's line starts (its preceding newline stays in).
  const contentEnd = lines.lineStart(closeLine);
  const yamlText = text.slice(contentStart, contentEnd);
  const yaml = YAML.parseDocument(yamlText, {
    prettyErrors: false,
    uniqueKeys: true,
    keepSourceTokens: false,
  });
  for (const error of [...yaml.errors, ...yaml.warnings]) {
    // yaml reports end-of-input errors past the last line; keep them on the YAML's last line.
    const last = Math.max(contentStart, contentEnd - 1);
    const from = Math.min(contentStart + error.pos[0], last);
    const to = Math.min(Math.max(contentStart + error.pos[1], from + 1), Math.max(last, from + 1));
    problems.push({
      code: SYNTAX_CODES.yamlSyntax,
      message: `YAML: ${firstSentence(error.message)}`,
      severity: error instanceof YAML.YAMLWarning ? Severity.Warning : Severity.Error,
      range: lines.range(from, to),
    });
  }
  let data: Record<string, unknown> | undefined;
  const converted = yaml.errors.length === 0 ? yamlValue(yaml) : undefined;
  if (converted && 'error' in converted) {
    problems.push({
      code: SYNTAX_CODES.yamlSyntax,
      message: `YAML: ${converted.error}`,
      severity: Severity.Error,
      range: lines.range(contentStart, Math.max(contentStart + 1, contentEnd - 1)),
    });
  } else if (converted) {
    const value = converted.value;
    if (value === null || value === undefined) data = {};
    else if (typeof value === 'object' && !Array.isArray(value))
      data = value as Record<string, unknown>;
    else {
      problems.push({
        code: SYNTAX_CODES.frontmatterNotMapping,
        message:
          'The frontmatter must be a YAML mapping of keys (model, config, input, output, …).',
        severity: Severity.Error,
        range: lines.range(contentStart, Math.max(contentStart + 1, contentEnd - 1)),
      });
    }
  }
  const range = lines.range(
    lines.lineStart(firstLine - 1),
    lines.lineStart(closeLine) + lines.lineText(closeLine).length,
  );
  return { contentStart, contentEnd, range, yaml, data };
}

function firstSentence(message: string): string {
  // yaml's messages end with a code excerpt after a blank line; the range already points there.
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/** The YAML node at a dotted key path (`input.schema`), with its document range. */
export function frontmatterNode(
  doc: PromptDocument,
  path: (string | number)[],
): YAML.Node | undefined {
  const node = doc.frontmatter?.yaml.getIn(path, true);
  return YAML.isNode(node) ? node : undefined;
}

export function nodeRange(doc: PromptDocument, node: YAML.Node): Range | undefined {
  if (!doc.frontmatter || !node.range) return undefined;
  const base = doc.frontmatter.contentStart;
  return doc.lines.range(base + node.range[0], base + node.range[1]);
}
