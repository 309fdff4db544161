import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { caseLocations, FixtureError, parseFixtures } from '../../../src/core/eval/fixtures';
import { fixtureProblems } from '../lint/helpers';
import { SUPPORT_FIXTURES, WEATHER_FIXTURES } from './issue-shapes';

test("the issue's weather fixture parses: a case scripts one result for a tool", () => {
  const [paris] = parseFixtures(WEATHER_FIXTURES, 'weather.fixtures.yaml').cases;
  assert.deepEqual(paris?.tools, { getWeather: { returns: { tempC: 21, sky: 'sunny' } } });
  assert.deepEqual(paris?.assert[0]?.value, { name: 'getWeather', args: { city: 'Paris' } });
});

test("the issue's support fixture parses: prior messages and scripted turns with their own assertions", () => {
  const [chat] = parseFixtures(SUPPORT_FIXTURES, 'support.fixtures.yaml').cases;
  assert.deepEqual(chat?.messages, [
    { role: 'user', content: 'Hi, my order is 123' },
    { role: 'model', content: 'Hello! How can I help?' },
  ]);
  assert.deepEqual(
    chat?.turns?.map((t) => [t.user, t.assert?.[0]?.type]),
    [
      ['It arrived broken', 'icontains'],
      ['Refund please', 'contains'],
    ],
  );
});

test('a fixture file may define tools; a case may script answers by arguments, or an error', () => {
  const file = parseFixtures(
    `tools:
  getWeather:
    description: Weather
    input: { schema: { city: string } }
cases:
  - id: a
    tools:
      getWeather:
        - { when: { city: Paris }, returns: { tempC: 21 } }
        - { error: "city not found" }
`,
    'w.fixtures.yaml',
  );
  assert.deepEqual(file.tools, {
    getWeather: { description: 'Weather', input: { schema: { city: 'string' } } },
  });
  assert.deepEqual(file.cases[0]?.tools?.getWeather, [
    { when: { city: 'Paris' }, returns: { tempC: 21 } },
    { error: 'city not found' },
  ]);
});

test('JSONL cases carry tools, messages and turns too', () => {
  const [c] = parseFixtures(
    JSON.stringify({
      id: 'j',
      tools: { t: { returns: 1 } },
      messages: [{ role: 'assistant', content: 'hi' }],
      turns: [{ user: 'next' }],
    }) + '\n',
    'x.fixtures.jsonl',
  ).cases;
  assert.deepEqual(
    [c?.tools, c?.messages?.[0]?.role, c?.turns?.[0]?.user],
    [{ t: { returns: 1 } }, 'assistant', 'next'],
  );
});

function errorOf(text: string): string {
  try {
    parseFixtures(text, 'x.fixtures.yaml');
  } catch (error) {
    assert.ok(error instanceof FixtureError);
    return error.message;
  }
  assert.fail('expected a FixtureError');
}

test('wrong shapes are refused with the path and what was expected', () => {
  const tool = (script: string) => errorOf(`cases:\n  - id: a\n    tools:\n      w: ${script}\n`);
  assert.equal(tool('{ return: 1 }'), 'cases.0.tools.w: Unrecognized key: "return"');
  assert.equal(
    tool('{ returns: 1, error: x }'),
    'cases.0.tools.w: a scripted answer has either returns: or error: (one of them)',
  );
  assert.equal(
    tool('[{ returns: 1 }, { when: { a: 1 } }]'),
    'cases.0.tools.w.1: a scripted answer has either returns: or error: (one of them)',
  );
  assert.match(tool('[{ when: 3, returns: 1 }]'), /^cases\.0\.tools\.w\.0\.when: /);
  assert.equal(
    tool('5'),
    'cases.0.tools.w: a tool script is { returns: value }, { error: text }, or a list of { when: {args subset}, returns: value }',
  );
  assert.match(
    errorOf('cases:\n  - id: a\n    messages:\n      - { role: bot, content: hi }\n'),
    /^cases\.0\.messages\.0\.role: .*"user"\|"model"\|"system"\|"assistant"/,
  );
  assert.equal(
    errorOf('cases:\n  - id: a\n    turns:\n      - { user: hi, asert: [] }\n'),
    'cases.0.turns.0: Unrecognized key: "asert"',
  );
  assert.match(errorOf('cases:\n  - id: a\n    turns: []\n'), /^cases\.0\.turns: Too small/);
  assert.match(
    errorOf('tools:\n  w: { description: 5 }\ncases: []\n'),
    /^tools\.w\.description: .*expected string/,
  );
});

test('PO300 reports the specific issue inside a tool script, at its node', async () => {
  const findings = (
    await fixtureProblems(
      '---\nmodel: openai/gpt-4o-mini\n---\nHi',
      'cases:\n  - id: a\n    tools:\n      w:\n        - { returns: 1 }\n        - { when: { a: 1 } }\n',
    )
  ).filter((f) => f.code === 'PO300');
  assert.equal(findings.length, 1);
  assert.equal(
    findings[0]?.message,
    'cases.0.tools.w.1: a scripted answer has either returns: or error: (one of them)',
  );
  assert.equal(findings[0]?.range.start.line, 5);
});

test('caseLocations gives each scripted turn its line and user message (a Test Explorer child each)', () => {
  const [chat] = caseLocations(SUPPORT_FIXTURES, 'support.fixtures.yaml');
  assert.deepEqual(chat, {
    id: 'chat',
    line: 1,
    turns: [
      { line: 6, user: 'It arrived broken' },
      { line: 8, user: 'Refund please' },
    ],
  });
  assert.equal(caseLocations(WEATHER_FIXTURES, 'weather.fixtures.yaml')[0]?.turns, undefined);
});
