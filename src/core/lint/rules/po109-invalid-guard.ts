import { GuardSpecSchema } from '../../guard/output-guard';
import { Severity } from '../../types';
import type { PromptRule } from '../types';
import { frontmatterRange } from '../yaml-ranges';

const rule: PromptRule = {
  code: 'PO109',
  name: 'invalid-guard',
  category: 'schema',
  defaultSeverity: Severity.Error,
  summary:
    '`promptops.guard` is malformed, or checks an output schema the prompt does not declare.',
  description:
    'The output guard (`promptops.guard`: schema, pii, profanity, maxChars, fallback) decides what reaches a user. A guard with `schema: strict` or `lenient` and no `output.schema` replaces every answer with the fallback; a malformed guard makes evals and `loadGuard` fail.',
  example: {
    bad: 'promptops.guard: { schema: strict }\n# and no output.schema',
    good: 'output:\n  format: json\n  schema: { answer: string }\npromptops.guard: { schema: strict, fallback: "Sorry." }',
  },
  target: 'prompt',
  check({ analysis, output }) {
    const data = analysis.document.frontmatter?.data;
    if (!data || data['promptops.guard'] === undefined) return [];
    const range = frontmatterRange(analysis.document, ['promptops.guard']);
    const parsed = GuardSpecSchema.safeParse(data['promptops.guard']);
    if (!parsed.success) {
      return parsed.error.issues.map((issue) => ({
        range: frontmatterRange(analysis.document, [
          'promptops.guard',
          ...(issue.path as (string | number)[]),
        ]),
        message: `promptops.guard${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}`,
      }));
    }
    const schemaMode = parsed.data.schema ?? 'off';
    if (schemaMode !== 'off' && !output.jsonSchema)
      return [
        {
          range,
          message: `promptops.guard checks the output schema (schema: ${schemaMode}) but the prompt declares no output.schema: every answer would be replaced by the fallback.`,
        },
      ];
    return [];
  },
};
export default rule;
