import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as YAML from 'yaml';
import { fastYamlValue, FixtureError, parseFixtures } from '../../../src/core/eval/fixtures';

/** What the yaml library (the reader behind every editor feature) makes of a file. */
const yamlLibrary = (text: string): unknown => YAML.parseDocument(text).toJS();

const SIGNS = ['', '+', '-'];
const SCALARS = [
  '0b1',
  '0b_1',
  '0x1F',
  '0x_1',
  '0o7',
  '07',
  '0',
  '1_0',
  '1.',
  '1.0',
  '1e5',
  '1E+5',
  '.5',
  '0.5e-1',
  '1:20',
  '0x',
  '.inf',
  '.Inf',
  '.nan',
  '.NaN',
  'inf',
  'TRUE',
  'True',
  'true',
  'False',
  'yes',
  'no',
  'on',
  'off',
  'y',
  'nULL',
  'Null',
  '~',
  '2024-01-01',
  '2001-12-14t21:59:43.10-05:00',
  '12:30:00',
  '"12"',
  "'0x1F'",
  '"a\\tb\\u00e9"',
  "'it''s'",
];

test('fixture YAML: the fast reader (js-yaml) gives the yaml library values, or declines', () => {
  let declined = 0;
  for (const sign of SIGNS) {
    for (const scalar of SCALARS) {
      const text = `cases:\n  - id: c\n    input:\n      value: ${sign}${scalar}\n      list: [${sign}${scalar}, x]\n`;
      const fast = fastYamlValue(text);
      if (fast === undefined) declined++;
      else assert.deepEqual(fast, yamlLibrary(text), `${sign}${scalar}`);
      // Whichever reader read it, the fixture value is the yaml library's.
      assert.deepEqual(
        parseFixtures(text, 'x.fixtures.yaml').cases[0]?.input,
        (yamlLibrary(text) as { cases: { input: unknown }[] }).cases[0]?.input,
        `${sign}${scalar}`,
      );
    }
  }
  // Only the scalars js-yaml reads differently are left to the yaml library.
  assert.ok(declined > 0 && declined < 24, `declined ${declined}`);
  const shapes = [
    'cases:\n  - id: block\n    input:\n      text: |\n        line one\n          indented\n\n        after a blank\n      folded: >-\n        a\n        b\n    assert:\n      - { type: contains, value: one }\n',
    '# a comment\ndefaults:\n  assert:\n    - type: is-json\ncases: # trailing comment\n  - id: "quoted: id"\n    tags: [a, "b c"]\n    skip: false\n    repeat: 3\n    input: {nested: {deep: [1, {k: v}]}, empty: {}, none: null}\n',
    'cases:\n- id: a\n  input: {name: "Ada \\"the first\\""}\n- id: b\n  input:\n    name: \'single ‘quotes’\'\n    emoji: 🙂\n    key with spaces: 1\n',
    'cases: []\n',
  ];
  for (const text of shapes) {
    const fast = fastYamlValue(text);
    assert.ok(fast, text);
    assert.deepEqual(fast, yamlLibrary(text));
  }
});

test('fixture YAML: directives, null keys and collection keys go to the yaml library, which reads them its way', () => {
  for (const input of [
    '%YAML 1.1\n---\ncases: []\nflag: yes\n',
    'cases: []\nmap:\n  null: a\n',
    'cases: []\nmap:\n  ~: b\n',
    'cases: []\nmap:\n  [a, b]: x\n',
    'cases: []\nmap:\n  {k: 1}: y\n',
    'cases: []\nmap:\n  ? complex\n  : value\n',
  ]) {
    assert.equal(fastYamlValue(input), undefined, input);
    assert.deepEqual(
      parseFixtures(input, 'x.fixtures.yaml'),
      { ...(yamlLibrary(input) as object), cases: [] },
      input,
    );
  }
});

test('fixture YAML: aliases go to the yaml library, which expands them and caps a "billion laughs" file', () => {
  const aliased =
    'base: &base { name: Ada, lang: en }\ncases:\n  - id: a\n    input: *base\n  - id: b\n    input: *base\n';
  assert.equal(fastYamlValue(aliased), undefined);
  assert.deepEqual(
    parseFixtures(aliased, 'x.fixtures.yaml').cases.map((c) => c.input),
    [
      { name: 'Ada', lang: 'en' },
      { name: 'Ada', lang: 'en' },
    ],
  );
  const laughs = [
    'a: &a [x, x, x, x, x, x, x, x, x]',
    ...Array.from(
      { length: 8 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
    ),
    'cases: []',
  ].join('\n');
  assert.throws(
    () => parseFixtures(laughs, 'x.fixtures.yaml'),
    (error: unknown) => error instanceof FixtureError && /alias/i.test(error.message),
  );
});

test('fixture YAML: a broken file is reported by the yaml library, with its line', () => {
  const broken = 'cases:\n  - id: a\n    input: { name: Ada\n  - id: b\n';
  assert.equal(fastYamlValue(broken), undefined);
  assert.throws(
    () => parseFixtures(broken, 'x.fixtures.yaml'),
    (error: unknown) =>
      error instanceof FixtureError && error.line !== undefined && error.line >= 2,
  );
  const duplicate = 'cases:\n  - id: a\n    id: b\n';
  assert.throws(
    () => parseFixtures(duplicate, 'x.fixtures.yaml'),
    (error: unknown) =>
      error instanceof FixtureError && /unique|duplicate/i.test(error.message) && error.line === 2,
  );
  // Not a mapping at the top: the schema says what is wrong.
  assert.throws(
    () => parseFixtures('- a\n- b\n', 'x.fixtures.yaml'),
    (error: unknown) => error instanceof FixtureError && /expected object/.test(error.message),
  );
  assert.throws(() => parseFixtures('', 'x.fixtures.yaml'), FixtureError);
});

test('fixture YAML: an empty file is refused with a message that says what to add', () => {
  for (const text of ['', '# nothing yet\n', '   \n']) {
    assert.throws(
      () => parseFixtures(text, 'p.fixtures.yaml'),
      (e: unknown) =>
        e instanceof FixtureError &&
        e.message ===
          'the fixture file is empty: add `cases:`, a list of cases each with an `id` and an `input`',
      JSON.stringify(text),
    );
  }
});
