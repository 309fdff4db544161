import { Severity } from '../../types';
import type { Finding, FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO307',
  name: 'duplicate-case-id',
  category: 'fixtures',
  defaultSeverity: Severity.Error,
  summary: 'Two fixture cases have the same id.',
  description:
    'Case ids name results in artifacts, the Test Explorer and comparisons across runs; a duplicate makes one case overwrite the other.',
  target: 'fixtures',
  check(context) {
    const seen = new Map<string, number>();
    const findings: Finding[] = [];
    for (const entry of context.cases) {
      if (!entry.id) continue;
      const first = seen.get(entry.id);
      if (first === undefined) seen.set(entry.id, entry.index);
      else
        findings.push({
          range: entry.anchor,
          message: `Case id '${entry.id}' is already used by case #${first + 1}.`,
        });
    }
    return findings;
  },
};
export default rule;
