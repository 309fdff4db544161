import { Severity } from '../../types';
import type { PromptRule } from '../types';
import { frontmatterRange } from '../yaml-ranges';

const rule: PromptRule = {
  code: 'PO111',
  name: 'unknown-schema-name',
  category: 'schema',
  defaultSeverity: Severity.Warning,
  summary:
    'A named schema (`schema: Recipe`) that no code registers and the config does not declare.',
  description:
    "A schema may name one the application registers (`ai.defineSchema('Recipe', …)` in JS/TS, `define_schema` in Python, `genkit.DefineSchema` in Go). PromptOps finds those by scanning the workspace's source files, and reads `lint.schemas` in `promptops.config.yaml`. A name found nowhere fails when the app loads the prompt; until it resolves, PromptOps treats the value as any.",
  example: { bad: 'output:\n  schema: Recipie', good: 'output:\n  schema: Recipe' },
  target: 'prompt',
  check({ analysis, output, genkit }) {
    // Without a scan there is nothing to resolve against: PO106 notes the name instead.
    if (!genkit) return [];
    const sides = [
      { path: ['input', 'schema'], names: analysis.input.unresolvedNames },
      { path: ['output', 'schema'], names: output.unresolvedNames },
    ];
    return sides.flatMap(({ path, names }) =>
      [...new Set(names)]
        .filter((name) => !genkit?.schemas.has(name))
        .map((name) => ({
          range: frontmatterRange(analysis.document, path),
          message: `Schema '${name}' is not defined: not in lint.schemas, and no defineSchema('${name}') in ${genkit.searched}.`,
        })),
    );
  },
};
export default rule;
