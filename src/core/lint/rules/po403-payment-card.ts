import { Severity } from '../../types';
import { privacyRule } from './privacy';

export default privacyRule({
  code: 'PO403',
  name: 'payment-card',
  types: ['card'],
  severity: Severity.Error,
  summary: 'A payment card number in a prompt or fixture.',
  description:
    'Digit runs in card format that pass the Luhn check and start with a card network prefix. Card data must never be stored outside a PCI-compliant system.',
});
