import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzePrompt } from '../../../src/core/language/analysis';
import { parseTemplate } from '../../../src/core/language/handlebars';
import { PromptParseCache } from '../../../src/core/language/parse-cache';
import { cutPoints } from '../../../src/core/language/template-segments';
import { lintPrompt } from '../../../src/core/lint/linter';

const HEADER =
  '---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    customer: string\n    docs(array):\n      title: string\n      text: string\n    question: string\n---\n';

/** A long prompt of the kind the editor lints on every keystroke: text, loops, roles, blocks. */
function bigPrompt(lines: number): string {
  const body: string[] = [];
  for (let i = 0; body.length < lines; i++) {
    if (i % 50 === 0) body.push(`{{role "${i % 100 === 0 ? 'system' : 'user'}"}}`);
    else if (i % 7 === 0) body.push('{{#each docs as |d|}}[{{@index}}] {{d.title}}{{/each}}');
    else if (i % 11 === 0)
      body.push(`{{#if customer}}`, `Dear {{customer}}, line ${i}.`, `{{else}}`, 'Hi.', `{{/if}}`);
    else if (i % 13 === 0) body.push(`{{!-- a note`, `on two lines ${i} --}}`);
    else if (i % 5 === 0) body.push(`Answer {{customer}} about {{question}}, line ${i}.`);
    else body.push(`Plain instruction text for line ${i}: be concise and cite sources.`);
  }
  return HEADER + body.join('\n') + '\n';
}

/** The incremental analysis (the editor's, with one cache kept across versions) against a whole parse. */
async function assertSameAsWhole(cache: PromptParseCache, text: string, what: string) {
  const incremental = await analyzePrompt(text, { cache });
  const whole = await analyzePrompt(text);
  assert.deepStrictEqual(incremental.document.ast, whole.document.ast, `${what}: AST`);
  assert.deepStrictEqual(
    incremental.document.problems,
    whole.document.problems,
    `${what}: problems`,
  );
  assert.deepStrictEqual(incremental.template, whole.template, `${what}: template facts`);
  assert.deepStrictEqual(
    await lintPrompt(text, undefined, {}, incremental),
    await lintPrompt(text, undefined, {}, whole),
    `${what}: lint`,
  );
}

