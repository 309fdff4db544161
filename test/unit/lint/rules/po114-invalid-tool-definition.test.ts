import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintPrompt } from '../../../../src/core/lint/linter';
import { workspace } from '../../helpers';

const PROMPT = '---\nmodel: openai/gpt-4o-mini\ntools:\n  - getWeather\n  - search\n---\nWeather?';

test('PO114 reports an offered tool whose schema does not convert or compile, naming where it is defined', async () => {
  const ws = workspace({
    'w.prompt': PROMPT,
    'w.fixtures.yaml':
      'tools:\n  search:\n    input:\n      schema: { type: object, properties: { q: { type: strung } } }\ncases: []\n',
  });
  try {
    const problems = (
      await lintPrompt(PROMPT, ws.file('w.prompt'), {
        toolDefinitions: { getWeather: { input: { schema: { city: 'strng' } } } },
      })
    ).filter((p) => p.code === 'PO114');
    assert.deepEqual(
      problems.map((p) => [p.range.start.line, p.message]),
      [
        [
          3,
          "Tool 'getWeather': input schema: 'strng' is not a Picoschema type (string, number, integer, boolean, null, any), and a named schema cannot be resolved here: write the schema out (defined in promptops.config.yaml).",
        ],
        [
          4,
          "Tool 'search': input schema does not compile: schema is invalid: data/properties/q/type must be equal to one of the allowed values, data/properties/q/type must be array, data/properties/q/type must match a schema in anyOf (defined in the fixture file).",
        ],
      ],
    );
  } finally {
    ws.cleanup();
  }
});

test('PO114 is quiet for valid definitions in either shape, and for tools the prompt does not offer', async () => {
  const problems = await lintPrompt(PROMPT, undefined, {
    toolDefinitions: {
      getWeather: { input: { schema: { city: 'string', 'days?': 'integer' } } },
      search: { input: { schema: { type: 'object', properties: { q: { type: 'string' } } } } },
      unused: { input: { schema: { x: 'nope' } } },
    },
  });
  assert.deepEqual(
    problems.filter((p) => p.code === 'PO114' || p.code === 'PO113'),
    [],
  );
});
