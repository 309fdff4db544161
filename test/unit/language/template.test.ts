import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parsePromptDocument } from '../../../src/core/language/document';
import { analyzeTemplate } from '../../../src/core/language/template';

function facts(body: string) {
  return analyzeTemplate(parsePromptDocument(`---\nmodel: a\n---\n${body}`));
}

test('top-level variables resolve to input paths with document ranges', () => {
  const f = facts('Hi {{user.name}}\n{{topic}}');
  assert.deepEqual(
    f.variables.map((v) => [v.original, v.resolved, v.range.start.line, v.range.start.character]),
    [
      ['user.name', ['user', 'name'], 3, 5],
      ['topic', ['topic'], 4, 2],
    ],
  );
});

test('each with a block parameter binds the element', () => {
  const f = facts('{{#each docs as |doc i|}}{{doc.title}} {{i}} {{@index}}{{/each}}');
  const byName = Object.fromEntries(f.variables.map((v) => [v.original, v]));
  assert.deepEqual(byName.docs?.resolved, ['docs']);
  assert.equal(byName.docs?.blockTarget, 'each');
  assert.deepEqual(byName['doc.title']?.resolved, ['docs', 'title']);
  assert.equal(byName['doc.title']?.scoped, true);
  assert.equal(byName.i?.resolved, undefined);
  assert.equal(byName['@index']?.data, true);
  assert.equal(f.scopes.length, 1);
  assert.equal(f.scopes[0]?.iterates, true);
});

test('each without block params changes the context; ../ and @root climb out', () => {
  const f = facts(
    '{{#each docs}}{{title}} {{this.url}} {{../question}} {{@root.question}}{{/each}}',
  );
  const resolved = Object.fromEntries(f.variables.map((v) => [v.original, v.resolved]));
  assert.deepEqual(resolved.title, ['docs', 'title']);
  assert.deepEqual(resolved['this.url'], ['docs', 'url']);
  assert.deepEqual(resolved['../question'], ['question']);
  assert.deepEqual(resolved['@root.question'], ['question']);
});

test('if does not change the context, with does', () => {
  const f = facts('{{#if user}}{{user.name}}{{/if}}{{#with user}}{{name}}{{/with}}');
  assert.deepEqual(
    f.variables.map((v) => v.resolved),
    [['user'], ['user', 'name'], ['user'], ['user', 'name']],
  );
});

test('helpers, their arguments, partials and role markers are told apart', () => {
  const f = facts(
    '{{role "system"}}You are {{persona}}.{{> house-style tone=mood}}\n{{history}}{{json data indent=2}}{{section "output"}}{{media url=img}}',
  );
  assert.deepEqual(
    f.helpers.map((h) => h.name),
    ['role', 'history', 'json', 'section', 'media'],
  );
  assert.deepEqual(
    f.variables.map((v) => v.original),
    ['persona', 'mood', 'data', 'img'],
  );
  assert.deepEqual(
    f.partials.map((p) => p.name),
    ['house-style'],
  );
  assert.deepEqual(
    f.markers.map((m) => `${m.kind}:${m.name}`),
    ['role:system', 'history:', 'section:output', 'media:'],
  );
});

test('an each over an unknown value leaves inner references unresolved', () => {
  const f = facts('{{#each (lookup a b)}}{{x}}{{/each}}');
  const x = f.variables.find((v) => v.original === 'x');
  assert.ok(x);
  assert.equal(x.resolved, undefined);
});

test('a template that does not parse yields no facts', () => {
  const f = facts('{{#if x}}');
  assert.deepEqual(f.variables, []);
});
