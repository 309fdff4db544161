import type { AssertionHandler } from './types';
import { expectString } from './util';

/** A grader model judges the output against a rubric and answers {pass, score, reason}. */
export const llmRubric: AssertionHandler = async (spec, context) => {
  const rubric = expectString(spec.value, 'llm-rubric');
  if (!context.grade)
    return {
      pass: false,
      reason: 'no grader model: set eval.graderModel in promptops.config.yaml',
    };
  const verdict = await context.grade(rubric, context.output);
  const threshold = spec.threshold ?? 0.5;
  const pass = verdict.pass && verdict.score >= threshold;
  return {
    pass,
    score: verdict.score,
    reason: `grader: ${verdict.reason} (score ${verdict.score.toFixed(2)}, threshold ${threshold})`,
    expected: rubric,
  };
};
