import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  parsePromptDocument,
  SYNTAX_CODES,
  frontmatterNode,
  nodeRange,
} from '../../../src/core/language/document';

const PROMPT = `---
model: openai/gpt-4o-mini
input:
  schema:
    name: string
---
Hello {{name}}!
`;

test('splits frontmatter and body and parses both', () => {
  const doc = parsePromptDocument(PROMPT);
  assert.deepEqual(doc.problems, []);
  assert.equal(doc.frontmatter?.data?.model, 'openai/gpt-4o-mini');
  assert.equal(doc.bodyLine, 6);
  assert.equal(doc.body, 'Hello {{name}}!\n');
  assert.ok(doc.ast);
  assert.deepEqual(doc.frontmatter?.range, {
    start: { line: 0, character: 0 },
    end: { line: 5, character: 3 },
  });
});

test('YAML node ranges are in document coordinates', () => {
  const doc = parsePromptDocument(PROMPT);
  const node = frontmatterNode(doc, ['input', 'schema', 'name']);
  assert.ok(node);
  assert.deepEqual(nodeRange(doc, node), {
    start: { line: 4, character: 10 },
    end: { line: 4, character: 16 },
  });
});

test('a file without frontmatter is all template', () => {
  const doc = parsePromptDocument('Just {{text}}');
  assert.equal(doc.frontmatter, undefined);
  assert.equal(doc.bodyOffset, 0);
  assert.deepEqual(doc.problems, []);
});

test('malformed YAML is located inside the frontmatter', () => {
  const doc = parsePromptDocument('---\nmodel: openai/x\nconfig: {temperature: 0\n---\nhi\n');
  const problem = doc.problems.find((p) => p.code === SYNTAX_CODES.yamlSyntax);
  assert.ok(problem, 'a YAML problem');
  assert.equal(problem.severity, 'error');
  assert.equal(problem.range.start.line, 2, 'on the YAML line, not on the closing fence');
  assert.equal(doc.frontmatter?.data, undefined);
});

test('an unterminated frontmatter is an error and the rest is not parsed as template', () => {
  const doc = parsePromptDocument('---\nmodel: a\nHello {{name');
  assert.deepEqual(
    doc.problems.map((p) => p.code),
    [SYNTAX_CODES.unterminatedFrontmatter],
  );
});

test('frontmatter that is not a mapping is an error', () => {
  const doc = parsePromptDocument('---\n- a\n- b\n---\nhi');
  assert.deepEqual(
    doc.problems.map((p) => p.code),
    [SYNTAX_CODES.frontmatterNotMapping],
  );
});

test('an unclosed mustache points at its opening braces', () => {
  const doc = parsePromptDocument('---\nmodel: a\n---\nline one\nsay {{name\nmore text\n');
  const problem = doc.problems[0];
  assert.equal(problem?.code, SYNTAX_CODES.templateSyntax);
  assert.match(problem?.message ?? '', /Unclosed '\{\{'/);
  assert.deepEqual(problem?.range, {
    start: { line: 4, character: 4 },
    end: { line: 4, character: 6 },
  });
});

test('a block never closed is named, with its line in the file, and pointed at where it opens', () => {
  const body = ['Intro', '{{#if formal}}', 'Dear {{name}},', '{{#each items}}- {{this}}{{/each}}'];
  const text = `---\nmodel: a\ninput:\n  schema:\n    formal?: boolean\n---\n${body.join('\n')}\nThe end.\n`;
  const doc = parsePromptDocument(text);
  assert.equal(doc.problems.length, 1);
  const problem = doc.problems[0];
  assert.equal(problem?.code, SYNTAX_CODES.templateSyntax);
  // `{{#if formal}}` is on the file's line 8 (0-based 7), not at the end of the file.
  assert.equal(problem?.message, '`{{#if}}` opened on line 8 is never closed: add `{{/if}}`');
  assert.deepEqual(problem?.range, {
    start: { line: 7, character: 0 },
    end: { line: 7, character: 5 },
  });
  assert.doesNotMatch(problem?.message ?? '', /OPEN_|INVERSE/);
});

test('the innermost unclosed block is the one named; closed blocks and comments do not count', () => {
  const doc = parsePromptDocument(
    '{{#each xs}}\n{{!-- {{#with y}} --}}\n{{#if a}}ok{{/if}}\n  {{#unless b}}\nno\n{{/each}}',
  );
  // {{/each}} closes each and leaves unless open inside it: Handlebars says they do not match.
  assert.match(doc.problems[0]?.message ?? '', /unless doesn't match each/);
  const open = parsePromptDocument(
    '{{#each xs}}\n{{!-- {{#with y}} --}}\n  {{#unless b}}no{{/unless}}\n',
  );
  assert.equal(
    open.problems[0]?.message,
    '`{{#each}}` opened on line 1 is never closed: add `{{/each}}`',
  );
  assert.equal(open.problems[0]?.range.start.line, 0);
});

test('mismatched block close is located at the block', () => {
  const doc = parsePromptDocument('a\n{{#if x}}b{{/each}}');
  const problem = doc.problems[0];
  assert.match(problem?.message ?? '', /if doesn't match each/);
  assert.equal(problem?.range.start.line, 1);
});

test('a syntax error in the middle names the unexpected token', () => {
  const doc = parsePromptDocument('Hi {{ name }} and {{ foo bar= }}');
  assert.equal(doc.problems.length, 1);
  assert.match(doc.problems[0]?.message ?? '', /Template syntax error: unexpected/);
  assert.equal(doc.problems[0]?.range.start.line, 0);
});

test('binary content is refused without analysis', () => {
  const doc = parsePromptDocument('abc\u0000def');
  assert.equal(doc.analysed, false);
  assert.deepEqual(
    doc.problems.map((p) => p.code),
    [SYNTAX_CODES.binary],
  );
});

test('content over the live limit is not analysed', () => {
  const doc = parsePromptDocument('x'.repeat(101), { maxLength: 100 });
  assert.equal(doc.analysed, false);
  assert.equal(doc.problems[0]?.code, SYNTAX_CODES.tooLarge);
});

test('CRLF files parse with the same lines', () => {
  const doc = parsePromptDocument(PROMPT.replace(/\n/g, '\r\n'));
  assert.deepEqual(doc.problems, []);
  assert.equal(doc.bodyLine, 6);
  assert.equal(doc.frontmatter?.data?.model, 'openai/gpt-4o-mini');
});

test('an empty file is an empty template', () => {
  const doc = parsePromptDocument('');
  assert.deepEqual(doc.problems, []);
  assert.equal(doc.analysed, true);
});
