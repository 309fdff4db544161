import { Severity } from '../../types';
import type { PromptRule } from '../types';

const rule: PromptRule = {
  code: 'PO204',
  name: 'missing-partial',
  category: 'template',
  defaultSeverity: Severity.Error,
  summary: 'A partial the template includes has no `_name.prompt` file.',
  description:
    "`{{> name}}` includes the file `_name.prompt`, looked up beside the prompt and in its parent folders up to the workspace root, or a partial the application registers (`definePartial('name', …)`, found by scanning the source files) or declares under `lint.partials` in `promptops.config.yaml`. Without it the prompt fails to render.",
  example: { bad: '{{> house-styel}}', good: '{{> house-style}}' },
  target: 'prompt',
  check({ analysis, partial, genkit }) {
    return analysis.template.partials
      .filter((p) => partial(p.name) === undefined)
      .map((p) => ({
        range: p.range,
        message: `Partial '${p.name}' not found: no _${p.name.split('/').pop()}.prompt beside the prompt or in a parent folder${genkit ? `, not in lint.partials, and no definePartial('${p.name}') in ${genkit.searched}` : ''}.`,
      }));
  },
};
export default rule;
