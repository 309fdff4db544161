import { Severity } from '../../types';
import type { Finding, PromptRule } from '../types';
import { frontmatterRange } from '../yaml-ranges';
import { compileSchema, schemaWarnings } from '../../schema/compile';

const rule: PromptRule = {
  code: 'PO106',
  name: 'invalid-input-schema',
  category: 'schema',
  defaultSeverity: Severity.Error,
  summary: '`input.schema` is not valid Picoschema or JSON Schema.',
  description:
    'The input schema declares the variables the template may use and is what fixture inputs are checked against. A schema that does not parse (an unknown parenthetical type, a non-string leaf) or does not compile makes both checks impossible. Named schemas (`schema: Ticket`) are resolved by your application and are reported as information only. A `format` the schema checker does not know (`format: phone`) is a warning: it is not checked.',
  example: {
    bad: 'input:\n  schema:\n    tags(list): string',
    good: 'input:\n  schema:\n    tags(array): string',
  },
  target: 'prompt',
  check({ analysis, genkit }) {
    const { input, document } = analysis;
    const range = frontmatterRange(document, ['input', 'schema']);
    const findings: Finding[] = [];
    if (input.error) findings.push({ range, message: `Input schema: ${input.error}` });
    else if (input.jsonSchema) {
      const compiled = compileSchema(input.jsonSchema);
      if (compiled instanceof Error)
        findings.push({ range, message: `Input schema does not compile: ${compiled.message}` });
      for (const warning of schemaWarnings(input.jsonSchema))
        findings.push({ range, message: `Input schema: ${warning}.`, severity: Severity.Warning });
    }
    for (const name of input.unresolvedNames) {
      if (genkit && !genkit.schemas.has(name)) continue; // PO111 reports it as not defined
      findings.push({
        range,
        message: `Named schema '${name}' is defined by your application, so its fields are not checked here.`,
        severity: Severity.Info,
      });
    }
    return findings;
  },
};
export default rule;
