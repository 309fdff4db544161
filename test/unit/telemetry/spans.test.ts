import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import OpenAI from 'openai';
import { costUsd, BUILT_IN_PRICES } from '../../../src/core/providers/prices';
import { loadPrompt } from '../../../src/core/registry/load';
import { wrapOpenAI } from '../../../src/core/telemetry/openai';
import { loadGuard } from '../../../src/core/guard/index';
import { startFakeOpenAI } from '../../support/openai-server';
import { deployRegistry, everythingRecorded, spanRecorder } from '../../support/telemetry';
import { REPO, workspace } from '../helpers';

const REV = 'a'.repeat(40);
const TRIAGE = `---
model: openai/gpt-4o-mini
config:
  temperature: 0.2
  maxOutputTokens: 200
input:
  schema:
    ticket: string
output:
  format: json
  schema: { category(enum): [billing, bug, other], note?: string }
promptops.guard:
  schema: strict
  pii: redact
  fallback: Sorry.
---
{{role "system"}}You sort support tickets. Secret house rule: be brief.
{{role "user"}}Ticket: {{ticket}}
`;

function deployed(t: { after: (fn: () => void) => void }) {
  const ws = workspace({});
  t.after(() => ws.cleanup());
  deployRegistry(ws.dir, [
    { prompt: 'prompts/triage.prompt', label: 'production', rev: REV, source: TRIAGE },
  ]);
  return ws.dir;
}

const TICKET = 'My card was charged twice, write to grace.hopper@navy.mil';
const ANSWER = '{"category":"billing"}';

test('with no SDK registered the spans are no-ops: nothing records, the guard still works', async (t) => {
  const root = deployed(t);
  const prompt = await loadPrompt('triage', { root });
  let active: boolean | undefined;
  const result = await prompt.generate({ ticket: TICKET }, async () => {
    active = trace.getActiveSpan()?.isRecording();
    return ANSWER;
  });
  assert.equal(result.action, 'pass');
  assert.equal(active ?? false, false);
  assert.equal(prompt.report({ answer: 'not json' }).action, 'fallback');
  // An SDK that is not registered (nor handed to loadPrompt) sees nothing.
  const unregistered = spanRecorder();
  prompt.report({ answer: ANSWER });
  assert.equal(unregistered.spans().length, 0);
});

test('a reported generation is one CLIENT span named "chat {model}" with the GenAI attributes and promptops.*', async (t) => {
  const root = deployed(t);
  const recorder = spanRecorder();
  const prompt = await loadPrompt('triage', {
    root,
    telemetry: { tracerProvider: recorder.provider },
  });
  const startTime = Date.now() - 250;
  const outcome = prompt.report({
    input: { ticket: TICKET },
    answer: ANSWER,
    usage: { inputTokens: 120, outputTokens: 8 },
    finishReasons: ['stop'],
    responseModel: 'gpt-4o-mini-2024-07-18',
    responseId: 'chatcmpl-1',
    startTime,
  });
  assert.equal(outcome.action, 'pass');
  const [span] = recorder.spans();
  assert.ok(span);
  assert.equal(span.name, 'chat gpt-4o-mini');
  assert.equal(span.kind, SpanKind.CLIENT);
  assert.equal(span.instrumentationScope.name, 'promptops');
  assert.deepEqual(span.attributes, {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.output.type': 'json',
    'gen_ai.request.temperature': 0.2,
    'gen_ai.request.max_tokens': 200,
    'promptops.prompt': 'prompts/triage.prompt',
    'promptops.label': 'production',
    'promptops.version': REV,
    'promptops.prompt.sha256': prompt.sha256,
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    'gen_ai.response.id': 'chatcmpl-1',
    'gen_ai.response.finish_reasons': ['stop'],
    'gen_ai.usage.input_tokens': 120,
    'gen_ai.usage.output_tokens': 8,
    'promptops.cost.usd': costUsd(BUILT_IN_PRICES['gpt-4o-mini'], 120, 8),
    'promptops.guard.outcome': 'pass',
  });
  const ms = span.duration[0] * 1000 + span.duration[1] / 1e6;
  assert.ok(ms >= 250 && ms < 60_000, `latency from startTime, got ${ms} ms`);
  assert.equal(span.events.length, 0);
});

test('guard outcomes: redacted and fallback, each reason an event; no prompt text, input or output by default', async (t) => {
  const root = deployed(t);
  const recorder = spanRecorder();
  const prompt = await loadPrompt('triage', {
    root,
    telemetry: {
      tracerProvider: recorder.provider,
      prices: { 'gpt-4o-mini': { input: 1, output: 2 } },
    },
  });
  const leaky = '{"category":"billing","note":"mail grace.hopper@navy.mil"}';
  assert.equal(prompt.report({ input: { ticket: TICKET }, answer: leaky }).action, 'redacted');
  const notJson = 'Hello Grace, this is billing';
  assert.equal(
    prompt.report({ input: { ticket: TICKET }, answer: notJson, usage: { inputTokens: 1_000_000 } })
      .action,
    'fallback',
  );
  const [redacted, fallback] = recorder.spans();
  assert.equal(redacted?.attributes['promptops.guard.outcome'], 'redacted');
  assert.equal(redacted?.events[0]?.name, 'promptops.guard');
  assert.match(
    String(redacted?.events[0]?.attributes?.['promptops.guard.reason']),
    /redacted 1 value: e-mail address/,
  );
  assert.equal(fallback?.attributes['promptops.guard.outcome'], 'fallback');
  assert.match(String(fallback?.events[0]?.attributes?.['promptops.guard.reason']), /not JSON/);
  // Prices from the options override the built-in table, as `prices:` does in evals.
  assert.equal(fallback?.attributes['promptops.cost.usd'], 1);
  const recorded = everythingRecorded(recorder.spans());
  for (const text of [
    'grace.hopper',
    'charged twice',
    'Secret house rule',
    'Hello Grace',
    'billing"',
  ])
    assert.ok(!recorded.includes(text), `${text} must not be recorded: ${recorded}`);
  for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages', 'promptops.input'])
    assert.ok(!recorded.includes(key));
});

