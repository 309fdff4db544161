// The one scrubber: keys in use and URL credentials leave no trace, in values and in keys, at any
// depth; a value with nothing to scrub comes back as itself (no copy).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  clearSecrets,
  registerSecret,
  SCRUBBED,
  scrub,
  scrubValue,
} from '../../../src/core/secrets/scrub';

const KEY = 'sk-test-0123456789abcdef';

test('scrubValue: a secret in a value, in a key, in an array or behind a URL is removed, deep down', (t) => {
  t.after(clearSecrets);
  registerSecret(KEY);
  const value = {
    text: `the key is ${KEY}`,
    [`k-${KEY}`]: 1,
    list: ['plain', { url: 'https://user:pw@example.com/x' }],
    deep: { a: { b: { c: [KEY] } } },
    n: 3,
    nothing: null,
  };
  assert.deepEqual(scrubValue(value), {
    text: `the key is ${SCRUBBED}`,
    [`k-${SCRUBBED}`]: 1,
    list: ['plain', { url: 'https://example.com/x' }],
    deep: { a: { b: { c: [SCRUBBED] } } },
    n: 3,
    nothing: null,
  });
  assert.ok(value.text.includes(KEY), 'the input is not changed');
  assert.deepEqual(scrubValue({ a: { [KEY]: 'only the key holds it' } }), {
    a: { [SCRUBBED]: 'only the key holds it' },
  });
});

test('scrubValue: a value with nothing to scrub is returned as it is, and so is an untouched branch', (t) => {
  t.after(clearSecrets);
  registerSecret(KEY);
  const clean = { a: ['x', { b: 'mail me at ada@example.com' }], c: { d: 1 } };
  assert.equal(scrubValue(clean), clean);
  const mixed = { dirty: KEY, clean: clean.c };
  const out = scrubValue(mixed);
  assert.notEqual(out, mixed);
  assert.equal(out.clean, clean.c);
  assert.equal(out.dirty, SCRUBBED);
});

test('scrubValue: with no secret registered, URL credentials still go, and twice in a row', () => {
  clearSecrets();
  const value = ['see http://a:b@h/ and ftp://c:d@i/', 'http://e:f@j/'];
  const expected = ['see http://h/ and ftp://i/', 'http://j/'];
  assert.deepEqual(scrubValue(value), expected);
  assert.deepEqual(scrubValue(value), expected, 'no state is left in the global pattern');
  assert.equal(scrub('no credentials @ all'), 'no credentials @ all');
});
