import { LINES_PER_STEP, runAll, type Steps } from '../slicer';

/**
 * Case ids, lines and tags of a YAML fixture file read line by line, for the editor's items and
 * lenses: a full YAML parse of a 10,000-case file takes seconds of the extension host's only
 * thread, this takes milliseconds. It reads the plain block layout only
 * (`cases:` at the left margin, `- ` items, `id: plain-or-quoted` and `tags: [a, b]` on one line)
 * and answers undefined for anything else (anchors, flow items, block scalars as ids, numbers,
 * a case with scripted `turns`),
 * so the caller parses the file instead.
 */
export interface ScannedCase {
  id: string;
  line: number;
  tags?: string[];
}

const KEY = /^([A-Za-z_][\w-]*)\s*:(?:\s+(.*))?$/;
const PLAIN = /^[A-Za-z_][\w./-]*(?: [\w./-]+)*$/;
const NOT_STRINGS = /^(?:true|false|null|yes|no|on|off|y|n)$/i;

/** A one-line scalar as the YAML parser reads it, or undefined where this cannot be sure. */
function scalar(raw: string): string | undefined {
  const value = raw.replace(/\s+#.*$/, '').trim();
  if (/^'[^']*'$/.test(value)) return value.slice(1, -1);
  if (/^"[^"\\]*"$/.test(value)) return value.slice(1, -1);
  return PLAIN.test(value) && !NOT_STRINGS.test(value) ? value : undefined;
}

function flowTags(raw: string): string[] | undefined | null {
  const value = raw.replace(/\s+#.*$/, '').trim();
  const list = /^\[([^[\]{}]*)\]$/.exec(value)?.[1];
  if (list === undefined) return null;
  const tags = list.trim() ? list.split(',').map((t) => scalar(t)) : [];
  return tags.every((t): t is string => t !== undefined) ? tags : null;
}

interface Item {
  indent: number;
  keys: Set<string>;
  entry?: ScannedCase;
  /** The last key held a one-line value: a deeper line after it would continue that value. */
  closed?: boolean;
}

/** One key line of an item: false when it is something this reader does not handle. */
function readKey(item: Item, content: string, line: number): boolean {
  const match = KEY.exec(content);
  if (!match) return false;
  const [, key = '', rest = ''] = match;
  if (item.keys.has(key)) return false; // a duplicate key is a YAML error
  if (key === 'turns') return false; // scripted turns are child items: the parser places them
  item.keys.add(key);
  item.closed = key === 'id' || key === 'tags';
  if (key === 'id') {
    const id = scalar(rest);
    if (id === undefined) return false;
    item.entry = { ...item.entry, id, line };
  } else if (key === 'tags') {
    const tags = flowTags(rest);
    if (tags === null) return false;
    if (tags?.length) item.entry = { ...(item.entry ?? { id: '', line: -1 }), tags };
  }
  return true;
}

export function scanCaseLines(text: string): ScannedCase[] | undefined {
  return runAll(scanCaseLineSteps(text));
}

/** scanCaseLines in steps of LINES_PER_STEP lines, for a caller that slices its work. */
export function* scanCaseLineSteps(text: string): Steps<ScannedCase[] | undefined> {
  if (text.includes('\t') || /^(?:---|%|\.\.\.)/m.test(text)) return undefined;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^cases:\s*(?:#.*)?\r?$/.test(l));
  if (start < 0) return undefined;
  const found: ScannedCase[] = [];
  let seqIndent = -1;
  let item: Item | undefined;
  const close = () => {
    if (item?.entry && item.entry.line >= 0) found.push(item.entry);
  };
  for (let i = start + 1; i < lines.length; i++) {
    if (i % LINES_PER_STEP === 0) yield;
    const line = (lines[i] as string).replace(/\r$/, '');
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    const indent = line.length - line.trimStart().length;
    if (indent === 0 && !line.startsWith('- ')) {
      if (KEY.test(line) && !line.startsWith('cases:')) break; // the next top-level key
      return undefined;
    }
    if (seqIndent < 0) seqIndent = indent;
    const itemStart = indent === seqIndent && line.startsWith('- ', indent);
    if (itemStart) {
      close();
      const content = line.slice(indent + 2).trimStart();
      item = { indent: line.length - content.length, keys: new Set() };
      if (!readKey(item, content, i)) return undefined;
    } else if (!item || indent < item.indent || (indent > item.indent && item.closed)) {
      return undefined;
    } else if (indent === item.indent && !readKey(item, line.slice(indent), i)) {
      return undefined;
    }
  }
  close();
  return found;
}

/** Where one case item of a fixture file's `cases:` list is: offsets of its first line and past its last. */
export interface CaseBlock {
  start: number;
  end: number;
}

/** The `cases:` list of a YAML fixture file in the plain block layout, as offsets. */
export interface CaseListLayout {
  /** The `cases:` line (at the left margin). */
  casesLine: CaseBlock;
  /** Each `- ` item with the lines that belong to it (deeper lines, blank lines and comments). */
  items: CaseBlock[];
  /** Where the list ends: the start of the next top-level key, or the end of the text. */
  listEnd: number;
  /** Only blank lines and comments come before `cases:`, and nothing after the list. */
  alone: boolean;
}

const BLANK_OR_COMMENT = /^\s*(?:#.*)?$/;

/** What a line after `cases:` is: an item's first line, one inside it, the list's end, or unknown. */
type BlockLine = 'item' | 'inside' | 'end' | 'decline';

function blockLine(line: string, seqIndent: number): BlockLine {
  const indent = line.length - line.trimStart().length;
  if (indent === seqIndent && /^-(?:\s|$)/.test(line.slice(indent))) return 'item';
  if (indent > seqIndent) return 'inside';
  // The next top-level key ends the list (a second `cases:` is left to the parser to refuse).
  return indent === 0 && KEY.test(line) ? 'end' : 'decline';
}

/**
 * The one line reader of a fixture file's case list, for the lint's parse case by case and the
 * run's read an item group at a time (a 10,000-case file through one YAML parse takes seconds).
 * `cases:` at the left margin, a block list of `-` items, every deeper line belonging to the item
 * above it; undefined for any other layout (tabs, document markers, flow lists, an empty list),
 * which the caller parses whole.
 */
export function caseListLayout(text: string): CaseListLayout | undefined {
  if (text.includes('\t') || /^(?:---|%|\.\.\.)/m.test(text)) return undefined;
  let casesLine: CaseBlock | undefined;
  let onlyComments = true;
  const items: CaseBlock[] = [];
  let seqIndent = -1;
  let listEnd = text.length;
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline + 1;
    const line = text.slice(start, newline < 0 ? text.length : newline).replace(/\r$/, '');
    if (!BLANK_OR_COMMENT.test(line)) {
      if (!casesLine) {
        if (/^cases:\s*(?:#.*)?$/.test(line)) casesLine = { start, end };
        else onlyComments = false;
      } else {
        if (seqIndent < 0) seqIndent = line.length - line.trimStart().length;
        const kind = blockLine(line, seqIndent);
        if (kind === 'decline' || (kind === 'inside' && !items.length)) return undefined;
        if (kind === 'end') {
          listEnd = start;
          break;
        }
        if (kind === 'item') items.push({ start, end });
      }
    }
    const last = items.at(-1);
    if (last) last.end = end;
    start = end;
  }
  if (!casesLine || !items.length) return undefined;
  return { casesLine, items, listEnd, alone: onlyComments && listEnd === text.length };
}

/**
 * The case items of a YAML fixture file whose list is all there is (comments aside), for the
 * lint's parse case by case: nothing outside the items could hold a finding of its own.
 */
export function caseBlocks(text: string): CaseBlock[] | undefined {
  const layout = caseListLayout(text);
  return layout?.alone ? layout.items : undefined;
}

/** A YAML fixture file cut at its case items: the text around the `cases:` list, and each item's lines. */
export interface CaseItems {
  /** Everything but the items: the lines before `cases:`, that line, and the top-level keys after the list. */
  header: string;
  /** Each `- ` item of the list with the lines that belong to it, verbatim (joined by newlines, they are the list). */
  items: string[];
}

/** The case items and what surrounds them, for the run's read of a large file a group at a time. */
export function caseItems(text: string): CaseItems | undefined {
  const layout = caseListLayout(text);
  if (!layout) return undefined;
  return {
    header: text.slice(0, layout.casesLine.end) + text.slice(layout.listEnd),
    items: layout.items.map(({ start, end }) => text.slice(start, end).replace(/\n$/, '')),
  };
}
