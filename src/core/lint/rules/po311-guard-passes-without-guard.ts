import { Severity } from '../../types';
import { caseOffset } from '../fixture-context';
import type { Finding, FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO311',
  name: 'guard-passes-without-guard',
  category: 'fixtures',
  defaultSeverity: Severity.Warning,
  summary: '`guard-passes` is used, but the prompt declares no `promptops.guard`.',
  description:
    "`guard-passes` checks that the prompt's output guard would let the answer through. A prompt without `promptops.guard` in its frontmatter has no guard, so the assertion fails on every run.",
  example: {
    bad: '# the prompt has no promptops.guard\n- type: guard-passes',
    good: '# the prompt declares promptops.guard: { maxChars: 500 }\n- type: guard-passes',
  },
  target: 'fixtures',
  check(context) {
    const frontmatter = context.prompt?.analysis.document.frontmatter?.data;
    if (!context.prompt || frontmatter?.['promptops.guard'] !== undefined) return [];
    const findings: Finding[] = [];
    for (const entry of context.cases)
      for (const assertion of entry.assertions) {
        // `assertion.node` only to place a finding: reading it may parse the case.
        const { value } = assertion;
        if (value.type !== 'guard-passes' && value.type !== 'not-guard-passes') continue;
        const range =
          context.rangeOf(assertion.node.get('type', true) as never, caseOffset(entry)) ??
          entry.anchor;
        findings.push({
          range,
          message: '`guard-passes` on a prompt without promptops.guard: it can never pass.',
        });
      }
    return findings;
  },
};
export default rule;
