import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { lintPrompt } from '../../../../src/core/lint/linter';
import { runCli, workspace } from '../../helpers';

const PROMPT = '---\nmodel: openai/gpt-4o-mini\ntools: [getWeather, search]\n---\nWeather?';
const CONFIG = { getWeather: { description: 'Weather', input: { schema: { city: 'string' } } } };

test('PO113 reports a tool defined neither in the config nor in the fixture file, at its name', async () => {
  const ws = workspace({ 'w.prompt': PROMPT });
  try {
    const problems = (
      await lintPrompt(PROMPT, ws.file('w.prompt'), { toolDefinitions: CONFIG })
    ).filter((p) => p.code === 'PO113');
    assert.deepEqual(
      problems.map((p) => [p.message, p.range.start.line, p.range.start.character]),
      [
        [
          "Tool 'search' has no definition: add it under tools: in promptops.config.yaml (description and input schema), or in the fixture file.",
          2,
          20,
        ],
      ],
    );
  } finally {
    ws.cleanup();
  }
});

test("PO113 counts the fixture file's tools: definitions, and is quiet when the config is unknown", async () => {
  const ws = workspace({
    'w.prompt': PROMPT,
    'w.fixtures.yaml': 'tools:\n  search: { description: Search }\ncases: []\n',
  });
  try {
    const codes = async (toolDefinitions: Record<string, unknown> | null | undefined) =>
      (await lintPrompt(PROMPT, ws.file('w.prompt'), { toolDefinitions }))
        .filter((p) => p.code === 'PO113')
        .map((p) => p.message.split(':')[0]);
    assert.deepEqual(await codes(CONFIG), []);
    assert.deepEqual(await codes(null), ["Tool 'getWeather' has no definition"]);
    assert.deepEqual(await codes(undefined), []);
  } finally {
    ws.cleanup();
  }
});

test('promptops lint reads tools: from promptops.config.yaml (PO113 through the CLI)', async () => {
  const ws = workspace({
    'w.prompt': PROMPT,
    'promptops.config.yaml':
      'tools:\n  getWeather:\n    description: Current weather for a city\n    input:\n      schema:\n        city: string\n',
  });
  try {
    const result = await runCli(ws.dir, ['lint', '--format', 'json', '.']);
    const report = JSON.parse(result.stdout) as { problems?: { code: string }[] }[] | unknown;
    const text = JSON.stringify(report);
    assert.match(text, /Tool 'search' has no definition/);
    assert.doesNotMatch(text, /Tool 'getWeather' has no definition/);
    fs.writeFileSync(ws.file('promptops.config.yaml'), 'tools:\n  getWeather: {}\n  search: {}\n');
    const clean = await runCli(ws.dir, ['lint', '--format', 'json', '.']);
    assert.doesNotMatch(clean.stdout, /PO113/);
  } finally {
    ws.cleanup();
  }
});

test("a tool prompt's toolChoice, maxTurns and returnToolRequests are known frontmatter keys, type-checked", async () => {
  const prompt = (extra: string) =>
    `---\nmodel: openai/gpt-4o-mini\ntools: [getWeather]\n${extra}\n---\nWeather?`;
  const ok = await lintPrompt(
    prompt('toolChoice: required\nmaxTurns: 3\nreturnToolRequests: true'),
    undefined,
    { toolDefinitions: CONFIG },
  );
  assert.deepEqual(
    ok.map((p) => p.code),
    [],
  );
  const bad = await lintPrompt(prompt('maxTurns: 0\nreturnToolRequests: yes'), undefined, {
    toolDefinitions: CONFIG,
  });
  assert.deepEqual(
    bad.map((p) => [p.code, p.range.start.line]),
    [
      ['PO103', 3],
      ['PO103', 4],
    ],
  );
});
