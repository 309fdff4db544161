import { Severity } from '../../types';
import { privacyRule } from './privacy';

export default privacyRule({
  code: 'PO406',
  name: 'ip-address',
  types: ['ip'],
  severity: Severity.Warning,
  summary: 'A public IP address in a prompt or fixture.',
  description:
    'IPv4 and IPv6 addresses can identify a person. Private, loopback and documentation ranges are reported as information; version strings such as v1.2.3.4 are not reported.',
});
