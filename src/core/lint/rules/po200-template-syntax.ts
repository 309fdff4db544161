import { syntaxRule } from './syntax';

export default syntaxRule({
  code: 'PO200',
  name: 'template-syntax',
  summary: 'The Handlebars template does not parse.',
  description:
    'The body is a Handlebars template; a syntax error (an unclosed `{{`, a block closed with the wrong name, a stray `}}}`) stops it from rendering. The problem is shown where the parser stopped or, for an unclosed mustache, at its `{{`.',
  example: { bad: 'Hello {{name', good: 'Hello {{name}}' },
});
