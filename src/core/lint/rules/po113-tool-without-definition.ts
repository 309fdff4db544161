import { Severity } from '../../types';
import type { PromptRule } from '../types';
import { frontmatterRange } from '../yaml-ranges';

const rule: PromptRule = {
  code: 'PO113',
  name: 'tool-without-definition',
  category: 'schema',
  defaultSeverity: Severity.Error,
  summary:
    'A tool in `tools:` is defined neither in promptops.config.yaml nor in the fixture file.',
  description:
    "An eval sends each tool the prompt offers to the model with its description and input schema, which come from `tools:` in `promptops.config.yaml` (or the prompt's fixture file, which overrides it). A tool defined nowhere cannot be offered, so the prompt's cases cannot run.",
  example: {
    bad: '# promptops.config.yaml has no tools: entry for getWeather\ntools: [getWeather]',
    good: '# promptops.config.yaml\ntools:\n  getWeather:\n    description: Current weather for a city\n    input:\n      schema:\n        city: string',
  },
  target: 'prompt',
  check({ analysis, tools, knowsToolDefinitions }) {
    if (!knowsToolDefinitions) return [];
    return tools
      .filter((tool) => tool.source === undefined)
      .map((tool) => ({
        range: frontmatterRange(analysis.document, ['tools', tool.index]),
        message: `Tool '${tool.name}' has no definition: add it under tools: in promptops.config.yaml (description and input schema), or in the fixture file.`,
      }));
  },
};
export default rule;
