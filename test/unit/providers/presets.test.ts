import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ModelError, ProviderRegistry } from '../../../src/core/providers/registry';
import { PRESETS } from '../../../src/core/providers/presets';
import { startFakeOpenAI } from '../../support/openai-server';
import { runCli, workspace } from '../helpers';

test('every preset the issue names exists with an https (hosted) or loopback (local) base URL', () => {
  const names = PRESETS.map((p) => p.name);
  for (const name of [
    'openai',
    'googleai',
    'anthropic',
    'mistral',
    'groq',
    'deepseek',
    'openrouter',
    'together',
    'xai',
    'ollama',
    'lmstudio',
    'llamacpp',
    'vllm',
  ])
    assert.ok(names.includes(name), name);
  for (const preset of PRESETS) {
    const url = new URL(preset.baseURL);
    if (preset.local) assert.equal(url.hostname, '127.0.0.1', preset.name);
    else {
      assert.equal(url.protocol, 'https:', preset.name);
      assert.ok(preset.apiKeyEnv.length > 0, preset.name);
    }
  }
  const gemini = PRESETS.find((p) => p.name === 'googleai');
  assert.equal(gemini?.baseURL, 'https://generativelanguage.googleapis.com/v1beta/openai/');
  assert.deepEqual(gemini?.apiKeyEnv.slice(0, 2), ['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
  assert.equal(PRESETS.find((p) => p.name === 'lmstudio')?.baseURL, 'http://127.0.0.1:1234/v1');
});

test('googleai reads GOOGLE_API_KEY when GEMINI_API_KEY is unset, and says which variables when neither is', async () => {
  const withKey = new ProviderRegistry([], { env: { GOOGLE_API_KEY: 'g-key' } });
  const described = withKey.describe('googleai');
  assert.deepEqual(described.apiKeyEnv.set, ['GOOGLE_API_KEY']);
  assert.equal(described.baseURL?.origin, 'preset');
  assert.ok(!JSON.stringify(described).includes('g-key'), 'never the value');
  const none = new ProviderRegistry([], { env: {} });
  await assert.rejects(
    none.provider('googleai'),
    /no API key for 'googleai': set GEMINI_API_KEY or GOOGLE_API_KEY/,
  );
  await assert.rejects(none.provider('anthropic'), /ANTHROPIC_API_KEY/);
  assert.ok(await none.provider('lmstudio'), 'a local server needs no key');
});

test('vertexai says it needs Google credentials and points to googleai/; unknown providers list the known ones', () => {
  const registry = new ProviderRegistry([], { env: {} });
  assert.throws(
    () => registry.describe('vertexai'),
    (e: Error) => e instanceof ModelError && /Google Cloud credentials.*googleai\//.test(e.message),
  );
  assert.throws(() => registry.describe('nope'), /unknown provider 'nope'.*googleai, anthropic/);
  const configured = new ProviderRegistry(
    [{ name: 'vertexai', baseURL: 'http://127.0.0.1:9/v1' }],
    { env: {} },
  );
  assert.equal(configured.describe('vertexai').baseURL?.origin, 'repository');
});

test('built-in prices per preset, local servers free, the config overrides', () => {
  const registry = new ProviderRegistry(
    [{ name: 'googleai', prices: { 'gemini-2.5-flash': { input: 9, output: 9 } } }],
    { env: {} },
  );
  assert.deepEqual(registry.price('googleai', 'gemini-2.5-flash'), { input: 9, output: 9 });
  assert.deepEqual(registry.price('googleai', 'gemini-2.5-pro'), { input: 1.25, output: 10 });
  assert.ok(registry.price('anthropic', 'claude-sonnet-4-5'));
  assert.deepEqual(registry.price('vllm', 'any-model'), { input: 0, output: 0 });
  assert.deepEqual(registry.price('openai', 'gpt-4o-mini'), { input: 0.15, output: 0.6 });
});

test('a preset overridden by the repository config sends the environment key to the configured URL once approved', async (t) => {
  const server = await startFakeOpenAI(() => ({ text: 'hi' }));
  t.after(() => server.close());
  const configs = [{ name: 'googleai', baseURL: server.baseURL }];
  const env = { GEMINI_API_KEY: 'gem-key' };
  await assert.rejects(
    new ProviderRegistry(configs, { env }).provider('googleai'),
    /the repository sets the endpoint of provider 'googleai' to 127\.0\.0\.1:\d+; your API key is not sent/,
  );
  assert.equal(server.requests.length, 0, 'nothing sent before approval');
  const registry = new ProviderRegistry(
    configs,
    { env },
    { approvals: { entries: ['127.0.0.1'], userFile: 'none' } },
  );
  const described = registry.describe('googleai');
  assert.equal(described.baseURL?.origin, 'repository');
  assert.equal(described.apiKeyEnv.origin, 'preset');
  const provider = await registry.provider('googleai');
  const reply = await provider.chat(
    {
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: [{ text: 'x' }] }],
      config: {},
    },
    { timeoutMs: 5000 },
  );
  assert.equal(reply.text, 'hi');
  assert.equal(server.requests[0]?.headers.authorization, 'Bearer gem-key');
  assert.equal(server.requests[0]?.body.model, 'gemini-2.5-flash');
});

test('promptops providers lists presets and configured providers with origins, --json never holds key values', async (t) => {
  const ws = workspace({
    'promptops.config.yaml':
      'providers:\n  - name: team\n    baseURL: https://llm.example.com/v1\n    apiKeyEnv: TEAM_KEY\n',
  });
  t.after(ws.cleanup);
  const text = await runCli(ws.dir, ['providers'], {
    TEAM_KEY: 'secret-value',
    OPENAI_BASE_URL: 'http://127.0.0.1:5/v1',
  });
  assert.equal(text.code, 0, text.stderr);
  assert.match(
    text.stdout,
    /^team +https:\/\/llm\.example\.com\/v1 \[repository\] +TEAM_KEY \(set\) \[repository\]/m,
  );
  assert.match(text.stdout, /^openai +http:\/\/127\.0\.0\.1:5\/v1 \[environment\]/m);
  assert.match(text.stdout, /^googleai .*GEMINI_API_KEY \((not )?set\)/m);
  assert.ok(!text.stdout.includes('secret-value'));
  const json = await runCli(ws.dir, ['providers', '--json'], { TEAM_KEY: 'secret-value' });
  assert.ok(!json.stdout.includes('secret-value'));
  const list = JSON.parse(json.stdout) as { name: string; apiKeyEnv: { set: string[] } }[];
  assert.deepEqual(list.find((p) => p.name === 'team')?.apiKeyEnv.set, ['TEAM_KEY']);
  assert.ok(list.some((p) => p.name === 'llamacpp'));
});
