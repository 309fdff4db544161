import { ASSERTION_TYPES, type AssertionType } from './names';

/** The type an assertion is, without its `not-` prefix (not-contains is a type of its own). */
export function baseAssertionType(type: string): AssertionType | undefined {
  const known = ASSERTION_TYPES as readonly string[];
  if (known.includes(type)) return type as AssertionType;
  const base = type.startsWith('not-') ? type.slice(4) : type;
  return known.includes(base) ? (base as AssertionType) : undefined;
}

/** Assertions judged by a grader model (eval.graderModel). */
export const MODEL_GRADED: ReadonlySet<AssertionType> = new Set<AssertionType>([
  'llm-rubric',
  'factuality',
  'model-graded-closedqa',
  'answer-relevance',
  'context-faithfulness',
  'context-recall',
  'context-relevance',
  'g-eval',
]);
