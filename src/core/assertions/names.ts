/**
 * Assertion types a fixture may use. Any type may be negated with a `not-` prefix or `not: true`.
 * The eval engine's registry implements these; the linter checks fixture files against them.
 */
export const ASSERTION_TYPES = [
  'equals',
  'contains',
  'icontains',
  'not-contains',
  'regex',
  'starts-with',
  'is-json',
  'json-schema',
  'json-path',
  'no-pii',
  'max-latency-ms',
  'max-cost-usd',
  'max-tokens',
  'llm-rubric',
  'similar',
  'guard-passes',
  'contains-any',
  'contains-all',
  'icontains-any',
  'icontains-all',
  'levenshtein',
  'rouge-n',
  'bleu',
  'word-count',
  'contains-json',
  'is-xml',
  'javascript',
  'factuality',
  'model-graded-closedqa',
  'answer-relevance',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'g-eval',
  'tool-called',
  'tool-not-called',
  'tool-sequence',
  'tool-args-valid',
  'finish-reason',
  'max-turns',
] as const;

export type AssertionType = (typeof ASSERTION_TYPES)[number];

export function isKnownAssertionType(type: string): boolean {
  const base = type.startsWith('not-') && type !== 'not-contains' ? type.slice(4) : type;
  return (ASSERTION_TYPES as readonly string[]).includes(base);
}
