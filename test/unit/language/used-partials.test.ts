import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { sha256 } from '../../../src/core/hash';
import { parsePromptDocument } from '../../../src/core/language/document';
import {
  changedPartials,
  partialHashes,
  usedPartials,
} from '../../../src/core/language/used-partials';

test('usedPartials follows partials into partials, once each, through cycles, and marks missing ones', async () => {
  const files: Record<string, string> = {
    a: 'A {{> b}} {{> shared/c}}',
    b: 'B {{> a}}{{#if x}}{{> d}}{{/if}}',
    'shared/c': 'C',
  };
  const asked: string[] = [];
  const used = await usedPartials(
    parsePromptDocument('{{role "system"}}{{> a}} and {{> a}}'),
    (name) => (asked.push(name), files[name]),
  );
  assert.deepEqual(
    [...used],
    [
      ['a', files.a],
      ['b', files.b],
      ['shared/c', 'C'],
      ['d', null],
    ],
  );
  assert.deepEqual(asked, ['a', 'b', 'shared/c', 'd'], 'each partial read once, even in a cycle');
  assert.deepEqual(
    await partialHashes(parsePromptDocument('{{> shared/c}}{{> a}}'), (name) => files[name]),
    { a: sha256(files.a ?? ''), b: sha256(files.b ?? ''), d: null, 'shared/c': sha256('C') },
  );
  assert.deepEqual(
    await partialHashes(parsePromptDocument('no partials {{x}}'), () => 'never'),
    {},
  );
});

test('changedPartials names what differs, on either side', () => {
  assert.deepEqual(changedPartials({ a: '1', b: '2', gone: '3' }, { a: '1', b: '9', added: '4' }), [
    'added',
    'b',
    'gone',
  ]);
  assert.deepEqual(changedPartials(undefined, {}), []);
  assert.deepEqual(changedPartials(undefined, { a: null }), ['a']);
});
