import { Severity } from '../../types';
import { inputProblems } from '../fixture-context';
import type { FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO301',
  name: 'fixture-missing-input',
  category: 'fixtures',
  defaultSeverity: Severity.Error,
  summary: 'A fixture case lacks an input the prompt requires.',
  description:
    "Every required input of the prompt's `input.schema` (after `input.default` is applied) must be given by each case; otherwise the case renders with a hole and tests something no caller sends.",
  target: 'fixtures',
  check: (context) =>
    inputProblems(context)
      .filter((p) => p.kind === 'missing')
      .map(({ range, message }) => ({ range, message })),
};
export default rule;
