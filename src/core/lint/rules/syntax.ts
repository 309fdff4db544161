import { Severity } from '../../types';
import type { PromptRule, RuleMeta } from '../types';

/** Rules for the parse problems the document model reports (their codes are the rule codes). */
export function syntaxRule(
  meta: Omit<RuleMeta, 'category' | 'defaultSeverity'> & { defaultSeverity?: Severity },
): PromptRule {
  return {
    category: 'syntax',
    defaultSeverity: meta.defaultSeverity ?? Severity.Error,
    ...meta,
    target: 'prompt',
    check: ({ analysis }) =>
      analysis.document.problems
        .filter((p) => p.code === meta.code)
        .map((p) => ({ range: p.range, message: p.message })),
  };
}
