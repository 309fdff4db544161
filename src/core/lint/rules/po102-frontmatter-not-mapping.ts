import { syntaxRule } from './syntax';

export default syntaxRule({
  code: 'PO102',
  name: 'frontmatter-not-mapping',
  summary: 'The frontmatter is YAML but not a mapping of keys.',
  description:
    'Dotprompt frontmatter is a mapping (`model: …`, `config: …`, `input: …`). A list or a bare value is not understood.',
});
