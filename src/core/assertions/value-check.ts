import type { AssertionType } from './names';

type Spec = Record<string, unknown>;
/** What is wrong with an assertion's value and options for its type, or undefined. */
type Check = (spec: Spec) => string | undefined;

const isText = (v: unknown) => typeof v === 'string' || typeof v === 'number';
const isTextList = (v: unknown) =>
  (Array.isArray(v) && v.length > 0 && v.every(isText)) ||
  (typeof v === 'string' && v.trim() !== '');
const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;

const text: Check = (s) => (isText(s.value) ? undefined : 'needs a string `value`');
const list: Check = (s) =>
  isTextList(s.value)
    ? undefined
    : 'needs a list of strings in `value` (or one comma-separated string)';
const number: Check = (s) =>
  typeof s.value === 'number' && s.value >= 0 ? undefined : 'needs a number ≥ 0 in `value`';
const unitThreshold: Check = (s) =>
  s.threshold === undefined ||
  (typeof s.threshold === 'number' && s.threshold >= 0 && s.threshold <= 1)
    ? undefined
    : '`threshold` is a score between 0 and 1';
const none: Check = () => undefined;
const schemaOrNone: Check = (s) =>
  s.value === undefined ||
  (s.value !== null && typeof s.value === 'object' && !Array.isArray(s.value))
    ? undefined
    : 'takes a JSON Schema (a mapping) in `value`, or no value';
const both =
  (...checks: Check[]): Check =>
  (s) =>
    checks.map((c) => c(s)).find(Boolean);

const wordCount: Check = (s) => {
  if (isCount(s.value)) return undefined;
  const range = s.value && typeof s.value === 'object' ? (s.value as Spec) : s;
  if (range.min === undefined && range.max === undefined)
    return 'needs a word count in `value`, or `min` and/or `max`';
  if (
    (range.min !== undefined && !isCount(range.min)) ||
    (range.max !== undefined && !isCount(range.max))
  )
    return '`min` and `max` are whole numbers ≥ 0';
  if (typeof range.min === 'number' && typeof range.max === 'number' && range.min > range.max)
    return '`min` is above `max`';
  return undefined;
};

const toolName = (v: unknown) => typeof v === 'string' && v.trim() !== '';
const toolMatch =
  (optional: boolean): Check =>
  (s) => {
    if (optional && s.value === undefined) return undefined;
    const value = s.value;
    const times =
      value && typeof value === 'object' && 'times' in value
        ? (value as Spec).times
        : (s.times as unknown);
    if (times !== undefined && !isCount(times)) return '`times` is a whole number ≥ 0';
    if (toolName(value)) return undefined;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const { name, args } = value as Spec;
      if (!toolName(name)) return 'needs a tool `name` in `value`';
      if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args)))
        return '`args` is a mapping of the arguments to match (a subset)';
      return undefined;
    }
    return 'needs a tool name in `value`, or `{ name, args }`';
  };

/**
 * The value and options each type needs, as its handler reads them: lint reports these before a
 * run (a `contains` with a list would otherwise fail only when it runs).
 */
export const VALUE_CHECKS: Record<AssertionType, Check> = {
  equals: (s) => (s.value === undefined ? 'needs a `value` (text or JSON)' : undefined),
  contains: text,
  icontains: text,
  'not-contains': text,
  regex: none, // PO305 checks the pattern
  'starts-with': text,
  'is-json': none,
  'json-schema': schemaOrNone,
  'json-path': (s) =>
    typeof s.path === 'string' ? undefined : 'needs a JSONPath in `path`, such as $.category',
  'no-pii': none,
  'max-latency-ms': number,
  'max-cost-usd': number,
  'max-tokens': number,
  'llm-rubric': both(text, unitThreshold),
  similar: both(text, unitThreshold),
  'guard-passes': none,
  'contains-any': list,
  'contains-all': list,
  'icontains-any': list,
  'icontains-all': list,
  levenshtein: both(text, (s) =>
    s.threshold === undefined || isCount(s.threshold)
      ? undefined
      : '`threshold` is the largest edit distance that passes: a whole number ≥ 0',
  ),
  'rouge-n': both(text, unitThreshold),
  bleu: both(list, unitThreshold),
  'word-count': wordCount,
  'contains-json': schemaOrNone,
  'is-xml': (s) =>
    s.value === undefined ||
    isTextList(s.value) ||
    (s.value !== null && typeof s.value === 'object' && 'requiredElements' in s.value)
      ? undefined
      : 'takes required elements (a list, or requiredElements), or no value',
  factuality: text,
  'model-graded-closedqa': text,
  'answer-relevance': unitThreshold,
  'context-faithfulness': unitThreshold,
  'context-recall': both(text, unitThreshold),
  'context-relevance': unitThreshold,
  'g-eval': both(
    (s) => (isTextList(s.value) ? undefined : 'needs the criteria in `value`'),
    unitThreshold,
  ),
  'tool-called': toolMatch(false),
  'tool-not-called': toolMatch(true),
  'tool-sequence': list,
  'tool-args-valid': (s) =>
    s.value === undefined || toolName(s.value)
      ? undefined
      : 'takes a tool name in `value`, or no value',
  'finish-reason': text,
  'max-turns': (s) =>
    s.value === undefined || (isCount(s.value) && (s.value as number) > 0)
      ? undefined
      : "takes a whole number of model turns > 0 in `value`, or no value (the prompt's maxTurns)",
  javascript: (s) =>
    typeof s.value === 'string' && s.value.trim()
      ? undefined
      : 'needs code in `value`: an expression, or file://path.js',
};
