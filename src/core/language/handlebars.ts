// The Handlebars build that dotprompt itself compiles with, so our AST is the one it renders.
import HandlebarsModule from 'handlebars/dist/cjs/handlebars.js';

export type HbsProgram = hbs.AST.Program;
export type HbsNode = hbs.AST.Node;

const Handlebars = HandlebarsModule as unknown as typeof import('handlebars');

/** Where Jison reports a parse error: 1-based lines, 0-based columns, of the template text. */
interface JisonLocation {
  first_line: number;
  first_column: number;
  last_line: number;
  last_column: number;
}

export interface TemplateSyntaxError {
  message: string;
  /** 1-based line and 0-based column, of the template text given to `parseTemplate`. */
  start: { line: number; column: number };
  end: { line: number; column: number };
}

interface JisonParser {
  parseError(message: string, hash: { loc?: JisonLocation; line?: number }): never;
}

/**
 * Handlebars only puts the line of a syntax error in its message; Jison calls `parseError` with
 * the exact location. The shared parser gets a wrapper, installed once, that records it and
 * otherwise behaves as before (installing and deleting it per call would deoptimise the parser).
 */
let lastErrorLocation: JisonLocation | undefined;
const parser = (Handlebars as unknown as { Parser: JisonParser }).Parser;
const originalParseError = parser.parseError;
parser.parseError = function (message, hash) {
  lastErrorLocation = hash?.loc;
  return originalParseError.call(this, message, hash);
};

/**
 * Parses a Handlebars template into an AST with locations; syntax errors come back as data.
 * `firstLine` is the 1-based line of the file the template starts on, for line numbers in messages.
 */
export function parseTemplate(
  template: string,
  firstLine = 1,
): { ast?: HbsProgram; error?: TemplateSyntaxError } {
  lastErrorLocation = undefined;
  try {
    // Without whitespace control: it only rewrites content text (which we never read) and costs ~25%.
    return { ast: Handlebars.parseWithoutProcessing(template) };
  } catch (error) {
    const unclosed = unclosedBlockError(error, template, firstLine);
    return { error: unclosed ?? toSyntaxError(error, lastErrorLocation, template) };
  }
}

/**
 * The template ended inside a block: name the block that is never closed and point at its
 * opening, not at the end of the file where the parser gave up.
 */
function unclosedBlockError(
  error: unknown,
  template: string,
  firstLine: number,
): TemplateSyntaxError | undefined {
  const raw = error instanceof Error ? error.message : String(error);
  if (!/Expecting .*'OPEN_ENDBLOCK'.*, got 'EOF'/.test(raw.replace(/\n/g, ' '))) return undefined;
  const open = innermostOpenBlock(template);
  if (!open) return undefined;
  const before = template.slice(0, open.offset);
  const line = before.split('\n').length;
  const column = open.offset - (before.lastIndexOf('\n') + 1);
  return {
    message: `\`{{${open.sigil}${open.name}}}\` opened on line ${firstLine + line - 1} is never closed: add \`{{/${open.name}}}\``,
    start: { line, column },
    end: { line, column: column + open.length },
  };
}

