import type { HbsProgram } from './handlebars';

/**
 * Cutting a template into top-level parts that Handlebars parses one by one, for the editor's
 * re-parse of only what changed (see parse-cache.ts). A cut is only made at the start of a line
 * that lies in plain text at the top level (no block, mustache or comment open across it). Each
 * part is then parsed on its own; when every part parses, their statements, with the plain text
 * on either side of each cut joined back into one ContentStatement, are the AST a parse of the
 * whole template gives (the test compares them node for node). Whatever the scan cannot be sure
 * of gives no cut: the caller then parses the whole template.
 */

/**
 * Text where the lexer's state can carry over a line start in ways this scan does not follow:
 * escaped mustaches (`\{{`, whose text runs to the next `{{`), raw blocks (`{{{{`), NUL (the
 * lexer's content excludes it), and line breaks that are not `\n` or `\r\n` (Jison counts a lone
 * `\r` as one, U+2028/U+2029 end its column count).
 */
// eslint-disable-next-line no-control-regex -- NUL is what the lexer's content excludes
const UNSURE = /\\\{\{|\{\{\{\{|\x00|\r(?!\n)|[\u2028\u2029]/;

/** About one cut every 8 lines, chosen by the text before the cut so an edit moves no other cut. */
const CUT_MASK = 7;
/** A part longer than this many lines is cut at its next clean line start all the same. */
const MAX_PART_LINES = 64;

/** Where a mustache opened at `open` ends (the offset after its `}}`), or -1 when it never does. */
function mustacheEnd(template: string, open: number): number {
  let at = open + 2;
  if (template.charCodeAt(at) === 126 /* ~ */) at++;
  if (template.startsWith('!--', at)) {
    const close = /--~?\}\}/g;
    close.lastIndex = at + 3;
    const match = close.exec(template);
    return match ? match.index + match[0].length : -1;
  }
  const close = template.indexOf('}}', at);
  return close < 0 ? -1 : close + 2;
}

/** +1 for a block opening (`{{#x}}`, `{{^x}}`), -1 for a block close, 0 for anything else. */
function blockStep(template: string, open: number): number {
  let at = open + 2;
  while (at < template.length && /[~\s]/.test(template.charAt(at))) at++;
  const sigil = template.charAt(at);
  if (sigil === '#') return 1;
  if (sigil === '/') return -1;
  if (sigil !== '^') return 0;
  // `{{^}}` is an else; `{{^name}}` opens an inverse block.
  at++;
  while (at < template.length && /[~\s]/.test(template.charAt(at))) at++;
  return template.charAt(at) === '}' ? 0 : 1;
}

/** A hash of the line that a line break ends: the text, not its place, decides the cuts. */
function cutsAfter(template: string, newline: number): boolean {
  let hash = 0x811c9dc5;
  for (let i = template.lastIndexOf('\n', newline - 1) + 1; i < newline; i++)
    hash = Math.imul(hash ^ template.charCodeAt(i), 0x01000193);
  return ((hash ^ (hash >>> 15)) & CUT_MASK) === 0;
}

/** Offsets (line starts) where the template may be cut into parts; empty when it must not be. */
export function cutPoints(template: string): number[] {
  if (UNSURE.test(template)) return [];
  const cuts: number[] = [];
  let depth = 0;
  let linesSinceCut = 0;
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{{', at);
    const contentEnd = open < 0 ? template.length : open;
    // Plain text: every line start in it is a candidate when no block is open.
    for (let nl = template.indexOf('\n', at); nl >= 0 && nl < contentEnd; ) {
      linesSinceCut++;
      const start = nl + 1;
      if (
        depth === 0 &&
        start < template.length &&
        (cutsAfter(template, nl) || linesSinceCut >= MAX_PART_LINES)
      ) {
        cuts.push(start);
        linesSinceCut = 0;
      }
      nl = template.indexOf('\n', start);
    }
    if (open < 0) break;
    const end = mustacheEnd(template, open);
    if (end < 0) return cuts; // never closed: no cut past it (the part with it fails to parse)
    depth += blockStep(template, open);
    if (depth < 0) return []; // a stray close: the whole parse reports it
    for (let i = template.indexOf('\n', open); i >= 0 && i < end; i = template.indexOf('\n', i + 1))
      linesSinceCut++;
    at = end;
  }
  return cuts;
}

type Content = hbs.AST.ContentStatement;
type Loc = hbs.AST.SourceLocation;

/** One ContentStatement from two that touch at a cut: what the whole parse reads as one token. */
function joinContent(first: Content, second: Content): Content {
  const loc = Object.create(Object.getPrototypeOf(first.loc) as object) as Loc;
  Object.assign(loc, first.loc, {
    start: { ...first.loc.start },
    end: { ...second.loc.end },
  });
  // @types/handlebars types `original` as StripFlags; Handlebars sets it to the text.
  const original = (first.original as unknown as string) + (second.original as unknown as string);
  return {
    type: 'ContentStatement',
    original: original as unknown as hbs.AST.StripFlags,
    value: first.value + second.value,
    loc,
  };
}

/** The statements of consecutive parts as one top-level program, as Handlebars builds it. */
export function joinPrograms(parts: HbsProgram[]): HbsProgram {
  const body: hbs.AST.Statement[] = [];
  for (const part of parts) {
    for (const [index, statement] of part.body.entries()) {
      const last = body.at(-1);
      if (
        index === 0 &&
        last?.type === 'ContentStatement' &&
        statement.type === 'ContentStatement'
      ) {
        body[body.length - 1] = joinContent(last as Content, statement as Content);
      } else {
        body.push(statement);
      }
    }
  }
  const first = body[0]?.loc;
  const last = body.at(-1)?.loc;
  const loc =
    first && last
      ? {
          source: first.source,
          start: { line: first.start.line, column: first.start.column },
          end: { line: last.end.line, column: last.end.column },
        }
      : undefined;
  return { type: 'Program', body, strip: {}, loc } as unknown as HbsProgram;
}

/**
 * A copy of an AST with every location moved down by `delta` lines. Objects the AST shares
 * (a chained block's program location, strip flags) are copied once per place: equal, not shared.
 */
export function shiftLines<T>(value: T, delta: number): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => shiftLines(item, delta)) as T;
  const copy = { ...value } as Record<string, unknown>;
  for (const key in copy) {
    const item = copy[key];
    if (typeof item !== 'object' || item === null) continue;
    copy[key] = key === 'loc' ? shiftLoc(item as Loc, delta) : shiftLines(item, delta);
  }
  return copy as T;
}

/** A location `delta` lines further down, of the same kind (Handlebars' SourceLocation or plain). */
function shiftLoc(loc: Loc, delta: number): Loc {
  const copy = Object.create(Object.getPrototypeOf(loc) as object) as Loc;
  copy.source = loc.source;
  copy.start = { line: loc.start.line + delta, column: loc.start.column };
  copy.end = { line: loc.end.line + delta, column: loc.end.column };
  return copy;
}
