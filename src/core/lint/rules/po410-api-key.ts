import { Severity } from '../../types';
import { privacyRule } from './privacy';

export default privacyRule({
  code: 'PO410',
  name: 'api-key',
  types: ['secret'],
  severity: Severity.Error,
  summary: 'An API key or token of a known provider.',
  description:
    'Keys and tokens in the shapes of OpenAI, Anthropic, Google, AWS, GitHub, Slack and Stripe. A key in a prompt or fixture is leaked to everyone with the repository and to every model it is sent to: revoke it.',
});
