import type { AssertionHandler } from './types';

function bound(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new Error(`word-count ${name} must be a whole number ≥ 0`);
}

/**
 * The output's word count (runs of non-space) is `value` exactly, or within `value: {min, max}`
 * (either may be left out; `min`/`max` beside `value` work too).
 */
export const wordCount: AssertionHandler = (spec, context) => {
  const count = context.output.split(/\s+/).filter(Boolean).length;
  if (typeof spec.value === 'number') {
    const exact = bound(spec.value, 'value');
    const pass = count === exact;
    return { pass, reason: `${count} words, expected exactly ${exact}`, expected: exact };
  }
  const range =
    spec.value && typeof spec.value === 'object' ? (spec.value as Record<string, unknown>) : spec;
  const min = bound(range.min, 'min');
  const max = bound(range.max, 'max');
  if (min === undefined && max === undefined)
    throw new Error('word-count needs a number value, or min and/or max');
  if (min !== undefined && max !== undefined && min > max)
    throw new Error(`word-count min ${min} is above max ${max}`);
  const pass = (min === undefined || count >= min) && (max === undefined || count <= max);
  const want =
    min !== undefined && max !== undefined
      ? `${min}–${max}`
      : min !== undefined
        ? `at least ${min}`
        : `at most ${max}`;
  return { pass, reason: `${count} words, expected ${want}` };
};