/** The last block opened (`{{#name …}}`, `{{^name}}`) that no `{{/name}}` closes; comments are skipped. */
function innermostOpenBlock(
  template: string,
): { name: string; sigil: string; offset: number; length: number } | undefined {
  // Blank out comments, keeping offsets, so a block written inside one does not count.
  const text = template.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, (c) =>
    c.replace(/[^\n]/g, ' '),
  );
  const stack: { name: string; sigil: string; offset: number; length: number }[] = [];
  for (const match of text.matchAll(/\{\{~?\s*([#^/])\s*(\*?>?)\s*([^\s}~()]+)/g)) {
    const [whole, sigil = '', partial = '', name = ''] = match;
    if (sigil === '/') {
      const at = stack.map((b) => b.name).lastIndexOf(name);
      if (at >= 0) stack.length = at;
    } else {
      stack.push({ name, sigil: sigil + partial, offset: match.index, length: whole.length });
    }
  }
  return stack.at(-1);
}

function toSyntaxError(
  error: unknown,
  location: JisonLocation | undefined,
  template: string,
): TemplateSyntaxError {
  const raw = error instanceof Error ? error.message : String(error);
  const exception = error as {
    lineNumber?: number;
    column?: number;
    endLineNumber?: number;
    endColumn?: number;
  };
  // The last line of a Jison message says what was expected; the excerpt lines say where.
  const lines = raw.split('\n');
  const expected = lines.length >= 4 ? lines.slice(3).join(' ') : raw;
  const message = simplifyExpected(expected);
  const open = unclosedMustache(template);
  if (open && location && location.first_line >= open.line) {
    // A mustache that never closes: point at its `{{`, not where the parser gave up.
    return {
      message: "Unclosed '{{': expected '}}' before the end of the template",
      start: open,
      end: { line: open.line, column: open.column + 2 },
    };
  }
  if (location) {
    return {
      message,
      start: { line: location.first_line, column: location.first_column },
      end: {
        line: location.last_line,
        column: Math.max(location.last_column, location.first_column + 1),
      },
    };
  }
  if (typeof exception.lineNumber === 'number') {
    // Semantic errors such as "if doesn't match each - 2:3" carry the node location.
    const column = exception.column ?? 0;
    return {
      message: raw.replace(/ - \d+:\d+$/, ''),
      start: { line: exception.lineNumber, column },
      end: {
        line: exception.endLineNumber ?? exception.lineNumber,
        column: exception.endColumn ?? column + 1,
      },
    };
  }
  const lineMatch = /on line (\d+)/.exec(raw);
  const line = lineMatch ? Number(lineMatch[1]) : 1;
  return { message, start: { line, column: 0 }, end: { line, column: 1 } };
}

function simplifyExpected(message: string): string {
  const match = /Expecting (.*), got '([^']+)'/.exec(message);
  if (!match) return message;
  const got =
    match[2] === 'EOF'
      ? 'end of template'
      : match[2] === 'INVALID'
        ? 'an invalid token'
        : `'${match[2]}'`;
  const expected = (match[1] ?? '')
    .split(', ')
    .map((token) => TOKEN_NAMES[token.replace(/'/g, '')] ?? token.replace(/'/g, ''));
  const unique = [...new Set(expected)].slice(0, 4);
  return `Template syntax error: unexpected ${got}; expected ${unique.join(', ')}${expected.length > 4 ? ', …' : ''}`;
}

const TOKEN_NAMES: Record<string, string> = {
  CLOSE: "'}}'",
  CLOSE_UNESCAPED: "'}}}'",
  CLOSE_RAW_BLOCK: "'}}}}'",
  OPEN_SEXPR: "'('",
  CLOSE_SEXPR: "')'",
  ID: 'a name',
  STRING: 'a string',
  NUMBER: 'a number',
  BOOLEAN: 'true/false',
  UNDEFINED: 'undefined',
  NULL: 'null',
  DATA: 'an @variable',
  SEP: "'.'",
  OPEN_BLOCK_PARAMS: "'as |…|'",
  EOF: 'end of template',
  CONTENT: 'text',
  OPEN: "'{{'",
  OPEN_ENDBLOCK: "'{{/'",
  OPEN_INVERSE: "'{{^'",
  OPEN_INVERSE_CHAIN: "'{{else …}}'",
  INVERSE: "'{{else}}'",
  OPEN_BLOCK: "'{{#'",
  OPEN_PARTIAL: "'{{>'",
  COMMENT: 'a comment',
  EQUALS: "'='",
};

/** The last `{{` when no `}}` follows it. */
function unclosedMustache(template: string): { line: number; column: number } | undefined {
  const offset = template.lastIndexOf('{{');
  if (offset < 0 || template.indexOf('}}', offset) >= 0) return undefined;
  const before = template.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) };
}
