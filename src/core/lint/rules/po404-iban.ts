import { Severity } from '../../types';
import { privacyRule } from './privacy';

export default privacyRule({
  code: 'PO404',
  name: 'iban',
  types: ['iban'],
  severity: Severity.Warning,
  summary: 'An IBAN in a prompt or fixture.',
  description:
    'IBANs are recognised by their country format and verified with the ISO 7064 mod-97 checksum.',
});
