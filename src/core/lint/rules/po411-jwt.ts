import { Severity } from '../../types';
import { privacyRule } from './privacy';

export default privacyRule({
  code: 'PO411',
  name: 'jwt',
  types: ['jwt'],
  severity: Severity.Error,
  summary: 'A JSON Web Token.',
  description:
    'A JWT (three base64url parts whose header names an algorithm) is a bearer credential: whoever has it can act as its subject until it expires.',
});
