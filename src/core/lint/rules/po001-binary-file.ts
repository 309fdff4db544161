import { syntaxRule } from './syntax';

export default syntaxRule({
  code: 'PO001',
  name: 'binary-file',
  summary: 'A .prompt file contains binary data.',
  description:
    'The file has NUL bytes, so it is not a text template. It is not analysed or rendered. Check that the file was not overwritten by a binary or saved in UTF-16.',
});
