// The CLI against servers that misbehave and answers that attack: what reaches stdout, JUnit and the exit code.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { readArtifact } from '../../../src/core/eval/artifact';
import { inPieces } from '../../../src/core/eval/estimate';
import { lineWriter } from '../../../src/cli/terminal';
import { clearSecrets } from '../../../src/core/secrets/scrub';
import { lastUserText, startFakeOpenAI, type Handler } from '../../support/openai-server';
import { REPO, runCli, workspace } from '../helpers';

const CLI = path.join(REPO, 'dist', 'cli.js');
const KEY = 'sk-proj-cli-hostile-0123456789abcdef';

async function project(handler: Handler, withKey = false) {
  const server = await startFakeOpenAI(handler);
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n${withKey ? '    apiKeyEnv: LOCAL_KEY\n' : ''}`,
    'greet.prompt': '---\nmodel: local/tiny\n---\nSay hello to {{name}}',
    'greet.fixtures.yaml':
      'cases:\n  - id: ada\n    input: { name: Ada }\n    assert:\n      - type: contains\n        value: Ada\n',
  });
  const env = {
    LOCAL_KEY: KEY,
    PROMPTOPS_ALLOW_ENDPOINTS: '127.0.0.1',
    XDG_CONFIG_HOME: ws.file('.no-user-config'),
  };
  return {
    server,
    ws,
    env,
    cleanup: async () => {
      clearSecrets();
      await server.close();
      ws.cleanup();
    },
  };
}

test('a key the server echoes in its error reaches neither stdout, stderr nor JUnit', async (t) => {
  const p = await project(
    () => ({ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } }),
    true,
  );
  t.after(p.cleanup);
  const { code, stdout, stderr } = await runCli(p.ws.dir, ['eval', '--junit', 'junit.xml'], p.env);
  assert.equal(code, 1, stderr);
  assert.equal(p.server.requests[0]?.headers.authorization, `Bearer ${KEY}`);
  assert.match(stdout, /Incorrect API key provided: \[REDACTED\]/);
  for (const text of [stdout, stderr, fs.readFileSync(p.ws.file('junit.xml'), 'utf8')])
    assert.ok(!text.includes(KEY));
});

test('--junit or lint --output at a folder or an unwritable place: one line, exit 2, before any request', async (t) => {
  const p = await project(() => ({ text: 'Hello Ada' }));
  t.after(p.cleanup);
  fs.mkdirSync(p.ws.file('reports'));
  const cases: [string[], RegExp][] = [
    [['eval', '--junit', 'reports'], /--junit reports is a folder: give a file name/],
    [['eval', '--junit', '/proc/x'], /--junit \/proc\/x: cannot write there/],
    [['lint', '--output', 'reports'], /--output reports is a folder/],
  ];
  for (const [argv, expected] of cases) {
    const { code, stderr } = await runCli(p.ws.dir, argv, p.env);
    assert.equal(code, 2, `${argv.join(' ')}: ${stderr}`);
    assert.match(stderr, expected);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  }
  assert.equal(p.server.requests.length, 0);
});

test('JUnit stays well-formed XML when an answer holds characters XML 1.0 forbids', async (t) => {
  const p = await project(() => ({ text: 'bad \uFFFE\uFFFF\u0001 \uD800 answer' }));
  t.after(p.cleanup);
  const { code } = await runCli(p.ws.dir, ['eval', '--junit', 'junit.xml'], p.env);
  assert.equal(code, 1);
  const xml = fs.readFileSync(p.ws.file('junit.xml'), 'utf8');
  assert.match(xml, /bad {3}answer/);
  assert.doesNotMatch(xml, /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
});

test("the failure list shows a server's or a model's escape sequences escaped, never raw", async (t) => {
  const attack = '\u001b[2J\u001b]0;pwned\u0007\u001b]8;;http://evil\u001b\\link\u001b]8;;\u001b\\';
  const p = await project((_request, index) =>
    index === 0 ? { status: 400, body: { error: { message: attack } } } : { text: attack },
  );
  t.after(p.cleanup);
  fs.writeFileSync(
    p.ws.file('greet.fixtures.yaml'),
    "cases:\n  - id: ada\n    input: { name: Ada }\n  - id: bob\n    input: { name: Bob }\n    assert:\n      - type: regex\n        value: '^ok$'\n",
  );
  const { stdout } = await runCli(p.ws.dir, ['eval', '--concurrency', '1'], p.env);
  assert.ok(!stdout.includes('\u001b'), 'no raw ESC');
  assert.match(
    stdout,
    /! greet\.prompt › ada: request rejected \(400\): \\x1b\[2J\\x1b\]0;pwned\\x07/,
  );
  assert.match(stdout, /✗ greet\.prompt › bob: regex: output does not match /);
});

test('on a terminal every line (compare, show …) has its control characters escaped; piped output is left as it is', () => {
  const written: string[] = [];
  lineWriter({ isTTY: true, write: (t) => written.push(t) })(
    '# report\n\u001b]0;title\u0007 \u009b31m x\ty',
  );
  lineWriter({ isTTY: false, write: (t) => written.push(t) })('raw \u001b[1m');
  assert.deepEqual(written, ['# report\n\\x1b]0;title\\x07 \\x9b31m x\ty\n', 'raw \u001b[1m\n']);
});

test('SIGTERM does what Ctrl-C does: requests aborted, a valid artifact marked cancelled, exit non-zero', async (t) => {
  const p = await project((request) => ({
    text: `Hello ${lastUserText(request.body).slice(13)}`,
    delayMs: 10_000,
  }));
  t.after(p.cleanup);
  const child = spawn(process.execPath, [CLI, 'eval'], {
    cwd: p.ws.dir,
    env: { ...process.env, ...p.env },
  });
  child.stdout.resume();
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  while (p.server.requests.length < 1 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  child.kill('SIGTERM');
  assert.equal(await exited, 1);
  const artifact = readArtifact(p.ws.file('.promptops/results/greet.json'));
  assert.equal(artifact.summary.cancelled, true);
  assert.deepEqual(
    artifact.cases.map((c) => c.error),
    ['cancelled'],
  );
});

test('the token counter is given bounded pieces, so a long unbroken input costs linear time', () => {
  let longest = 0;
  const count = inPieces((text) => {
    longest = Math.max(longest, text.length);
    return Math.ceil(text.length / 4);
  });
  assert.equal(count('x'.repeat(400_000)), 100_000);
  assert.ok(longest <= 2048, `longest piece ${longest}`);
  const words = 'word '.repeat(1000);
  assert.equal(count(words), Math.ceil(words.length / 4) + 2); // cut after a space: pieces round up
});
