import { FrontmatterSchema } from '../../language/frontmatter-schema';
import { Severity } from '../../types';
import type { PromptRule } from '../types';
import { frontmatterRange } from '../yaml-ranges';

const rule: PromptRule = {
  code: 'PO103',
  name: 'frontmatter-field-type',
  category: 'schema',
  defaultSeverity: Severity.Error,
  summary: 'A Dotprompt frontmatter field has the wrong type.',
  description:
    'Dotprompt expects `model` to be a string, `config` a mapping, `input.default` a mapping, `output.format` a format name, `tools` a list of names, and so on. A field of the wrong type is ignored or breaks rendering.',
  example: { bad: 'tools: search', good: 'tools:\n  - search' },
  target: 'prompt',
  check({ analysis }) {
    const data = analysis.document.frontmatter?.data;
    if (!data) return [];
    const result = FrontmatterSchema.safeParse(data);
    if (result.success) return [];
    return result.error.issues.map((issue) => ({
      range: frontmatterRange(analysis.document, issue.path as (string | number)[]),
      message: `${issue.path.join('.') || 'frontmatter'}: ${issue.message}`,
    }));
  },
};
export default rule;
