import { jsonEqual } from '../assertions/util';
import type { ToolScript } from './types';

/**
 * Whether `subset` matches `value`: every key of an object subset is in the value and matches
 * there (extra keys in the value are fine); arrays match element by element with the same length;
 * anything else must be equal (numbers and strings are not coerced).
 */
export function subsetMatches(subset: unknown, value: unknown): boolean {
  if (Array.isArray(subset)) {
    return (
      Array.isArray(value) &&
      subset.length === value.length &&
      subset.every((item, index) => subsetMatches(item, value[index]))
    );
  }
  if (subset !== null && typeof subset === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    return Object.entries(subset as Record<string, unknown>).every(
      ([key, expected]) => Object.hasOwn(record, key) && subsetMatches(expected, record[key]),
    );
  }
  return jsonEqual(subset, value);
}

/**
 * What the script answers to one call of tool `name` with `args`: the first answer whose `when`
 * matches (an answer without `when` matches any call), as a result or an error. Nothing is ever
 * executed: a call the script does not cover is answered with an error the model sees.
 */
export function answerToolCall(
  script: ToolScript | undefined,
  name: string,
  args: unknown,
): { result?: unknown; error?: string } {
  if (script === undefined)
    return {
      error: `no scripted result for tool ${name}: the case's tools: does not script it (tools are never executed during an eval)`,
    };
  const answers = Array.isArray(script) ? script : [script];
  const answer = answers.find((a) => a.when === undefined || subsetMatches(a.when, args));
  if (!answer)
    return {
      error: `no scripted result for tool ${name} with arguments ${JSON.stringify(args)}: no when: of its ${answers.length} scripted answer(s) matches`,
    };
  if (answer.error !== undefined) return { error: answer.error };
  return { result: answer.returns ?? null };
}
