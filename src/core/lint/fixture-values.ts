import * as jsYaml from 'js-yaml';
import { fastYamlDeclines } from '../eval/fixtures';
import type { CaseValues } from '../eval/fixtures-async';
import type { Slicer } from '../slicer';

/**
 * Case values read without the yaml library's document tree, for the lint of a large fixture file:
 * the document parser takes a fraction of a millisecond a case (seconds for 10,000), js-yaml and
 * JSON.parse a tenth of that, and the lint needs a case's nodes only where it reports something
 * (fixture-context.ts parses those cases on demand). An item is read this way only where the quick
 * reader cannot disagree with the yaml library, neither on values nor on errors; anything else is
 * left to the document parser (a false alarm only costs time):
 * - YAML: what fastYamlDeclines turns down (aliases, directives, scalars the two schemas read
 *   differently …), and a flow collection or a quoted scalar that goes on past its line (the yaml
 *   library applies indentation rules to the continuation lines that js-yaml does not);
 * - JSONL: a line that is not exactly the JSON its value prints as, spaces between tokens aside
 *   (a duplicate key, which YAML refuses and JSON.parse lets pass, prints shorter).
 */
export type QuickValue = { value: unknown } | undefined;

/** Items read by js-yaml in one load, a list of them joined. */
const GROUP = 64;

const QUOTE_OPENS = /(?:^\s*(?:-\s+)*|:\s+|[[{,]\s*)["']/;
const QUOTE_CLOSES = /["'][\s\]},]*$/;

function sureOfLine(line: string): boolean {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) depth++;
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  if (depth !== 0) return false;
  return !QUOTE_OPENS.test(line) || QUOTE_CLOSES.test(line.trimEnd());
}

/** Whether js-yaml reads this item of a case list as the yaml library does (see above). */
function sureOfItem(source: string): boolean {
  if (fastYamlDeclines(source)) return false;
  return source.split('\n').every(sureOfLine);
}

function load(text: string): unknown[] | undefined {
  try {
    const value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Each case item's value (its text a one-item list, as caseBlocks cuts it), or undefined where
 * the document parser must read it; a group of items at a time, yielding between groups.
 */
export async function quickItemValues(
  sources: readonly string[],
  slicer: Slicer,
  known?: CaseValues,
): Promise<QuickValue[]> {
  const values: QuickValue[] = [];
  for (let from = 0; from < sources.length; from += GROUP) {
    const group = sources.slice(from, from + GROUP);
    const sure = group.map(sureOfItem);
    // What the run's reader read of this very text (js-yaml too, item by item): no second load.
    const read =
      known &&
      group.map((source, i) => (sure[i] ? known.valueOf(source.replace(/\n$/, '')) : undefined));
    if (read && read.every((value, i) => value || !sure[i])) {
      values.push(...read);
      await slicer.step();
      continue;
    }
    const joined = load(group.filter((_, i) => sure[i]).join(''));
    const together = joined?.length === sure.filter(Boolean).length ? joined : undefined;
    let next = 0;
    for (const [i, source] of group.entries()) {
      if (!sure[i]) values.push(undefined);
      else if (together) values.push({ value: together[next++] });
      else {
        // One item of the group does not load: the others, one by one.
        const alone = load(source);
        values.push(alone?.length === 1 ? { value: alone[0] } : undefined);
      }
    }
    await slicer.step();
  }
  return values;
}

const SPACE_OUTSIDE_STRINGS = /("(?:[^"\\]|\\.)*")|\s+/g;

/** A JSONL line's value, when the line is the JSON its value prints as (spaces aside). */
export function quickJsonValue(line: string, known?: CaseValues): QuickValue {
  let value: unknown;
  const read = known?.valueOf(line);
  if (read) value = read.value;
  else
    try {
      value = JSON.parse(line);
    } catch {
      return undefined;
    }
  return line.replace(SPACE_OUTSIDE_STRINGS, '$1') === JSON.stringify(value)
    ? { value }
    : undefined;
}
