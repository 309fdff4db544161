import { Severity } from '../../types';
import type { PromptRule } from '../types';
import { frontmatterRange } from '../yaml-ranges';
import { compileSchema } from '../../schema/compile';

const rule: PromptRule = {
  code: 'PO107',
  name: 'invalid-output-schema',
  category: 'schema',
  defaultSeverity: Severity.Error,
  summary: '`output.schema` does not compile to a JSON Schema.',
  description:
    'The output schema is sent to the model for structured output and used by the `json-schema` assertion. It must be valid Picoschema or JSON Schema that Ajv compiles.',
  example: {
    bad: 'output:\n  schema:\n    type: object\n    properties: { score: { type: decimal } }',
    good: 'output:\n  schema:\n    score: number',
  },
  target: 'prompt',
  check({ analysis, output }) {
    const range = frontmatterRange(analysis.document, ['output', 'schema']);
    if (output.error) return [{ range, message: `Output schema: ${output.error}` }];
    if (!output.jsonSchema) return [];
    const compiled = compileSchema(output.jsonSchema);
    return compiled instanceof Error
      ? [{ range, message: `Output schema does not compile: ${compiled.message}` }]
      : [];
  },
};
export default rule;
