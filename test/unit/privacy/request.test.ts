// The request screen: the same text screened again (the preflight, then the run) gives the same
// check, whatever the policy, and a remembered scan never leaks one call's placeholders into another.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Message } from 'dotprompt';
import { screenMessages } from '../../../src/core/privacy/request';

const messages = (text: string): Message[] => [{ role: 'user', content: [{ text }] }];
const TEXT = 'Mail ada.lovelace@acme-mail.io or bob.builder@widgets-inc.co today.';

test('screenMessages: screening the same text twice gives the same check, under each policy', () => {
  const redact = { secrets: 'block', pii: 'redact' } as const;
  const first = screenMessages(messages(TEXT), redact);
  const second = screenMessages(messages(TEXT), redact);
  assert.deepEqual(second, first);
  assert.deepEqual(first.redactions.map((r) => r.placeholder).sort(), ['[EMAIL_1]', '[EMAIL_2]']);
  assert.ok(!JSON.stringify(first.messages).includes('ada.lovelace@acme-mail.io'));
  const warned = screenMessages(messages(TEXT), { secrets: 'block', pii: 'warn' });
  assert.equal(warned.warnings.length, 2);
  assert.equal((warned.messages[0]?.content[0] as { text: string }).text, TEXT);
  assert.throws(
    () => screenMessages(messages(TEXT), { secrets: 'block', pii: 'block' }),
    /privacy policy blocks it/,
  );
});
