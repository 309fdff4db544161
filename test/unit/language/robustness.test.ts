import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzePrompt } from '../../../src/core/language/analysis';
import { complete } from '../../../src/core/language/completion';
import { definitionAt, hoverAt } from '../../../src/core/language/navigation';
import { documentSymbols, foldingRegions } from '../../../src/core/language/symbols';
import { renderPrompt } from '../../../src/core/language/render';

// Fragments that make realistic broken prompts more likely than uniform random text does.
const fragment = fc.constantFrom(
  '---\n',
  '{{',
  '}}',
  '{{#each docs as |d|}}',
  '{{/each}}',
  '{{#if x}}',
  '{{else}}',
  '{{/if}}',
  '{{> p}}',
  '{{role "system"}}',
  '{{!-- c --}}',
  'model: a\n',
  'input:\n  schema:\n    a: string\n',
  '  b(array):\n',
  ': [',
  '"',
  '\n',
  'text ',
  '{{{raw}}}',
  '@root.',
  '../',
  '\r\n',
  '\t',
);
const promptText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join('')),
);

test('no language feature throws on arbitrary text', async () => {
  await fc.assert(
    fc.asyncProperty(promptText, fc.nat(), async (text, seed) => {
      const analysis = await analyzePrompt(text);
      documentSymbols(analysis);
      foldingRegions(analysis);
      const lines = analysis.document.lines;
      const position = lines.positionAt(text.length === 0 ? 0 : seed % (text.length + 1));
      complete(analysis, position, { partials: ['p'] });
      hoverAt(analysis, position, () => undefined);
      definitionAt(analysis, position, () => undefined);
      const result = await renderPrompt(text, { partials: () => 'partial' }, analysis.document);
      assert.equal(typeof result.ok, 'boolean');
    }),
    { numRuns: 400 },
  );
});

test('a 10 MB prompt is refused with a reason instead of exhausting memory', async () => {
  const line = 'The customer {{name}} wrote about {{topic}} and we answer politely.\n';
  const text = `---\nmodel: a\n---\n${line.repeat(Math.ceil((10 * 1024 * 1024) / line.length))}`;
  const analysis = await analyzePrompt(text);
  assert.equal(analysis.document.analysed, false);
  assert.match(
    analysis.document.problems[0]?.message ?? '',
    /This file is 10\.0 MB; PromptOps analyses and renders prompts up to 2\.0 MB/,
  );
  assert.deepEqual(documentSymbols(analysis), []);
  assert.deepEqual(complete(analysis, { line: 5, character: 15 }), []);
  const result = await renderPrompt(text, { input: { name: 'Ada', topic: 'billing' } });
  assert.equal(result.ok, false);
});

test('a prompt just under the limit is analysed and rendered', async () => {
  const line = 'The customer {{name}} wrote about {{topic}} and we answer politely.\n';
  const text = `---\nmodel: a\n---\n${line.repeat(Math.floor((256 * 1024) / line.length))}`;
  const analysis = await analyzePrompt(text);
  assert.deepEqual(analysis.document.problems, []);
  assert.equal(analysis.template.variables.length > 7000, true);
  const result = await renderPrompt(
    text,
    { input: { name: 'Ada', topic: 'billing' } },
    analysis.document,
  );
  assert.ok(result.ok);
});
