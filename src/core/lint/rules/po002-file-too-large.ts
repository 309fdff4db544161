import { syntaxRule } from './syntax';

export default syntaxRule({
  code: 'PO002',
  name: 'file-too-large',
  summary: 'A .prompt file is larger than PromptOps analyses and renders (2 MB).',
  description:
    'Two megabytes of text is about 500,000 tokens, more than any model accepts, and Handlebars needs about half a gigabyte of memory per megabyte of template. Move large reference material into fixture inputs or retrieved documents (`{{#each docs}}`).',
});
