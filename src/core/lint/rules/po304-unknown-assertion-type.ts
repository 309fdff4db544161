import { ASSERTION_TYPES, isKnownAssertionType } from '../../assertions/names';
import { Severity } from '../../types';
import { caseOffset } from '../fixture-context';
import { didYouMean } from '../similar';
import type { Finding, FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO304',
  name: 'unknown-assertion-type',
  category: 'fixtures',
  defaultSeverity: Severity.Error,
  summary: 'An assertion has a type PromptOps does not know.',
  description: `Known types: ${ASSERTION_TYPES.map((t) => '`' + t + '`').join(', ')}. Any of them can be negated with a \`not-\` prefix or \`not: true\`.`,
  example: { bad: '- type: contain\n  value: Ada', good: '- type: contains\n  value: Ada' },
  target: 'fixtures',
  check(context) {
    const findings: Finding[] = [];
    for (const entry of context.cases) {
      for (const assertion of entry.assertions) {
        // `assertion.node` only to place a finding: reading it may parse the case.
        const { value } = assertion;
        const type = value.type;
        if (typeof type !== 'string' || isKnownAssertionType(type)) continue;
        const typeNode = assertion.node.get('type', true);
        const range = context.rangeOf(typeNode as never, caseOffset(entry)) ?? entry.anchor;
        const suggestion = didYouMean(type, ASSERTION_TYPES);
        const finding: Finding = {
          range,
          message: `Unknown assertion type '${type}'${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
        };
        if (suggestion)
          finding.fixes = [
            {
              title: `Change to '${suggestion}'`,
              edits: [{ range, newText: suggestion }],
              preferred: true,
            },
          ];
        findings.push(finding);
      }
    }
    return findings;
  },
};
export default rule;
