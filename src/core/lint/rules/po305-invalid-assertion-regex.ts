import { compilePattern } from '../../assertions/pattern';
import { Severity } from '../../types';
import { caseOffset } from '../fixture-context';
import type { Finding, FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO305',
  name: 'invalid-assertion-regex',
  category: 'fixtures',
  defaultSeverity: Severity.Error,
  summary: 'A `regex` assertion has a pattern that does not compile.',
  description:
    'The pattern of a `regex` assertion is an RE2 regular expression (JavaScript syntax without lookaround or backreferences, matched in linear time). One that does not compile makes the case error on every run. In YAML, prefer single quotes so backslashes stay as written.',
  example: { bad: "- type: regex\n  value: '[0-9'", good: "- type: regex\n  value: '[0-9]+'" },
  target: 'fixtures',
  check(context) {
    const findings: Finding[] = [];
    for (const entry of context.cases) {
      for (const assertion of entry.assertions) {
        // `assertion.node` only to place a finding: reading it may parse the case.
        const { value } = assertion;
        if (value.type !== 'regex' && value.type !== 'not-regex') continue;
        const range = () =>
          context.rangeOf(assertion.node.get('value', true) as never, caseOffset(entry)) ??
          entry.anchor;
        if (typeof value.value !== 'string') {
          findings.push({
            range: range(),
            message: 'A regex assertion needs a pattern string in `value`.',
          });
          continue;
        }
        try {
          compilePattern(value.value, typeof value.flags === 'string' ? value.flags : '');
        } catch (error) {
          findings.push({
            range: range(),
            message: `Invalid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`,
          });
        }
      }
    }
    return findings;
  },
};
export default rule;
