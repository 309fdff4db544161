import { Severity } from '../../types';
import { privacyRule } from './privacy';

export default privacyRule({
  code: 'PO405',
  name: 'us-ssn',
  types: ['ssn'],
  severity: Severity.Error,
  summary: 'A US social security number in a prompt or fixture.',
  description: 'Dashed nine-digit numbers in a valid SSN range (not 000, 666 or 9xx areas).',
});
