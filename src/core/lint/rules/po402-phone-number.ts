import { Severity } from '../../types';
import { privacyRule } from './privacy';

export default privacyRule({
  code: 'PO402',
  name: 'phone-number',
  types: ['phone'],
  severity: Severity.Warning,
  summary: 'A phone number in a prompt or fixture.',
  description:
    'Phone numbers are found with libphonenumber-js and validated for their country; bare digit runs such as order numbers are not reported.',
});
