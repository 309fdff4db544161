import { Severity } from '../../types';
import type { PromptRule } from '../types';
import { frontmatterRange } from '../yaml-ranges';

const rule: PromptRule = {
  code: 'PO114',
  name: 'invalid-tool-definition',
  category: 'schema',
  defaultSeverity: Severity.Error,
  summary: "An offered tool's definition has an input schema that is not valid.",
  description:
    "A tool's `input.schema` is written as Dotprompt writes input schemas, Picoschema or JSON Schema, and must describe an object: the tool's arguments. A schema that does not convert or compile cannot be sent to the model, and `tool-args-valid` could not judge the calls against it.",
  example: {
    bad: 'tools:\n  getWeather:\n    input:\n      schema:\n        city: strng',
    good: 'tools:\n  getWeather:\n    input:\n      schema:\n        city: string',
  },
  target: 'prompt',
  check({ analysis, tools }) {
    return tools.flatMap((tool) =>
      tool.problem
        ? [
            {
              range: frontmatterRange(analysis.document, ['tools', tool.index]),
              message: `${tool.problem.replace(/^tool /, 'Tool ')} (defined in ${tool.source === 'fixture' ? 'the fixture file' : 'promptops.config.yaml'}).`,
            },
          ]
        : [],
    );
  },
};
export default rule;
