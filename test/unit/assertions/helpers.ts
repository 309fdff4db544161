import { runAssertion } from '../../../src/core/assertions/registry';
import type {
  AssertionContext,
  AssertionResult,
  AssertionSpec,
} from '../../../src/core/assertions/types';
import { parseOutputJson } from '../../../src/core/eval/engine';
import { runGrader } from '../../../src/core/eval/graders';
import { ProviderRegistry } from '../../../src/core/providers/registry';
import {
  messageText,
  startFakeOpenAI,
  type FakeOpenAI,
  type Handler,
} from '../../support/openai-server';
import { REPO } from '../helpers';

export function context(output: string, extra: Partial<AssertionContext> = {}): AssertionContext {
  return {
    output,
    json: parseOutputJson(output),
    latencyMs: 800,
    costUsd: 0.002,
    usage: { inputTokens: 100, outputTokens: 40, totalTokens: 140 },
    ...extra,
  };
}

/** Runs one assertion through the registry, as the engine does. */
export function check(
  spec: AssertionSpec,
  output: string,
  extra: Partial<AssertionContext> = {},
): Promise<AssertionResult> {
  return runAssertion(spec, context(output, extra));
}

/** A grader wired as the engine wires it: the real grader prompts, the real client, a loopback server. */
export async function graderAgainst(
  handler: Handler,
  root = REPO,
): Promise<{
  gradeWith: NonNullable<AssertionContext['gradeWith']>;
  server: FakeOpenAI;
  close: () => Promise<void>;
}> {
  const server = await startFakeOpenAI(handler);
  const registry = new ProviderRegistry([{ name: 'local', baseURL: server.baseURL }], { env: {} });
  return {
    server,
    gradeWith: (name, vars) =>
      runGrader(
        name,
        vars,
        root,
        async (request) =>
          (
            await (
              await registry.provider('local')
            ).chat({ model: 'grader', ...request }, { timeoutMs: 10_000 })
          ).text,
      ),
    close: () => server.close(),
  };
}

/** The grader prompt's text as the server received it (system and user messages). */
export function graderText(server: FakeOpenAI, index = 0): string {
  const body = server.requests[index]?.body;
  return (body?.messages ?? []).map(messageText).join('\n');
}

/** Runs one assertion through the registry and gives its verdict as [pass, reason]. */
export async function verdict(
  spec: AssertionSpec,
  output: string,
  extra: Partial<AssertionContext> = {},
): Promise<[boolean, string]> {
  const result = await check(spec, output, extra);
  return [result.pass, result.reason];
}
