import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseConfig, ConfigError } from '../../../src/core/config';
import { resolveTools, toolSpecOf } from '../../../src/core/tools/definitions';

test("the issue's minimal config shape (Picoschema) resolves to an OpenAI-ready JSON Schema", async () => {
  const config = parseConfig(
    [
      'tools:',
      '  getWeather:',
      '    description: Current weather for a city',
      '    input:',
      '      schema:',
      '        city: string',
    ].join('\n'),
    'promptops.config.yaml',
  );
  const { tools, problems } = await resolveTools(['getWeather'], config.tools, undefined);
  assert.deepEqual(problems, []);
  assert.deepEqual(tools, [
    {
      name: 'getWeather',
      description: 'Current weather for a city',
      inputSchema: {
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
        additionalProperties: false,
      },
    },
  ]);
});

test('a JSON Schema input is kept as written, and a fixture definition overrides the config', async () => {
  const config = { lookup: { description: 'from config', input: { schema: { q: 'string' } } } };
  const fixture = {
    lookup: {
      description: 'from fixture',
      input: { schema: { type: 'object', properties: { id: { type: 'integer' } } } },
    },
    extra: {},
  };
  const { tools, problems } = await resolveTools(['lookup', 'extra'], config, fixture);
  assert.deepEqual(problems, []);
  assert.deepEqual(tools[0], {
    name: 'lookup',
    description: 'from fixture',
    inputSchema: { type: 'object', properties: { id: { type: 'integer' } } },
  });
  assert.deepEqual(tools[1], { name: 'extra', inputSchema: { type: 'object', properties: {} } });
});

test('a missing definition, a bad Picoschema type, a non-object schema and a schema Ajv rejects are problems', async () => {
  const config = {
    typo: { input: { schema: { city: 'strin' } } },
    scalar: { input: { schema: 'string' } },
    broken: { input: { schema: { type: 'object', properties: { a: { type: 'strung' } } } } },
    good: { input: { schema: { city: 'string' } } },
  };
  const { tools, problems } = await resolveTools(
    ['nowhere', 'typo', 'scalar', 'broken', 'good'],
    config,
    undefined,
  );
  assert.deepEqual(
    tools.map((t) => t.name),
    ['good'],
  );
  assert.equal(problems.length, 4);
  assert.match(problems[0] ?? '', /tool 'nowhere' has no definition: define it under tools:/);
  assert.match(problems[1] ?? '', /tool 'typo': input schema: 'strin' is not a Picoschema type/);
  assert.match(problems[2] ?? '', /tool 'scalar': input schema must describe an object/);
  assert.match(problems[3] ?? '', /tool 'broken': input schema does not compile/);
});

test('a definition of the wrong shape and a name OpenAI refuses are problems, named schemas too', async () => {
  const shape = await toolSpecOf('t', { description: 3 });
  assert.ok('problem' in shape);
  assert.match(shape.problem, /tool 't': description: .*a tool is \{ description, input/);
  const name = await toolSpecOf('get weather', {});
  assert.ok('problem' in name && /1–64 letters/.test(name.problem));
  const named = await toolSpecOf('t', { input: { schema: { place: 'Place' } } });
  assert.ok(
    'problem' in named &&
      /'Place' is not a Picoschema type .*named schema cannot be resolved here/.test(named.problem),
  );
});

test('the config rejects a tools: section of the wrong shape with a located message', () => {
  assert.throws(
    () => parseConfig('tools:\n  getWeather: 3\n', 'promptops.config.yaml'),
    (error: unknown) => error instanceof ConfigError && /tools\.getWeather/.test(error.message),
  );
});
