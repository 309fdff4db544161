import { syntaxRule } from './syntax';

export default syntaxRule({
  code: 'PO101',
  name: 'unterminated-frontmatter',
  summary: "The frontmatter opened by '---' is never closed.",
  description:
    'A `.prompt` file that starts with `---` must close its YAML frontmatter with a second `---` line before the template.',
  example: {
    bad: '---\nmodel: openai/gpt-4o-mini\nHello {{name}}',
    good: '---\nmodel: openai/gpt-4o-mini\n---\nHello {{name}}',
  },
});
