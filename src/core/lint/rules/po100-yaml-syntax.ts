import { syntaxRule } from './syntax';

export default syntaxRule({
  code: 'PO100',
  name: 'yaml-syntax',
  summary: 'The frontmatter is not valid YAML.',
  description:
    'The YAML between the `---` fences does not parse. Until it does, the model, config and schemas of the prompt are unknown and the prompt cannot be rendered.',
  example: {
    bad: '---\nconfig: { temperature: 0\n---',
    good: '---\nconfig: { temperature: 0 }\n---',
  },
});
