import { Severity } from '../../types';
import { inputProblems } from '../fixture-context';
import type { FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO302',
  name: 'fixture-input-type',
  category: 'fixtures',
  defaultSeverity: Severity.Error,
  summary: 'A fixture case gives an input of the wrong type or value.',
  description:
    "Case inputs are checked with Ajv against the prompt's input schema: a number where a string is declared, or a value outside an `enum`, is a case that no real caller could produce.",
  target: 'fixtures',
  check: (context) =>
    inputProblems(context)
      .filter((p) => p.kind === 'type')
      .map(({ range, message }) => ({ range, message })),
};
export default rule;