function insert(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

test('a long template is cut into parts, and their parse is the whole parse node for node', () => {
  const text = bigPrompt(400);
  const body = text.slice(HEADER.length);
  assert.ok(cutPoints(body).length >= 20, 'the template is cut into parts');
  const cache = new PromptParseCache();
  assert.deepStrictEqual(cache.parseTemplate(body, 11), parseTemplate(body, 11));
});

test('a keystroke re-parses only its part: untouched parts are the same objects', async () => {
  const cache = new PromptParseCache();
  const text = bigPrompt(400);
  const before = (await analyzePrompt(text, { cache })).document.ast;
  const at = text.indexOf('line 301');
  const after = (await analyzePrompt(insert(text, at, 'x'), { cache })).document.ast;
  assert.ok(before && after);
  const role = (ast: typeof before) => ast.body.find((s) => s.type === 'MustacheStatement');
  assert.ok(role(before));
  assert.equal(role(after), role(before), 'a statement far above the edit is reused');
  await assertSameAsWhole(cache, insert(text, at, 'y'), 'after reuse');
});

test('edits inside blocks, across cuts and in the frontmatter give the whole parse', async () => {
  const cache = new PromptParseCache();
  let text = bigPrompt(300);
  await assertSameAsWhole(cache, text, 'first version');
  const edits: [string, (t: string) => string][] = [
    ['character in plain text', (t) => insert(t, t.indexOf('line 52:'), 'x')],
    ['character inside a block', (t) => insert(t, t.indexOf('Dear {{customer}}, line 88'), 'z')],
    ['delete inside a block', (t) => t.replace('{{else}}\nHi.', '{{else}}\nH.')],
    ['a new line high up', (t) => insert(t, t.indexOf('line 3:'), '\n')],
    ['lines removed high up', (t) => t.replace(/\nPlain instruction text for line 4:[^\n]*/, '')],
    [
      'join two lines (a cut goes away)',
      (t) => t.replace('line 61: be concise and cite sources.\n', 'line 61: '),
    ],
    [
      'split a mustache over lines',
      (t) => t.replace('{{question}}, line 65', '{{\nquestion\n}}, line 65'),
    ],
    [
      'frontmatter edit',
      (t) => t.replace('question: string', 'question: string\n    extra?: string'),
    ],
    ['frontmatter broken', (t) => t.replace('model: openai/gpt-4o-mini', 'model: [openai')],
    ['frontmatter fixed', (t) => t.replace('model: [openai', 'model: openai/gpt-4o-mini')],
    [
      'unclosed block',
      (t) =>
        t.replace(
          '{{#if customer}}\nDear {{customer}}, line 99.\n{{else}}\nHi.\n{{/if}}',
          '{{#if customer}}\nDear {{customer}}, line 99.\nHi.\n',
        ),
    ],
    [
      'closed again',
      (t) =>
        t.replace(
          'Dear {{customer}}, line 99.\nHi.\n',
          'Dear {{customer}}, line 99.\nHi.\n{{/if}}\n',
        ),
    ],
    ['unclosed mustache', (t) => insert(t, t.indexOf('line 120:'), '{{cust')],
    ['mustache closed', (t) => t.replace('{{cust', '{{customer}}')],
    [
      'a block opened across many cuts',
      (t) => insert(t, t.indexOf('Plain instruction text for line 122'), '{{#with docs}}\n'),
    ],
    [
      '... and closed far below',
      (t) => insert(t, t.indexOf('Plain instruction text for line 244'), '{{/with}}\n'),
    ],
    ['a stray close', (t) => insert(t, t.indexOf('line 150:'), '{{/each}}')],
    ['stray close removed', (t) => t.replace('{{/each}}line 150:', 'line 150:')],
    ['a comment opened and never closed', (t) => insert(t, t.indexOf('line 160:'), '{{!-- open\n')],
    ['comment closed two cuts below', (t) => insert(t, t.indexOf('line 200:'), '--}}')],
    ['an else at the top level', (t) => insert(t, t.indexOf('line 170:'), '{{else}}\n')],
    ['else removed', (t) => t.replace('{{else}}\nline 170:', 'line 170:')],
    [
      'inverse block and {{^}}',
      (t) => insert(t, t.indexOf('line 180:'), '{{^docs}}none{{^}}some{{/docs}}\n'),
    ],
    [
      'partial block and inline',
      (t) =>
        insert(
          t,
          t.indexOf('line 190:'),
          '{{#> layout}}\n{{#*inline "x"}}y{{/inline}}\n{{/layout}}\n',
        ),
    ],
    [
      'escaped mustache (parsed whole)',
      (t) => insert(t, t.indexOf('line 210:'), '\\{{not}} a variable\n'),
    ],
    ['escaped mustache removed', (t) => t.replace('\\{{not}} a variable\n', '')],
    [
      'raw block (parsed whole)',
      (t) => insert(t, t.indexOf('line 212:'), '{{{{raw}}}}\n{{x}}\n{{{{/raw}}}}\n'),
    ],
    ['CRLF line ends', (t) => t.replace(/\n/g, '\r\n')],
    ['a character in CRLF text', (t) => insert(t, t.indexOf('line 230:'), 'q')],
    ['a lone CR (parsed whole)', (t) => insert(t, t.indexOf('line 231:'), '\r')],
    ['back to LF', (t) => t.replace(/\r\n?/g, '\n')],
    ['the body emptied', (t) => t.slice(0, t.indexOf('---\n', 4) + 4)],
    ['the body back', () => bigPrompt(300)],
    [
      'the body on one line',
      (t) => t.slice(0, HEADER.length) + t.slice(HEADER.length).replace(/\n/g, ' '),
    ],
  ];
  for (const [what, edit] of edits) {
    text = edit(text);
    await assertSameAsWhole(cache, text, what);
  }
});

test('random edits keep the incremental parse equal to the whole parse', async () => {
  let seed = 19;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  // Mostly whole statements, so most versions parse and take the incremental path; some not.
  const pieces = [
    'x',
    '\n',
    'text\n',
    '{{name}}',
    '{{#if a}}\nx\n{{/if}}',
    '{{#each docs}}{{this}}{{/each}}\n',
    '{{! short }}',
    '{{!-- c\n--}}',
    '\n\n',
    '{{> part}}',
    '{{#if b}}y{{else}}z{{/if}}',
    '{{',
    '}}',
    '{{/if}}',
    '{{else}}',
    '"}}"',
  ];
  const cache = new PromptParseCache();
  let text = bigPrompt(200);
  for (let step = 0; step < 150; step++) {
    const at = HEADER.length + Math.floor(random() * (text.length - HEADER.length));
    if (random() < 0.75) {
      text = insert(text, at, pieces[Math.floor(random() * pieces.length)] ?? 'x');
    } else {
      text =
        text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 12)));
    }
    await assertSameAsWhole(cache, text, `step ${step}`);
  }
});

test('templates whose lexer state the cutter cannot follow are not cut', async () => {
  const plain = bigPrompt(200).slice(HEADER.length);
  assert.ok(cutPoints(plain).length > 0);
  for (const [what, piece] of [
    ['an escaped mustache', '\\{{x}} text'],
    ['a raw block', '{{{{raw}}}}{{x}}{{{{/raw}}}}'],
    ['a lone CR', 'a\rb'],
    ['a line separator', 'a\u2028b'],
    ['a NUL', 'a\u0000b'],
  ]) {
    const text = insert(plain, plain.indexOf('line 20:'), piece ?? '');
    assert.deepStrictEqual(cutPoints(text), [], what);
  }
  assert.deepStrictEqual(cutPoints(insert(plain, 0, '{{/if}}\n')), [], 'a stray close');
  // A lone CR counts as a line for Handlebars: with cuts, later lines would be off by one.
  const cache = new PromptParseCache();
  const text = bigPrompt(200);
  await assertSameAsWhole(cache, text, 'before');
  await assertSameAsWhole(cache, insert(text, text.indexOf('line 20:'), '\r'), 'lone CR');
});
