import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixtureProblems } from '../helpers';

const PROMPT =
  '---\nmodel: openai/gpt-4o-mini\ntools: [getWeather, search]\n---\nWeather in {{city}}?';

test('PO313 reports tool-called, tool-sequence and the other tool assertions naming a tool not offered', async () => {
  const problems = (
    await fixtureProblems(
      PROMPT,
      `cases:
  - id: a
    input: { city: Paris }
    assert:
      - { type: tool-called, value: getWeather }
      - { type: tool-called, value: { name: getWether, args: { city: Paris } } }
      - type: tool-sequence
        value: [search, bookFlight]
      - { type: not-tool-called, value: deleteUser }
      - { type: tool-args-valid, value: serch }
    turns:
      - user: again
        assert: [{ type: tool-sequence, value: "getWeather, launch" }]
`,
    )
  ).filter((p) => p.code === 'PO313');
  assert.deepEqual(
    problems.map((p) => [p.range.start.line, p.message]),
    [
      [
        5,
        "`tool-called` names tool 'getWether', which the prompt does not offer (it offers getWeather, search); did you mean 'getWeather'?",
      ],
      [
        7,
        "`tool-sequence` names tool 'bookFlight', which the prompt does not offer (it offers getWeather, search).",
      ],
      [
        8,
        "`not-tool-called` names tool 'deleteUser', which the prompt does not offer (it offers getWeather, search).",
      ],
      [
        9,
        "`tool-args-valid` names tool 'serch', which the prompt does not offer (it offers getWeather, search); did you mean 'search'?",
      ],
      [
        12,
        "`tool-sequence` names tool 'launch', which the prompt does not offer (it offers getWeather, search).",
      ],
    ],
  );
});

test('PO313 on a prompt without tools; quiet for other assertion types and offered tools', async () => {
  const none = await fixtureProblems(
    '---\nmodel: openai/gpt-4o-mini\n---\nHi',
    'cases:\n  - id: a\n    assert:\n      - { type: tool-called, value: search }\n      - { type: contains, value: search }\n',
  );
  assert.deepEqual(
    none.filter((p) => p.code === 'PO313').map((p) => p.message),
    ["`tool-called` names tool 'search', but the prompt offers no tools."],
  );
  const fine = await fixtureProblems(
    PROMPT,
    'cases:\n  - id: a\n    input: { city: Oslo }\n    assert:\n      - { type: tool-sequence, value: [getWeather, search] }\n',
  );
  assert.deepEqual(
    fine.filter((p) => p.code === 'PO313'),
    [],
  );
});
