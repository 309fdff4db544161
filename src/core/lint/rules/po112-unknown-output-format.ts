import { GENKIT_FORMATS } from '../../genkit/scan';
import { Severity } from '../../types';
import { didYouMean } from '../similar';
import type { PromptRule } from '../types';
import { frontmatterRange } from '../yaml-ranges';

const rule: PromptRule = {
  code: 'PO112',
  name: 'unknown-output-format',
  category: 'schema',
  defaultSeverity: Severity.Warning,
  summary: '`output.format` names a format that is neither built in nor registered.',
  description: `Genkit ships the output formats ${GENKIT_FORMATS.map((f) => `\`${f}\``).join(', ')}; an application adds its own with \`ai.defineFormat\` (found by scanning the workspace's source files) and \`lint.formats\` in \`promptops.config.yaml\` declares more. Any other name fails when the app loads the prompt.`,
  example: { bad: 'output:\n  format: yaml', good: 'output:\n  format: json' },
  target: 'prompt',
  check({ analysis, genkit }) {
    const output = analysis.document.frontmatter?.data?.output as { format?: unknown } | undefined;
    const format = output?.format;
    if (typeof format !== 'string') return [];
    if ((GENKIT_FORMATS as readonly string[]).includes(format) || genkit?.formats.has(format))
      return [];
    const known = [...GENKIT_FORMATS, ...(genkit?.formats.keys() ?? [])];
    const suggestion = didYouMean(format, known);
    const looked = genkit ? `, lint.formats, or defineFormat in ${genkit.searched}` : '';
    return [
      {
        range: frontmatterRange(analysis.document, ['output', 'format']),
        message: `Unknown output format '${format}': not one of Genkit's (${GENKIT_FORMATS.join(', ')})${looked}${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
      },
    ];
  },
};
export default rule;
