import { findField } from '../../language/schema';
import { Severity } from '../../types';
import type { Finding, PromptRule } from '../types';

const rule: PromptRule = {
  code: 'PO206',
  name: 'each-over-non-array',
  category: 'template',
  defaultSeverity: Severity.Warning,
  summary: '`{{#each}}` iterates an input the schema declares as a scalar.',
  description:
    '`{{#each}}` over a string, number or boolean renders nothing. Either the schema is wrong (declare the field as `name(array): …`) or the template meant another field.',
  example: {
    bad: 'input:\n  schema:\n    docs: string\n---\n{{#each docs}}{{this}}{{/each}}',
    good: 'input:\n  schema:\n    docs(array): string\n---\n{{#each docs}}{{this}}{{/each}}',
  },
  target: 'prompt',
  check({ analysis }) {
    const findings: Finding[] = [];
    for (const ref of analysis.template.variables) {
      if (ref.blockTarget !== 'each' || !ref.resolved) continue;
      const field = findField(analysis.input.fields, ref.resolved);
      if (
        !field ||
        field.isArray ||
        field.open ||
        field.type.startsWith('object') ||
        field.type === 'any'
      )
        continue;
      findings.push({
        range: ref.range,
        message: `{{#each}} over '${ref.resolved.join('.')}', which the schema declares as ${field.type}: nothing will render.`,
      });
    }
    return findings;
  },
};
export default rule;
