import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fixturePathFor } from '../../../src/core/eval/fixtures';
import { variantOf, variantsOf } from '../../../src/core/variants/variants';
import { lastUserText, startFakeOpenAI } from '../../support/openai-server';
import { runCli, workspace } from '../helpers';

const BASE =
  '---\nmodel: local/m\ninput:\n  schema:\n    dish: string\n---\n{{> tone}} Recipe for {{dish}}';
const ROBOT =
  '---\nmodel: local/m\ninput:\n  schema:\n    dish: string\n---\n{{> tone}} BEEP. Recipe for {{dish}}';
const FIXTURES =
  'cases:\n  - id: soup\n    input: { dish: soup }\n    assert:\n      - type: contains\n        value: soup\n  - id: cake\n    input: { dish: cake }\n    assert:\n      - type: contains\n        value: cake\n';

async function project(files: Record<string, string> = {}) {
  // The robot answers "cake" as "CAKE": its cake case fails the base's case-sensitive assertion.
  const server = await startFakeOpenAI((r) => {
    const text = lastUserText(r.body);
    return { text: text.includes('BEEP') ? text.replace('cake', 'CAKE') : text };
  });
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    'prompts/_tone.prompt': 'Warmly:',
    'prompts/recipe.prompt': BASE,
    'prompts/recipe.robot.prompt': ROBOT,
    'prompts/recipe.fixtures.yaml': FIXTURES,
    ...files,
  });
  return {
    ws,
    server,
    cleanup: async () => {
      await server.close();
      ws.cleanup();
    },
  };
}

test('name.variant.prompt is a variant of name.prompt; partials and dotted partial names are not', () => {
  assert.deepEqual(variantOf('/p/recipe.robot.prompt'), {
    baseFile: '/p/recipe.prompt',
    variant: 'robot',
  });
  assert.equal(variantOf('/p/recipe.prompt'), undefined);
  assert.equal(variantOf('/p/_tone.robot.prompt'), undefined);
  assert.equal(variantOf('/p/a.b.c.prompt'), undefined);
});

test('a variant shares its base fixtures unless it has its own; variantsOf lists them', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  const variant = p.ws.file('prompts/recipe.robot.prompt');
  assert.equal(fixturePathFor(variant), p.ws.file('prompts/recipe.fixtures.yaml'));
  assert.deepEqual(variantsOf(p.ws.file('prompts/recipe.prompt')), [
    { variant: 'robot', file: variant },
  ]);
  fs.writeFileSync(p.ws.file('prompts/recipe.robot.fixtures.yaml'), FIXTURES);
  assert.equal(fixturePathFor(variant), p.ws.file('prompts/recipe.robot.fixtures.yaml'));
});

test('eval name.prompt --variants runs base and variant into name.json and name.variant.json; the gate checks the variant as its own prompt', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  const only = await runCli(p.ws.dir, ['eval', 'prompts/recipe.prompt']);
  assert.equal(only.code, 0, only.stderr + only.stdout);
  assert.ok(!fs.existsSync(p.ws.file('.promptops/results/prompts/recipe.robot.json')));
  const both = await runCli(p.ws.dir, ['eval', 'prompts/recipe.prompt', '--variants']);
  assert.equal(both.code, 1, 'the robot fails its cake case');
  assert.match(both.stdout, /prompts\/recipe\.robot\.prompt +local\/m +1 +1 +0 +50%/);
  const robot = JSON.parse(
    fs.readFileSync(p.ws.file('.promptops/results/prompts/recipe.robot.json'), 'utf8'),
  ) as { cases: { id: string; status: string }[] };
  assert.deepEqual(
    robot.cases.map((c) => `${c.id}:${c.status}`),
    ['soup:pass', 'cake:fail'],
  );
  const gate = await runCli(p.ws.dir, ['check', '--min-pass-rate', '1']);
  assert.equal(gate.code, 1, gate.stdout);
  assert.match(gate.stdout, /✓ prompts\/recipe\.prompt/);
  assert.match(gate.stdout, /✗ prompts\/recipe\.robot\.prompt/);
});

test('compare name.prompt --variant robot compares base and variant on the same cases', async (t) => {
  const p = await project();
  t.after(p.cleanup);
  const result = await runCli(p.ws.dir, [
    'compare',
    'prompts/recipe.prompt',
    '--variant',
    'robot',
    '--format',
    'json',
  ]);
  assert.equal(result.code, 0, result.stderr);
  const comparison = JSON.parse(result.stdout) as {
    prompt: string;
    a: { label: string };
    b: { label: string };
    regressions: number;
    cases: { id: string; change: string }[];
  };
  assert.equal(comparison.prompt, 'prompts/recipe.prompt');
  assert.equal(comparison.a.label, 'base');
  assert.equal(comparison.b.label, 'variant robot');
  assert.deepEqual(
    comparison.cases.map((c) => `${c.id}:${c.change}`),
    ['soup:pass→pass', 'cake:pass→fail'],
  );
  assert.equal(comparison.regressions, 1);
  assert.ok(fs.existsSync(p.ws.file('.promptops/comparisons/prompts__recipe--base--robot.json')));
  const missing = await runCli(p.ws.dir, [
    'compare',
    'prompts/recipe.prompt',
    '--variant',
    'pirate',
  ]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no variant 'pirate'.*\(variants: robot\)/);
});
