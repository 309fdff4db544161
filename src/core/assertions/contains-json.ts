import { compileSchema, describeAjvError } from '../schema/compile';
import type { AssertionHandler } from './types';

/** The end (exclusive) of the bracketed value opening at `start`, skipping strings; -1 when it never closes. */
function matchingBracket(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

/** Every JSON object or array in the text, outermost first, in order (as promptfoo's contains-json finds them). */
export function extractJsonValues(text: string): unknown[] {
  const found: unknown[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '{' && ch !== '[') continue;
    const end = matchingBracket(text, i);
    if (end < 0) continue;
    try {
      found.push(JSON.parse(text.slice(i, end)));
      i = end - 1;
    } catch {
      // Not JSON (prose in brackets): look inside it.
    }
  }
  return found;
}

/** The output contains a JSON object or array somewhere; with a JSON Schema as `value`, one that matches it. */
export const containsJson: AssertionHandler = (spec, context) => {
  const values = extractJsonValues(context.output);
  if (values.length === 0) return { pass: false, reason: 'output contains no JSON' };
  if (spec.value === undefined || spec.value === null || spec.value === '')
    return { pass: true, reason: `output contains JSON (${values.length} value(s))` };
  if (typeof spec.value !== 'object')
    throw new Error('contains-json takes a JSON Schema (a mapping) as its value, or none');
  const validate = compileSchema(spec.value as object);
  if (validate instanceof Error)
    return { pass: false, reason: `the schema does not compile: ${validate.message}` };
  if (values.some((v) => validate(v)))
    return { pass: true, reason: 'output contains JSON that matches the schema' };
  validate(values[0]);
  return {
    pass: false,
    reason: `no JSON in the output matches the schema: ${(validate.errors ?? []).slice(0, 3).map(describeAjvError).join('; ')}`,
  };
};
