import { Severity } from '../../types';
import { privacyRule } from './privacy';

export default privacyRule({
  code: 'PO413',
  name: 'secret-assignment',
  types: ['assigned-secret'],
  severity: Severity.Error,
  summary: 'A high-entropy value assigned to a key, token, secret or password.',
  description:
    'Values of names such as `api_key`, `token`, `client_secret` or `password` that look random (Shannon entropy of at least 3.5 bits per character, mixed character classes). Placeholders such as `${API_KEY}`, `<your key>`, UUIDs and hex digests are not reported.',
});
