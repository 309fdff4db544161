import { parse } from 'csv-parse/sync';
import { assertionFromShorthand } from '../assertions/promptfoo';
import type { AssertionSpec } from '../assertions/types';

/** The thrown error's message and 0-based line, for FixtureError. */
export class CsvFixtureError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

const SPECIAL = /^__(expected\d*|description|tags|id|threshold)$/;

/**
 * A CSV fixture sheet in promptfoo's layout: one case a row, the header names the columns; a
 * column is an input, unless it is `__expected` / `__expected1…N` (an assertion in promptfoo's
 * shorthand each), `__description`, `__tags` (comma-separated), `__threshold`, or `__id` (else
 * the case is `row-N`, N counting data rows from 1). Another `__` column is a mistake, not an input.
 */
export function csvFixtureValue(text: string): { cases: Record<string, unknown>[] } {
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      relax_column_count: false,
      skip_empty_lines: true,
    }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const message = (error as Error).message;
    const fields = /expect (\d+), got (\d+)/.exec(message);
    throw new CsvFixtureError(
      fields
        ? `row has ${fields[2]} fields, the header ${fields[1]}`
        : (message.split('\n')[0] ?? message),
      line ? line - 1 : undefined,
    );
  }
  const [header, ...data] = rows;
  if (!header) return { cases: [] };
  const unknown = header.find((h) => h.startsWith('__') && !SPECIAL.test(h));
  if (unknown)
    throw new CsvFixtureError(
      `unknown column '${unknown}' (special columns: __expected, __expected1…N, __description, __tags, __threshold, __id)`,
      0,
    );
  return { cases: data.map((row, index) => caseFromRow(header, row, index)) };
}

function caseFromRow(header: string[], row: string[], index: number): Record<string, unknown> {
  const input: Record<string, string> = {};
  const assert: AssertionSpec[] = [];
  const entry: Record<string, unknown> = { id: `row-${index + 1}` };
  header.forEach((column, i) => {
    const cell = row[i] ?? '';
    if (column.startsWith('__expected')) {
      if (cell.trim()) assert.push(assertionFromShorthand(cell));
    } else if (column === '__description') {
      if (cell) entry.description = cell;
    } else if (column === '__tags') {
      const tags = cell
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      if (tags.length) entry.tags = tags;
    } else if (column === '__threshold') {
      if (cell.trim()) entry.threshold = Number(cell);
    } else if (column === '__id') {
      if (cell.trim()) entry.id = cell.trim();
    } else input[column] = cell;
  });
  return { ...entry, input, assert };
}

/** Where each case's row starts (0-based line), honouring quoted cells that span lines. */
export function csvCaseLines(text: string): { id: string; line: number; tags?: string[] }[] {
  try {
    const records = parse(text, { bom: true, info: true, skip_empty_lines: true }) as unknown as {
      info: { lines: number };
    }[];
    const value = csvFixtureValue(text);
    // info.lines is the 1-based line a record ends on: a row starts on the line after the previous one.
    return records.slice(1).flatMap((_, i) => {
      const c = value.cases[i];
      if (!c) return [];
      const tags = c.tags as string[] | undefined;
      const line = records[i]?.info.lines ?? 0;
      return [{ id: String(c.id), line, ...(tags ? { tags } : {}) }];
    });
  } catch {
    return [];
  }
}
