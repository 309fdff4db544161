import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lastUserText, startFakeOpenAI } from '../../support/openai-server';
import { runCli, workspace } from '../helpers';

// A fake key of the shape the secret detector knows (sk-… of OpenAI).
const SECRET = 'sk-proj-' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0';

const FIXTURES = [
  'cases:',
  '  - id: good',
  '    input: { text: hi, tone: calm }',
  '  - id: no-tone',
  '    input: { text: hi }',
  '  - id: typo',
  '    input: { text: hi, tone: calm }',
  '    assert:',
  '      - type: contians',
  '        value: hi',
  '  - id: leaky',
  `    input: { text: "${SECRET}", tone: calm }`,
  '',
].join('\n');

async function project(fixtures: string) {
  const asked: string[] = [];
  const server = await startFakeOpenAI((request) => {
    asked.push(lastUserText(request.body));
    return { text: 'hi' };
  });
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n    prices:\n      tiny: { input: 1, output: 2 }\n`,
    'p.prompt':
      '---\nmodel: local/tiny\ninput:\n  schema:\n    text: string\n    tone: string\n---\nSay {{text}} in a {{tone}} tone.',
    'p.fixtures.yaml': fixtures,
  });
  return {
    ws,
    asked,
    cleanup: async () => {
      await server.close();
      ws.cleanup();
    },
  };
}

test('eval lists the known problems and the cases not sent before the preflight cost line', async (t) => {
  const p = await project(FIXTURES);
  t.after(p.cleanup);
  const { code, stderr } = await runCli(p.ws.dir, ['eval']);
  assert.equal(code, 1, stderr);
  const lines = stderr.split('\n');
  const heading = lines.findIndex((l) => /^Known problems before any request \(\d+\):$/.test(l));
  const preflight = lines.findIndex((l) => l.startsWith('Preflight: '));
  assert.ok(heading >= 0 && heading < preflight, stderr);
  assert.match(
    stderr,
    /^ {2}p\.fixtures\.yaml:5: case 'no-tone': input is missing required 'tone'/m,
  );
  assert.match(stderr, /^ {2}p\.fixtures\.yaml:9: case 'typo': Unknown assertion type 'contians'/m);
  assert.match(stderr, /^ {2}p\.fixtures\.yaml:11: case 'leaky': not sent: .*privacy policy/m);
  assert.match(stderr, /^Not sent: 1 case \(leaky\): the privacy policy blocks its request\.$/m);
  assert.ok(!lines.some((l) => /case 'good'/.test(l)), stderr);
  // The blocked case never reached the model; the others did.
  assert.equal(p.asked.length, 3);
  assert.ok(!p.asked.some((text) => text.includes(SECRET)));
});

test('eval of a clean prompt prints no known problems, and --case limits them to the cases chosen', async (t) => {
  const p = await project(FIXTURES);
  t.after(p.cleanup);
  const clean = await runCli(p.ws.dir, ['eval', '--case', 'good']);
  assert.equal(clean.code, 0, clean.stderr);
  assert.doesNotMatch(clean.stderr, /Known problems/);
  const one = await runCli(p.ws.dir, ['eval', '--case', 'typo']);
  assert.match(one.stderr, /Known problems before any request \(1\):/);
  assert.doesNotMatch(one.stderr, /no-tone|leaky/);
});
