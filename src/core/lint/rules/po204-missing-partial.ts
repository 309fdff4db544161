import { Severity } from '../../types';
import type { PromptRule } from '../types';

const rule: PromptRule = {
  code: 'PO204',
  name: 'missing-partial',
  category: 'template',
  defaultSeverity: Severity.Error,
  summary: 'A partial the template includes has no `_name.prompt` file.',
  description:
    '`{{> name}}` includes the file `_name.prompt`, looked up beside the prompt and in its parent folders up to the workspace root. Without it the prompt fails to render.',
  example: { bad: '{{> house-styel}}', good: '{{> house-style}}' },
  target: 'prompt',
  check({ analysis, partial }) {
    return analysis.template.partials
      .filter((p) => partial(p.name) === undefined)
      .map((p) => ({
        range: p.range,
        message: `Partial '${p.name}' not found: no _${p.name.split('/').pop()}.prompt beside the prompt or in a parent folder.`,
      }));
  },
};
export default rule;
