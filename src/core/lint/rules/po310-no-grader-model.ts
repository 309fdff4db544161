import { baseAssertionType, MODEL_GRADED } from '../../assertions/kinds';
import { Severity } from '../../types';
import { caseOffset } from '../fixture-context';
import type { Finding, FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO310',
  name: 'no-grader-model',
  category: 'fixtures',
  defaultSeverity: Severity.Warning,
  summary: 'A model-graded assertion is used, but no grader model is configured.',
  description:
    'Model-graded assertions (`llm-rubric`, `factuality`, `model-graded-closedqa`, `answer-relevance`, `context-faithfulness`, `context-recall`, `context-relevance`, `g-eval`) ask a grader model for a verdict. Without `eval.graderModel` in promptops.config.yaml they fail on every run.',
  example: {
    bad: '# promptops.config.yaml without eval.graderModel\n- type: llm-rubric\n  value: Is polite',
    good: '# promptops.config.yaml\neval:\n  graderModel: openai/gpt-4o-mini',
  },
  target: 'fixtures',
  check(context) {
    if (context.graderModel !== null) return [];
    const findings: Finding[] = [];
    for (const entry of context.cases)
      for (const assertion of entry.assertions) {
        // `assertion.node` only to place a finding: reading it may parse the case.
        const { value } = assertion;
        const type = typeof value.type === 'string' ? baseAssertionType(value.type) : undefined;
        if (!type || !MODEL_GRADED.has(type)) continue;
        const range =
          context.rangeOf(assertion.node.get('type', true) as never, caseOffset(entry)) ??
          entry.anchor;
        findings.push({
          range,
          message: `\`${value.type as string}\` needs a grader model: set eval.graderModel in promptops.config.yaml.`,
        });
      }
    return findings;
  },
};
export default rule;
