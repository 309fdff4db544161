import { Severity } from '../../types';
import type { PromptRule } from '../types';

const rule: PromptRule = {
  code: 'PO110',
  name: 'empty-prompt',
  category: 'template',
  defaultSeverity: Severity.Warning,
  summary: 'The prompt has no template text.',
  description:
    'A `.prompt` file that is empty, or has frontmatter but nothing after it, sends the model an empty message: every eval of it measures nothing. Write the template below the frontmatter.',
  example: {
    bad: '---\nmodel: openai/gpt-4o-mini\n---\n',
    good: '---\nmodel: openai/gpt-4o-mini\n---\nSummarise {{text}}.',
  },
  target: 'prompt',
  check({ analysis }) {
    const document = analysis.document;
    // A broken file has its own finding (PO1xx, PO200); an empty body is then no news.
    if (!document.analysed || document.problems.length || document.body.trim()) return [];
    const start = { line: document.bodyLine, character: 0 };
    return [
      {
        range: { start, end: start },
        message: 'The prompt has no template text: the model would get an empty message.',
      },
    ];
  },
};
export default rule;
