import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lintFixtures, lintPrompt } from '../../../src/core/lint/linter';
import { scanText } from '../../../src/core/privacy/detectors';

const yamlish = fc.constantFrom(
  'cases:\n',
  '  - id: a\n',
  '    input: { subject: 1 }\n',
  '    assert:\n',
  '      - type: regex\n',
  "        value: '[a'\n",
  ': [',
  '{',
  '"',
  '\n',
  '- ',
  '  ',
  'x@y.io ',
  '4242 4242 4242 4242',
  '{{',
  '}}',
  '---\n',
  'input:\n  schema:\n    a: string\n',
  '(*): any\n',
  '\t',
  '&a',
  '*a',
  '!!binary',
);
const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.array(yamlish, { maxLength: 50 }).map((parts) => parts.join('')),
);

test('the linter never throws on random or malformed prompts and fixture files', async () => {
  await fc.assert(
    fc.asyncProperty(text, async (input) => {
      const prompt = await lintPrompt(input, undefined);
      const fixtures = await lintFixtures(input, '/nowhere/random.fixtures.yaml');
      const jsonl = await lintFixtures(input, '/nowhere/random.fixtures.jsonl');
      for (const problem of [...prompt, ...fixtures, ...jsonl]) {
        assert.ok(
          problem.range.start.line >= 0 && problem.range.end.line >= problem.range.start.line,
          JSON.stringify(problem),
        );
        assert.match(problem.code, /^PO\d{3}$/);
      }
    }),
    { numRuns: 300 },
  );
});

test('the privacy scan never throws and its matches lie inside the text', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 500, unit: 'binary' }), (input) => {
      for (const match of scanText(input)) {
        assert.ok(match.start >= 0 && match.end <= input.length && match.start < match.end);
        assert.equal(input.slice(match.start, match.end), match.value);
      }
    }),
    { numRuns: 500 },
  );
});
