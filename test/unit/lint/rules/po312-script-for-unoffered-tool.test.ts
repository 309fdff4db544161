import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixtureProblems } from '../helpers';

const PROMPT = '---\nmodel: openai/gpt-4o-mini\ntools: [getWeather]\n---\nWeather in {{city}}?';

test('PO312 reports a scripted result for a tool the prompt does not offer, at its key, with a suggestion', async () => {
  const problems = (
    await fixtureProblems(
      PROMPT,
      `cases:
  - id: paris
    input: { city: Paris }
    tools:
      getWeather: { returns: { tempC: 21 } }
      getWether: { returns: { tempC: 3 } }
      bookFlight: { error: nope }
`,
    )
  ).filter((p) => p.code === 'PO312');
  assert.deepEqual(
    problems.map((p) => [p.range.start.line, p.range.start.character, p.message]),
    [
      [
        5,
        6,
        "Case 'paris' scripts tool 'getWether', which the prompt does not offer (it offers getWeather); did you mean 'getWeather'?",
      ],
      [
        6,
        6,
        "Case 'paris' scripts tool 'bookFlight', which the prompt does not offer (it offers getWeather).",
      ],
    ],
  );
});

test('PO312 tells a prompt without tools to offer them; quiet when every script is offered', async () => {
  const none = await fixtureProblems(
    '---\nmodel: openai/gpt-4o-mini\n---\nHi',
    'cases:\n  - id: a\n    tools:\n      search: { returns: [] }\n',
  );
  assert.deepEqual(
    none.filter((p) => p.code === 'PO312').map((p) => p.message),
    [
      "Case 'a' scripts tool 'search', but the prompt offers no tools (add tools: [search] to its frontmatter).",
    ],
  );
  const fine = await fixtureProblems(
    PROMPT,
    'cases:\n  - id: a\n    input: { city: Oslo }\n    tools:\n      getWeather: [{ when: { city: Oslo }, returns: 1 }]\n',
  );
  assert.deepEqual(
    fine.filter((p) => p.code === 'PO312'),
    [],
  );
});
