import { Severity } from '../../types';
import { privacyRule } from './privacy';

export default privacyRule({
  code: 'PO412',
  name: 'private-key',
  types: ['private-key'],
  severity: Severity.Error,
  summary: 'A PEM private key.',
  description: 'A PEM private key block. Remove it and rotate the key.',
});
