import { Severity } from '../../types';
import type { PromptRule } from '../types';
import { frontmatterEntry } from '../yaml-ranges';

const rule: PromptRule = {
  code: 'PO108',
  name: 'json-output-without-schema',
  category: 'schema',
  defaultSeverity: Severity.Warning,
  summary: '`output.format: json` without an `output.schema`.',
  description:
    'Asking for JSON without a schema gives the model no shape to follow, disables structured output and leaves the `json-schema` assertion nothing to check. Declare the fields you expect.',
  example: {
    bad: 'output:\n  format: json',
    good: 'output:\n  format: json\n  schema:\n    answer: string\n    confidence: number',
  },
  target: 'prompt',
  check({ analysis }) {
    const output = analysis.document.frontmatter?.data?.output as
      | { format?: unknown; schema?: unknown }
      | undefined;
    if (!output || output.format !== 'json' || output.schema !== undefined) return [];
    const entry = frontmatterEntry(analysis.document, ['output', 'format']);
    const range = entry.value ?? entry.key;
    return range
      ? [
          {
            range,
            message:
              "output.format is 'json' but there is no output.schema: the model gets no shape to follow.",
          },
        ]
      : [];
  },
};
export default rule;
