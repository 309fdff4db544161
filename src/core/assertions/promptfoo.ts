import { ASSERTION_TYPES, isKnownAssertionType } from './names';
import type { AssertionSpec } from './types';

/**
 * promptfoo's assertion types, for reading its shorthand (`contains: x`, `similar(0.9): x`) in CSV
 * `__expected` columns. A type listed here that PromptOps lacks is kept as written, so the case
 * fails with "unknown assertion type" rather than being dropped.
 */
const PROMPTFOO_TYPES = [
  ...ASSERTION_TYPES,
  'answer-relevance',
  'bertscore',
  'classifier',
  'contains-html',
  'contains-sql',
  'contains-xml',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'cost',
  'ends-with',
  'factuality',
  'finish-reason',
  'g-eval',
  'gleu',
  'is-html',
  'is-sql',
  'is-valid-openai-function-call',
  'is-valid-openai-tools-call',
  'latency',
  'meteor',
  'model-graded-closedqa',
  'model-graded-factuality',
  'moderation',
  'perplexity',
  'perplexity-score',
  'python',
  'ruby',
  'select-best',
  'webhook',
];

const LIST_TYPES = new Set(['contains-all', 'contains-any', 'icontains-all', 'icontains-any']);
/**
 * Types whose shorthand threshold defaults as promptfoo's does (0.75; similar 0.8). promptfoo also
 * gives levenshtein 0.75, which would allow no edit at all: levenshtein keeps its own default, 5.
 */
const THRESHOLD_TYPES = new Set([
  'answer-relevance',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'rouge-n',
  'similar',
]);

/** One `__expected` cell as promptfoo reads it: `[not-]type[(threshold)]:value`, or plain text meaning equals. */
export function assertionFromShorthand(cell: string): AssertionSpec {
  for (const prefix of ['javascript:', 'fn:', 'eval:'])
    if (cell.startsWith(prefix))
      return { type: 'javascript', value: cell.slice(prefix.length).trim() };
  if (cell.startsWith('grade:')) return { type: 'llm-rubric', value: cell.slice(6) };
  if (cell.startsWith('python:')) return { type: 'python', value: cell.slice(7).trim() };
  if (cell.startsWith('file://') && /\.(?:[cm]?js|ts)(?::|$)/.test(cell))
    return { type: 'javascript', value: cell.trim() };
  const match = /^(not-)?([a-z][a-z0-9-]*)(?:\((\d+(?:\.\d+)?)\))?(?::([\s\S]*))?$/.exec(cell);
  const type = match?.[2];
  if (!match || !type || !PROMPTFOO_TYPES.includes(type)) return { type: 'equals', value: cell };
  const full = `${match[1] ?? ''}${type}`;
  const value = match[4]?.trim() ?? '';
  const spec: AssertionSpec = { type: full };
  if (LIST_TYPES.has(type)) spec.value = value.split(',').map((s) => s.trim());
  else if (value !== '') spec.value = value;
  const threshold = match[3] !== undefined ? Number(match[3]) : undefined;
  if (threshold !== undefined) spec.threshold = threshold;
  else if (THRESHOLD_TYPES.has(type)) spec.threshold = type === 'similar' ? 0.8 : 0.75;
  return fromPromptfoo(spec).spec;
}

/**
 * A promptfoo assertion in PromptOps' terms: renamed where PromptOps spells it differently (cost,
 * latency, is-json with a schema), else unchanged; `problem` says what does not carry over.
 */
export function fromPromptfoo(input: AssertionSpec): { spec: AssertionSpec; problem?: string } {
  const negated = input.type.startsWith('not-') && input.type !== 'not-contains';
  const base = negated ? input.type.slice(4) : input.type;
  const not = negated ? 'not-' : '';
  const { threshold, ...rest } = input;
  if (base === 'cost' && typeof threshold === 'number')
    return { spec: { ...rest, type: `${not}max-cost-usd`, value: threshold } };
  if (base === 'latency' && typeof threshold === 'number')
    return { spec: { ...rest, type: `${not}max-latency-ms`, value: threshold } };
  if (base === 'is-json' && input.value !== undefined && input.value !== '')
    return { spec: { ...input, type: `${not}json-schema` } };
  if (isKnownAssertionType(input.type)) return { spec: input };
  return {
    spec: input,
    problem: `assertion type '${input.type}' has no PromptOps equivalent: kept as written, so the case fails until it is replaced`,
  };
}