test('opted in, the messages, input and answer are recorded after the privacy redaction', async (t) => {
  const root = deployed(t);
  const recorder = spanRecorder();
  const prompt = await loadPrompt('triage', {
    root,
    telemetry: { tracerProvider: recorder.provider, recordContent: true },
  });
  await prompt.generate({ ticket: TICKET }, async () => ({
    answer: '{"category":"billing","note":"ask grace.hopper@navy.mil"}',
    finishReasons: ['stop'],
  }));
  const [span] = recorder.spans();
  const attributes = span?.attributes ?? {};
  assert.deepEqual(JSON.parse(String(attributes['promptops.input'])), {
    ticket: 'My card was charged twice, write to [EMAIL_1]',
  });
  assert.deepEqual(JSON.parse(String(attributes['gen_ai.system_instructions'])), [
    { type: 'text', content: 'You sort support tickets. Secret house rule: be brief.\n' },
  ]);
  const input = JSON.parse(String(attributes['gen_ai.input.messages'])) as {
    role: string;
    parts: { type: string; content: string }[];
  }[];
  assert.equal(input[0]?.role, 'user');
  assert.match(
    input[0]?.parts[0]?.content ?? '',
    /^Ticket: My card was charged twice, write to \[EMAIL_1\]/,
  );
  assert.deepEqual(JSON.parse(String(attributes['gen_ai.output.messages'])), [
    {
      role: 'assistant',
      parts: [{ type: 'text', content: '{"category":"billing","note":"ask [EMAIL_1]"}' }],
      finish_reason: 'stop',
    },
  ]);
  assert.ok(!everythingRecorded(recorder.spans()).includes('grace.hopper'));
});

test('wrapOpenAI: the openai client call runs in the span; usage, finish reasons and errors are recorded', async (t) => {
  const root = deployed(t);
  const server = await startFakeOpenAI((request, index) =>
    index === 1
      ? { status: 400, body: { error: { message: 'bad request', type: 'invalid_request_error' } } }
      : {
          text: request.body.model === 'gpt-4o-mini' ? ANSWER : 'wrong model',
          usage: { prompt_tokens: 42, completion_tokens: 7 },
        },
  );
  t.after(() => server.close());
  const recorder = spanRecorder();
  // The application's SDK, registered globally, with the async context NodeSDK would register.
  trace.setGlobalTracerProvider(recorder.provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  t.after(() => {
    trace.disable();
    context.disable();
  });
  const prompt = await loadPrompt('triage', { root });
  const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'test', maxRetries: 0 });
  let inside: boolean | undefined;
  const call = wrapOpenAI(client);
  const result = await prompt.generate({ ticket: 'refund please' }, async (messages, version) => {
    inside = trace.getActiveSpan()?.isRecording();
    return call(messages, version);
  });
  assert.equal(inside, true, 'the model call runs inside the generation span');
  assert.equal(result.action, 'pass');
  assert.equal(result.output, ANSWER);
  const sent = server.requests[0]?.body;
  assert.equal(sent?.model, 'gpt-4o-mini');
  assert.equal(sent?.temperature, 0.2);
  assert.equal(sent?.max_tokens, 200);
  assert.equal(sent?.messages[0]?.role, 'system');
  await assert.rejects(prompt.generate({ ticket: 'x' }, wrapOpenAI(client)), /bad request/);
  const [ok, failed] = recorder.spans();
  assert.equal(ok?.attributes['gen_ai.usage.input_tokens'], 42);
  assert.equal(ok?.attributes['gen_ai.usage.output_tokens'], 7);
  assert.deepEqual(ok?.attributes['gen_ai.response.finish_reasons'], ['stop']);
  assert.equal(ok?.attributes['gen_ai.response.id'], 'chatcmpl-0');
  assert.equal(ok?.attributes['gen_ai.response.model'], 'gpt-4o-mini');
  assert.equal(failed?.attributes['error.type'], '400');
  assert.equal(failed?.status.code, SpanStatusCode.ERROR);
  assert.equal(failed?.attributes['promptops.guard.outcome'], undefined);
  // The guard on its own (promptops/guard, prompt.guard) marks the active span.
  const guard = await loadGuard(path.join(root, 'prompts', 'triage.prompt'));
  trace.getTracer('app').startActiveSpan('handle ticket', (span) => {
    guard('not json');
    span.end();
  });
  const handled = recorder.spans().find((s) => s.name === 'handle ticket');
  assert.equal(handled?.attributes['promptops.guard.outcome'], 'fallback');
  assert.equal(handled?.events.length, 1);
});

test('dist/runtime.js and dist/guard.js require @opentelemetry/api and bundle no SDK', () => {
  for (const bundle of ['runtime.js', 'guard.js']) {
    const text = fs.readFileSync(path.join(REPO, 'dist', bundle), 'utf8');
    assert.match(text, /require\("@opentelemetry\/api"\)/, bundle);
    assert.ok(!text.includes('sdk-trace'), `${bundle} bundles no SDK`);
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  assert.match(pkg.dependencies['@opentelemetry/api'] ?? '', /^\d+\.\d+\.\d+$/);
  assert.equal(pkg.dependencies['@opentelemetry/sdk-trace-base'], undefined);
  assert.ok(pkg.devDependencies['@opentelemetry/sdk-trace-base']);
});
