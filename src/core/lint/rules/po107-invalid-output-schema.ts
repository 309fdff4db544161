import { Severity } from '../../types';
import type { PromptRule } from '../types';
import { frontmatterRange } from '../yaml-ranges';
import { compileSchema, schemaWarnings } from '../../schema/compile';

const rule: PromptRule = {
  code: 'PO107',
  name: 'invalid-output-schema',
  category: 'schema',
  defaultSeverity: Severity.Error,
  summary: '`output.schema` does not compile to a JSON Schema.',
  description:
    'The output schema is sent to the model for structured output and used by the `json-schema` assertion. It must be valid Picoschema or JSON Schema that Ajv compiles. A `format` Ajv does not know (`format: phone`) is a warning: it is not checked.',
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
    if (compiled instanceof Error)
      return [{ range, message: `Output schema does not compile: ${compiled.message}` }];
    return schemaWarnings(output.jsonSchema).map((warning) => ({
      range,
      message: `Output schema: ${warning}.`,
      severity: Severity.Warning,
    }));
  },
};
export default rule;
