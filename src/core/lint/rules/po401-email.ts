import { Severity } from '../../types';
import { privacyRule } from './privacy';

export default privacyRule({
  code: 'PO401',
  name: 'email',
  types: ['email'],
  severity: Severity.Warning,
  summary: 'An e-mail address in a prompt or fixture.',
  description:
    'Real e-mail addresses in prompts and fixtures end up in git history, in artifacts and in requests to model providers.',
});
