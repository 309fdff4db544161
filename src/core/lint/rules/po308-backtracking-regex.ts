import safeRegex from 'safe-regex2';
import { Severity } from '../../types';
import { caseOffset } from '../fixture-context';
import type { Finding, FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO308',
  name: 'backtracking-regex',
  category: 'fixtures',
  defaultSeverity: Severity.Warning,
  summary: 'A `regex` assertion has a pattern that backtracks badly (nested quantifiers).',
  description:
    "Patterns such as `(a+)+$` take exponential time in a backtracking engine (JavaScript, PCRE, Python) on text that nearly matches. PromptOps runs assertion patterns on RE2, which never backtracks, but the same pattern copied into application code can hang it on a model's answer. Rewrite it without a quantifier inside a quantified group.",
  example: { bad: "- type: regex\n  value: '^(A+)+$'", good: "- type: regex\n  value: '^A+$'" },
  target: 'fixtures',
  check(context) {
    const findings: Finding[] = [];
    for (const entry of context.cases) {
      for (const assertion of entry.assertions) {
        // `assertion.node` only to place a finding: reading it may parse the case.
        const { value } = assertion;
        if (value.type !== 'regex' && value.type !== 'not-regex') continue;
        if (typeof value.value !== 'string' || safeRegex(value.value)) continue;
        let compiles = true;
        try {
          new RegExp(value.value);
        } catch {
          compiles = false; // PO305 reports it
        }
        if (!compiles) continue;
        const range =
          context.rangeOf(assertion.node.get('value', true) as never, caseOffset(entry)) ??
          entry.anchor;
        findings.push({
          range,
          message: `The pattern /${value.value}/ can backtrack exponentially (a quantifier inside a quantified group).`,
        });
      }
    }
    return findings;
  },
};
export default rule;
