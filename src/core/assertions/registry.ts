import { bleu } from './bleu';
import { contains } from './contains';
import { containsJson } from './contains-json';
import { containsAll, containsAny, icontainsAll, icontainsAny } from './contains-list';
import { equals } from './equals';
import { icontains } from './icontains';
import { isJson } from './is-json';
import { isXml } from './is-xml';
import { javascript } from './javascript';
import { jsonPath } from './json-path';
import { jsonSchema } from './json-schema';
import { maxCostUsd, maxLatencyMs, maxTokens } from './limits';
import { levenshtein } from './levenshtein';
import { llmRubric } from './llm-rubric';
import {
  answerRelevance,
  contextFaithfulness,
  contextRecall,
  contextRelevance,
  factuality,
  gEval,
  modelGradedClosedQa,
} from './model-graded';
import { noPii } from './no-pii';
import { notContains } from './not-contains';
import type { AssertionType } from './names';
import { regex } from './regex';
import { rouge } from './rouge-n';
import { guardPasses } from './guard-passes';
import { similar } from './similar';
import { startsWith } from './starts-with';
import { finishReason } from './finish-reason';
import { maxTurns } from './max-turns';
import { toolArgsValid } from './tool-args-valid';
import { toolCalled } from './tool-called';
import { toolNotCalled } from './tool-not-called';
import { toolSequence } from './tool-sequence';
import { wordCount } from './word-count';
import type { AssertionContext, AssertionHandler, AssertionResult, AssertionSpec } from './types';

/** Every assertion type and its handler; the type makes a missing handler a compile error. */
export const ASSERTIONS: Record<AssertionType, AssertionHandler> = {
  equals,
  contains,
  icontains,
  'not-contains': notContains,
  regex,
  'starts-with': startsWith,
  'is-json': isJson,
  'json-schema': jsonSchema,
  'json-path': jsonPath,
  'no-pii': noPii,
  'max-latency-ms': maxLatencyMs,
  'max-cost-usd': maxCostUsd,
  'max-tokens': maxTokens,
  'llm-rubric': llmRubric,
  similar,
  'guard-passes': guardPasses,
  'contains-any': containsAny,
  'contains-all': containsAll,
  'icontains-any': icontainsAny,
  'icontains-all': icontainsAll,
  levenshtein,
  'rouge-n': rouge,
  bleu,
  'word-count': wordCount,
  'contains-json': containsJson,
  'is-xml': isXml,
  javascript,
  factuality,
  'model-graded-closedqa': modelGradedClosedQa,
  'answer-relevance': answerRelevance,
  'context-faithfulness': contextFaithfulness,
  'context-recall': contextRecall,
  'context-relevance': contextRelevance,
  'g-eval': gEval,
  'tool-called': toolCalled,
  'tool-not-called': toolNotCalled,
  'tool-sequence': toolSequence,
  'tool-args-valid': toolArgsValid,
  'finish-reason': finishReason,
  'max-turns': maxTurns,
};

/** `not-x` (other than `not-contains`) or `not: true` negates `x`. */
function resolve(spec: AssertionSpec): {
  handler?: AssertionHandler;
  negated: boolean;
  base: string;
} {
  let base = spec.type;
  let negated = spec.not === true;
  if (!(base in ASSERTIONS) && base.startsWith('not-')) {
    base = base.slice(4);
    negated = !negated;
  }
  return { handler: ASSERTIONS[base as AssertionType], negated, base };
}

export async function runAssertion(
  spec: AssertionSpec,
  context: AssertionContext,
): Promise<AssertionResult> {
  const { handler, negated } = resolve(spec);
  const weight = spec.weight ?? 1;
  if (!handler)
    return {
      type: spec.type,
      pass: false,
      score: 0,
      weight,
      negated,
      reason: `unknown assertion type '${spec.type}'`,
    };
  let outcome;
  try {
    outcome = await handler(spec, context);
  } catch (error) {
    return {
      type: spec.type,
      pass: false,
      score: 0,
      weight,
      negated,
      reason: `assertion failed to run: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const score = outcome.score ?? (outcome.pass ? 1 : 0);
  const result: AssertionResult = negated
    ? {
        type: spec.type,
        pass: !outcome.pass,
        score: 1 - score,
        weight,
        negated,
        reason: `NOT (${outcome.reason})`,
      }
    : { type: spec.type, pass: outcome.pass, score, weight, negated, reason: outcome.reason };
  if (outcome.expected !== undefined && !negated) result.expected = outcome.expected;
  return result;
}

/**
 * All assertions of a case. Without a threshold the case passes when every assertion passes;
 * with one, when the weighted mean score reaches it.
 */
export async function runAssertions(
  specs: AssertionSpec[],
  context: AssertionContext,
  threshold?: number,
): Promise<{ results: AssertionResult[]; pass: boolean; score: number }> {
  const results: AssertionResult[] = [];
  for (const spec of specs) results.push(await runAssertion(spec, context));
  const totalWeight = results.reduce((sum, r) => sum + r.weight, 0);
  const score =
    totalWeight === 0 ? 1 : results.reduce((sum, r) => sum + r.score * r.weight, 0) / totalWeight;
  const pass =
    threshold === undefined ? results.every((r) => r.pass || r.weight === 0) : score >= threshold;
  return { results, pass, score };
}
