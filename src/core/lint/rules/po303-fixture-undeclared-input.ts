import { Severity } from '../../types';
import { inputProblems } from '../fixture-context';
import type { FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO303',
  name: 'fixture-undeclared-input',
  category: 'fixtures',
  defaultSeverity: Severity.Warning,
  summary: 'A fixture case gives an input the prompt does not declare.',
  description:
    'An input that the schema does not declare is never read by the template: usually a typo in the fixture, or an input removed from the prompt.',
  target: 'fixtures',
  check: (context) =>
    inputProblems(context)
      .filter((p) => p.kind === 'undeclared')
      .map(({ range, message }) => ({ range, message })),
};
export default rule;
