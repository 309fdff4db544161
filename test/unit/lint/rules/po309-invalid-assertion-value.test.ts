import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixtureFindings as problems } from '../helpers';

test('PO309 checks each assertion value for its type: a list for contains is caught before a run', async () => {
  const found = await problems(`cases:
  - id: a
    input: { name: x }
    assert:
      - { type: contains, value: [Hello, Hi] }
      - { type: contains-any, value: Hello }
      - { type: contains-all, value: [] }
      - { type: levenshtein, value: x, threshold: 0.5 }
      - { type: rouge-n, value: x, threshold: 2 }
      - { type: word-count, value: { min: 5, max: 2 } }
      - { type: json-path, value: 1 }
      - { type: javascript, value: "file://checks/missing.js" }
      - { type: not-icontains-any, value: 3 }
      - { type: max-tokens, value: "10" }
`);
  assert.deepEqual(
    found.map(([code, message, line]) => [code, message, line]),
    [
      ['PO309', '`contains` needs a string `value`.', 4],
      [
        'PO309',
        '`contains-all` needs a list of strings in `value` (or one comma-separated string).',
        6,
      ],
      [
        'PO309',
        '`levenshtein` `threshold` is the largest edit distance that passes: a whole number ≥ 0.',
        7,
      ],
      ['PO309', '`rouge-n` `threshold` is a score between 0 and 1.', 8],
      ['PO309', '`word-count` `min` is above `max`.', 9],
      ['PO309', '`json-path` needs a JSONPath in `path`, such as $.category.', 10],
      ['PO309', 'No such file: checks/missing.js (relative to this fixture file).', 11],
      [
        'PO309',
        '`not-icontains-any` needs a list of strings in `value` (or one comma-separated string).',
        12,
      ],
      ['PO309', '`max-tokens` needs a number ≥ 0 in `value`.', 13],
    ],
  );
});

test('PO309 accepts well-formed values, and a javascript file that exists', async () => {
  const found = await problems(
    `cases:
  - id: a
    input: { name: x }
    assert:
      - { type: contains-any, value: [HELLO, HI] }
      - { type: levenshtein, value: "Hello Ada", threshold: 2 }
      - { type: javascript, value: "output.includes('Ada')" }
      - { type: javascript, value: "file://checks/polite.js" }
      - { type: word-count, value: { max: 50 } }
      - { type: bleu, value: [a b, c d], threshold: 0.4 }
      - { type: is-xml, value: { requiredElements: [a.b] } }
`,
    { files: { 'checks/polite.js': 'module.exports = () => true;' } },
  );
  assert.deepEqual(found, []);
});
