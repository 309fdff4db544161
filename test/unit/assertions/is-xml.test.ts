import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check } from './helpers';

test('is-xml passes well-formed XML and explains malformed XML', async () => {
  assert.equal((await check({ type: 'is-xml' }, '<root><a x="1">t</a></root>')).pass, true);
  const broken = await check({ type: 'is-xml' }, '<root><a></root>');
  assert.equal(broken.pass, false);
  assert.match(broken.reason, /not well-formed XML: .*line 1/);
  assert.equal((await check({ type: 'is-xml' }, 'plain text')).pass, false);
});

test('is-xml checks required elements by dotted path (a list, a comma string, or requiredElements)', async () => {
  const xml = '<analysis><sentiment>positive</sentiment></analysis>';
  assert.equal((await check({ type: 'is-xml', value: 'analysis.sentiment' }, xml)).pass, true);
  assert.equal(
    (await check({ type: 'is-xml', value: { requiredElements: ['analysis.sentiment'] } }, xml))
      .pass,
    true,
  );
  const r = await check({ type: 'is-xml', value: ['analysis.sentiment', 'analysis.score'] }, xml);
  assert.equal(r.pass, false);
  assert.equal(r.reason, 'XML lacks analysis.score');
});
