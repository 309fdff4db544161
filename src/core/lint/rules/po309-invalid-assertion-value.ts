import * as fs from 'node:fs';
import * as path from 'node:path';
import { baseAssertionType } from '../../assertions/kinds';
import { VALUE_CHECKS } from '../../assertions/value-check';
import { Severity } from '../../types';
import { caseOffset } from '../fixture-context';
import type { Finding, FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO309',
  name: 'invalid-assertion-value',
  category: 'fixtures',
  defaultSeverity: Severity.Error,
  summary: "An assertion's value or options do not fit its type.",
  description:
    'Each assertion type reads its `value` (and `threshold`, `path`, `min`/`max` …) in its own way: `contains` takes one text, `contains-any` a list, `levenshtein` a whole-number threshold, `word-count` a number or a range, `javascript` code or a `file://` path that exists beside the fixture file. A mismatch would make the case error on every run.',
  example: {
    bad: '- type: contains\n  value: [Hello, Hi]',
    good: '- type: contains-any\n  value: [Hello, Hi]',
  },
  target: 'fixtures',
  check(context) {
    const findings: Finding[] = [];
    for (const entry of context.cases) {
      for (const assertion of entry.assertions) {
        // `assertion.node` only to place a finding: reading it may parse the case.
        const { value } = assertion;
        const type = typeof value.type === 'string' ? baseAssertionType(value.type) : undefined;
        if (!type) continue; // PO304
        // Placed only when there is something to say: reading a node may parse the case.
        const range = () =>
          context.rangeOf(
            (assertion.node.get('value', true) ?? assertion.node.get('type', true)) as never,
            caseOffset(entry),
          ) ?? entry.anchor;
        const problem = VALUE_CHECKS[type](value);
        if (problem) {
          findings.push({ range: range(), message: `\`${value.type as string}\` ${problem}.` });
          continue;
        }
        const file =
          type === 'javascript' &&
          typeof value.value === 'string' &&
          value.value.startsWith('file://')
            ? value.value.slice(7).replace(/(\.[cm]?js):[A-Za-z_$][\w$]*$/, '$1')
            : undefined;
        if (file && !fs.existsSync(path.resolve(path.dirname(context.file), file)))
          findings.push({
            range: range(),
            message: `No such file: ${file} (relative to this fixture file).`,
          });
      }
    }
    return findings;
  },
};
export default rule;
