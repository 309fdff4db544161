import * as YAML from 'yaml';
import { EMPTY_FIXTURES_MESSAGE, FixtureFileSchema, mostSpecific } from '../../eval/fixtures';
import { Severity } from '../../types';
import { yamlValue } from '../../yaml';
import { deepestNodeAtPath } from '../fixture-context';
import type { Finding, FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO300',
  name: 'fixture-file-invalid',
  category: 'fixtures',
  defaultSeverity: Severity.Error,
  summary: 'A fixture file is not valid YAML/JSONL or not in the fixture format.',
  description:
    'A fixture file is YAML with a `cases` list (each case an `id`, an `input` mapping and `assert` assertions), or JSONL with one case a line. A file that does not parse or has the wrong shape cannot be run.',
  example: {
    bad: 'cases:\n  - input: { name: Ada }',
    good: 'cases:\n  - id: greet-ada\n    input: { name: Ada }',
  },
  target: 'fixtures',
  check(context) {
    // Parsed case by case only when the whole file parses and has the fixture format.
    if (context.caseByCase) return [];
    const findings: Finding[] = [];
    const jsonl = context.file.endsWith('.jsonl');
    for (const { doc, offset } of context.documents) {
      for (const error of doc.errors) {
        const start = offset + error.pos[0];
        findings.push({
          range: context.lines.range(start, Math.max(start + 1, offset + error.pos[1])),
          message: `${jsonl ? 'JSON' : 'YAML'}: ${error.message.split('\n')[0] ?? error.message}`,
        });
      }
      if (doc.errors.length) continue;
      const converted = yamlValue(doc);
      if ('error' in converted) {
        findings.push({
          range: context.lines.range(offset, offset + 1),
          message: `YAML: ${converted.error}`,
        });
        continue;
      }
      const value = converted.value;
      if (!jsonl && (value === null || value === undefined)) {
        findings.push({
          range: context.lines.range(offset, offset + 1),
          message: EMPTY_FIXTURES_MESSAGE.charAt(0).toUpperCase() + EMPTY_FIXTURES_MESSAGE.slice(1),
        });
        continue;
      }
      const result = FixtureFileSchema.safeParse(jsonl ? { cases: [value] } : value);
      if (result.success) continue;
      for (const raw of result.error.issues) {
        const issue = mostSpecific(raw);
        const path = (jsonl ? issue.path.slice(2) : issue.path) as (string | number)[];
        const node = deepestNodeAtPath(YAML.isNode(doc.contents) ? doc.contents : undefined, path);
        const where = issue.path.length ? issue.path.join('.') : 'file';
        findings.push({
          range: context.rangeOf(node, offset) ?? context.lines.range(offset, offset + 1),
          message: `${where}: ${issue.message}`,
        });
      }
    }
    return findings;
  },
};
export default rule;
