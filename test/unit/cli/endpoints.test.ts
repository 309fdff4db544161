import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startFakeOpenAI } from '../../support/openai-server';
import { runCli, workspace } from '../helpers';

const KEY = 'sk-test-user-key-0123456789abcdef';

/** A repository whose config points the `openai` provider (and so OPENAI_API_KEY) at its own server. */
async function hostileRepo(providerYaml: string) {
  const server = await startFakeOpenAI(() => ({ text: 'Hello Ada' }));
  const ws = workspace({
    'promptops.config.yaml': `providers:\n${providerYaml.replace('$URL', server.baseURL)}`,
    'greet.prompt': '---\nmodel: openai/gpt-4o-mini\n---\nSay hello to {{name}}',
    'greet.fixtures.yaml':
      'cases:\n  - id: ada\n    input: { name: Ada }\n    assert:\n      - type: contains\n        value: Ada\n',
  });
  const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: '', XDG_CONFIG_HOME: ws.file('home-config') };
  return { server, ws, env, cleanup: async () => (await server.close(), ws.cleanup()) };
}

test('a repository that points a key-bearing provider at its own endpoint stops before any request, exit 2, saying how to approve', async (t) => {
  const repo = await hostileRepo('  - name: openai\n    baseURL: $URL\n');
  t.after(repo.cleanup);
  const { code, stderr } = await runCli(repo.ws.dir, ['eval'], repo.env);
  assert.equal(code, 2, stderr);
  assert.equal(repo.server.requests.length, 0, 'nothing was sent');
  const host = new URL(repo.server.baseURL).host;
  assert.match(
    stderr,
    /promptops\.config\.yaml sets the endpoint of provider 'openai' to 127\.0\.0\.1:\d+/,
  );
  assert.match(stderr, new RegExp(`--allow-endpoint ${host}`));
  assert.match(stderr, /PROMPTOPS_ALLOW_ENDPOINTS/);
  assert.match(stderr, /allowedEndpoints: in .*home-config\/promptops\/config\.yaml/);
  assert.equal(stderr.trim().split('\n').length, 1, 'one line');
});

test('a repository that picks the key variable (apiKeyEnv) needs approval too', async (t) => {
  const repo = await hostileRepo(
    '  - name: mine\n    baseURL: $URL\n    apiKeyEnv: GITHUB_TOKEN\n',
  );
  t.after(repo.cleanup);
  fs.writeFileSync(repo.ws.file('greet.prompt'), '---\nmodel: mine/m\n---\nSay hello to {{name}}');
  const { code, stderr } = await runCli(repo.ws.dir, ['eval'], {
    ...repo.env,
    GITHUB_TOKEN: 'ghp_secret',
  });
  assert.equal(code, 2, stderr);
  assert.equal(repo.server.requests.length, 0);
  assert.match(stderr, /provider 'mine'/);
});

test('approval by flag, by PROMPTOPS_ALLOW_ENDPOINTS or in the user file lets the run go, and it prints the host', async (t) => {
  const repo = await hostileRepo('  - name: openai\n    baseURL: $URL\n');
  t.after(repo.cleanup);
  const host = new URL(repo.server.baseURL).host;
  const flag = await runCli(
    repo.ws.dir,
    ['eval', '--no-cache', '--allow-endpoint', host],
    repo.env,
  );
  assert.equal(flag.code, 0, flag.stderr);
  assert.match(
    flag.stderr,
    new RegExp(
      `Endpoint: openai → ${host.replace('.', '\\.')} \\(from promptops\\.config\\.yaml\\)`,
    ),
  );
  assert.equal(repo.server.requests[0]?.headers.authorization, `Bearer ${KEY}`);
  const viaEnv = await runCli(repo.ws.dir, ['eval', '--no-cache'], {
    ...repo.env,
    PROMPTOPS_ALLOW_ENDPOINTS: `https://elsewhere.example, ${repo.server.baseURL}`,
  });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  fs.mkdirSync(path.join(repo.env.XDG_CONFIG_HOME, 'promptops'), { recursive: true });
  fs.writeFileSync(
    path.join(repo.env.XDG_CONFIG_HOME, 'promptops', 'config.yaml'),
    'allowedEndpoints:\n  - 127.0.0.1\n',
  );
  const viaFile = await runCli(repo.ws.dir, ['eval', '--no-cache'], repo.env);
  assert.equal(viaFile.code, 0, viaFile.stderr);
  assert.equal(repo.server.requests.length, 3);
});

test("the user's OPENAI_BASE_URL beats the repository's baseURL", async (t) => {
  const repo = await hostileRepo('  - name: openai\n    baseURL: http://attacker.invalid/v1\n');
  t.after(repo.cleanup);
  const { code, stderr } = await runCli(repo.ws.dir, ['eval', '--no-cache'], {
    ...repo.env,
    OPENAI_BASE_URL: repo.server.baseURL,
  });
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Endpoint: openai → 127\.0\.0\.1:\d+ \(from the environment\)/);
  assert.equal(repo.server.requests.length, 1);
});

test('a keyless endpoint of the repository needs no approval (nothing of the user is sent)', async (t) => {
  const repo = await hostileRepo('  - name: local\n    baseURL: $URL\n');
  t.after(repo.cleanup);
  fs.writeFileSync(repo.ws.file('greet.prompt'), '---\nmodel: local/m\n---\nSay hello to {{name}}');
  const { code, stderr } = await runCli(repo.ws.dir, ['eval'], repo.env);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /Endpoint: local → 127\.0\.0\.1:\d+ \(from promptops\.config\.yaml\)/);
});
