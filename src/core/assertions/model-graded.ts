import type { AssertionContext, AssertionHandler, AssertionOutcome, AssertionSpec } from './types';
import { expectString } from './util';

const NO_GRADER = 'no grader model: set eval.graderModel in promptops.config.yaml';

function grader(context: AssertionContext): NonNullable<AssertionContext['gradeWith']> {
  if (!context.gradeWith) throw new Error(NO_GRADER);
  return context.gradeWith;
}

/** An input field of the case, as text: the name from the assertion (`field`), else the default. */
function inputField(
  spec: AssertionSpec,
  context: AssertionContext,
  option: string,
  fallback: string,
): string {
  const name = typeof spec[option] === 'string' ? (spec[option] as string) : fallback;
  const value = context.case?.input[name];
  if (value === undefined || value === null || value === '')
    throw new Error(`needs the case input '${name}' (name another with ${option}:)`);
  return Array.isArray(value)
    ? value.map(String).join('\n\n')
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);
}

const inputJson = (context: AssertionContext) => JSON.stringify(context.case?.input ?? {});
const reasonOf = (answer: Record<string, unknown>) =>
  typeof answer.reason === 'string' ? answer.reason : '';

/** A 0–1 score against the assertion's threshold (promptfoo's context metrics default to 0). */
function scored(
  score: number,
  spec: AssertionSpec,
  reason: string,
  fallback: number,
): AssertionOutcome {
  const threshold = spec.threshold ?? fallback;
  const clamped = Math.max(0, Math.min(1, score));
  const pass = clamped >= threshold;
  return {
    pass,
    score: clamped,
    reason: `grader: ${reason} (score ${clamped.toFixed(2)} ${pass ? '≥' : '<'} ${threshold})`,
  };
}

function ratio(answer: Record<string, unknown>, part: string, whole: string): number {
  const of = Number(answer[whole]);
  const some = Number(answer[part]);
  if (!Number.isFinite(of) || !Number.isFinite(some))
    throw new Error(`the grader did not answer ${part} and ${whole}`);
  return of <= 0 ? 0 : some / of;
}

/** promptfoo's factuality: categories A, B, C and E pass, D (a disagreement) fails. */
export const factuality: AssertionHandler = async (spec, context) => {
  const reference = expectString(spec.value, 'factuality');
  const answer = await grader(context)('factuality', {
    input: inputJson(context),
    output: context.output,
    reference,
  });
  const category = String(answer.category ?? '').toUpperCase();
  if (!'ABCDE'.includes(category) || category.length !== 1)
    throw new Error(`the grader answered category '${category}'`);
  const pass = category !== 'D';
  return { pass, reason: `grader: (${category}) ${reasonOf(answer)}`, expected: reference };
};

/** The answer meets the criterion in `value`, by the grader's Y/N. */
export const modelGradedClosedQa: AssertionHandler = async (spec, context) => {
  const criterion = expectString(spec.value, 'model-graded-closedqa');
  const answer = await grader(context)('model-graded-closedqa', {
    input: inputJson(context),
    output: context.output,
    criterion,
  });
  const verdict = String(answer.verdict ?? '').toUpperCase();
  if (verdict !== 'Y' && verdict !== 'N')
    throw new Error(`the grader answered verdict '${verdict}'`);
  return { pass: verdict === 'Y', reason: `grader: ${reasonOf(answer)}`, expected: criterion };
};

/** How relevant the answer is to the question in the case input `query` (or `queryField`). */
export const answerRelevance: AssertionHandler = async (spec, context) => {
  const query = inputField(spec, context, 'queryField', 'query');
  const answer = await grader(context)('answer-relevance', { query, output: context.output });
  return scored(Number(answer.score), spec, reasonOf(answer), 0.7);
};

/** Share of the answer's claims that the context (input `context`, or `contextField`) supports. */
export const contextFaithfulness: AssertionHandler = async (spec, context) => {
  const vars = {
    query: inputField(spec, context, 'queryField', 'query'),
    context: inputField(spec, context, 'contextField', 'context'),
    output: context.output,
  };
  const answer = await grader(context)('context-faithfulness', vars);
  return scored(ratio(answer, 'supported', 'claims'), spec, reasonOf(answer), 0);
};

/** Share of the reference answer's (`value`) statements that the context supports. */
export const contextRecall: AssertionHandler = async (spec, context) => {
  const reference = expectString(spec.value, 'context-recall');
  const vars = { context: inputField(spec, context, 'contextField', 'context'), reference };
  const answer = await grader(context)('context-recall', vars);
  return {
    ...scored(ratio(answer, 'attributable', 'statements'), spec, reasonOf(answer), 0),
    expected: reference,
  };
};

/** Share of the context's sentences needed to answer the question. */
export const contextRelevance: AssertionHandler = async (spec, context) => {
  const vars = {
    query: inputField(spec, context, 'queryField', 'query'),
    context: inputField(spec, context, 'contextField', 'context'),
  };
  const answer = await grader(context)('context-relevance', vars);
  return scored(ratio(answer, 'needed', 'sentences'), spec, reasonOf(answer), 0);
};

/** G-Eval: criteria in `value`, optional `steps`; the grader's 0–10 score over 10, threshold 0.7. */
export const gEval: AssertionHandler = async (spec, context) => {
  const criteria = Array.isArray(spec.value)
    ? spec.value.map(String).join('\n')
    : expectString(spec.value, 'g-eval');
  const steps = Array.isArray(spec.steps)
    ? spec.steps.map(String).join('\n')
    : typeof spec.steps === 'string'
      ? spec.steps
      : undefined;
  const answer = await grader(context)('g-eval', {
    criteria,
    ...(steps ? { steps } : {}),
    input: inputJson(context),
    output: context.output,
  });
  const score = Number(answer.score);
  if (!Number.isFinite(score)) throw new Error('the grader did not answer a score');
  return { ...scored(score / 10, spec, reasonOf(answer), 0.7), expected: criteria };
};
