import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { RequestScope } from './abort';
import { openAIBatchClient, type BatchClient } from './batch-client';
import { classifyError, ProviderError } from './errors';
import { httpFetch } from './http-fetch';
import { LeanChat } from './lean-chat';
import { toOpenAIMessages } from './messages';
import type { CallOptions, ChatRequest, ChatResponse, Provider, ToolCall, Usage } from './types';

export { toOpenAIMessages } from './messages';

export interface OpenAICompatibleOptions {
  baseURL: string;
  /** Undefined for endpoints without keys (Ollama, vLLM, llama.cpp). Never read from the environment here. */
  apiKey?: string;
  headers?: Record<string, string>;
  /**
   * How chat completions are sent: `lean` (default) builds the request and reads the reply itself
   * over the same transport, `client` goes through the openai client. Both send the same request
   * and give the same answers and errors; embeddings and batches always use the client.
   */
  transport?: ChatTransport;
}

export type ChatTransport = 'lean' | 'client';

/** Dotprompt config keys and their OpenAI request names; other keys pass through unchanged. */
const CONFIG_NAMES: Record<string, string> = {
  temperature: 'temperature',
  topP: 'top_p',
  maxOutputTokens: 'max_tokens',
  stopSequences: 'stop',
  presencePenalty: 'presence_penalty',
  frequencyPenalty: 'frequency_penalty',
  seed: 'seed',
};
const DOTPROMPT_ONLY = new Set(['topK', 'candidateCount']);

export function toRequestBody(request: ChatRequest): ChatCompletionCreateParamsNonStreaming {
  const body: Record<string, unknown> = {
    model: request.model,
    messages: toOpenAIMessages(request.messages),
  };
  for (const [key, value] of Object.entries(request.config)) {
    if (DOTPROMPT_ONLY.has(key) || value === undefined) continue;
    body[CONFIG_NAMES[key] ?? key] = value;
  }
  if (request.output?.format === 'json') {
    body.response_format = request.output.schema
      ? {
          type: 'json_schema',
          json_schema: { name: 'output', schema: request.output.schema, strict: false },
        }
      : { type: 'json_object' };
  }
  if (request.tools?.length) {
    body.tools = request.tools.map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        parameters: t.parameters,
        ...(t.description ? { description: t.description } : {}),
      },
    }));
    if (request.toolChoice) body.tool_choice = toolChoiceOf(request.toolChoice);
  }
  return body as unknown as ChatCompletionCreateParamsNonStreaming;
}

/** Dotprompt `toolChoice` as OpenAI `tool_choice`: auto/none/required pass through, a name forces that tool. */
export function toolChoiceOf(choice: string): unknown {
  return ['auto', 'none', 'required'].includes(choice)
    ? choice
    : { type: 'function', function: { name: choice } };
}

interface ToolCallDelta {
  index?: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

/** Streamed tool-call deltas folded by index: the id and name come once, the arguments in pieces. */
export function addToolCallDeltas(calls: ToolCall[], deltas: ToolCallDelta[] | undefined): void {
  for (const delta of deltas ?? []) {
    const index = delta.index ?? calls.length;
    const call = (calls[index] ??= { id: '', name: '', arguments: '' });
    if (delta.id) call.id = delta.id;
    if (delta.function?.name) call.name += delta.function.name;
    if (delta.function?.arguments) call.arguments += delta.function.arguments;
  }
}

function usageOf(
  usage:
    | { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number }
    | null
    | undefined,
): Usage | undefined {
  if (!usage) return undefined;
  const inputTokens = usage.prompt_tokens ?? 0;
  const outputTokens = usage.completion_tokens ?? 0;
  return {
    inputTokens,
    outputTokens,
    totalTokens: usage.total_tokens ?? inputTokens + outputTokens,
  };
}

/** A chat completion (a reply, or a line of a batch's output file) as a ChatResponse. */
export function chatResponseOf(
  completion:
    | {
        choices?: {
          message?: { content?: string | null; tool_calls?: unknown };
          finish_reason?: string | null;
        }[];
        usage?: Parameters<typeof usageOf>[0];
        model?: string;
      }
    | null
    | undefined,
): ChatResponse {
  const choice = completion?.choices?.[0];
  if (!completion || !choice)
    throw new ProviderError('invalid response: no choices in the reply', 'invalid-response');
  const response: ChatResponse = { text: choice.message?.content ?? '' };
  const usage = usageOf(completion.usage);
  if (usage) response.usage = usage;
  if (choice.finish_reason) response.finishReason = choice.finish_reason;
  const calls: ToolCall[] = [];
  addToolCallDeltas(calls, choice.message?.tool_calls as ToolCallDelta[] | undefined);
  if (calls.length) response.toolCalls = calls;
  if (completion.model) response.model = completion.model;
  return response;
}

/**
 * The cancellation of one request: it follows the run's signal and, with `timeoutMs`, aborts when
 * the whole reply (headers and body, a stream to its last event) has not arrived in time: the
 * openai client's own timeout covers the headers only, so a stream that stalled after its first
 * event hung for ever. The openai client adds an abort listener to the signal it is given and
 * never removes it; on a run's long-lived signal that kept one listener (and its request's
 * controller) per request for the whole run, so the client is given the scope's own signal.
 */
export function requestScope(signal: AbortSignal | undefined, timeoutMs?: number): RequestScope {
  return new RequestScope(
    signal,
    timeoutMs,
    () => new ProviderError(`no complete reply within ${timeoutMs} ms`, 'timeout'),
  );
}

/** The parts of a streamed chunk the answer is assembled from. */
interface ChatChunk {
  choices?: {
    delta?: { content?: string | null; tool_calls?: unknown };
    finish_reason?: string | null;
  }[];
  model?: string;
  usage?: Parameters<typeof usageOf>[0];
}

/**
 * A streamed reply's chunks folded into one answer. A stream that fails part-way (cut, or an
 * error event) is a connection error, retried like a reset; one that ends without a finish
 * reason may be cut short: retried, and never cached as whole.
 */
async function assembleStream(
  chunks: AsyncIterable<unknown>,
  signal: AbortSignal | undefined,
): Promise<ChatResponse> {
  let text = '';
  const response: ChatResponse = { text: '' };
  const calls: ToolCall[] = [];
  try {
    for await (const item of chunks) {
      const chunk = item as ChatChunk;
      const choice = chunk.choices?.[0];
      if (choice?.delta?.content) text += choice.delta.content;
      addToolCallDeltas(calls, choice?.delta?.tool_calls as ToolCallDelta[] | undefined);
      if (choice?.finish_reason) response.finishReason = choice.finish_reason;
      if (chunk.model) response.model = chunk.model;
      const usage = usageOf(chunk.usage);
      if (usage) response.usage = usage;
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ProviderError(
      `the stream was cut before the reply ended (${(error as Error).message})`,
      'connection',
    );
  }
  if (!response.finishReason)
    throw new ProviderError(
      'invalid response: the stream ended without a finish reason',
      'invalid-response',
    );
  response.text = text;
  if (calls.length) response.toolCalls = calls;
  return response;
}

/**
 * Any OpenAI-compatible endpoint (OpenAI, Azure's v1 API, Ollama, vLLM, LM Studio, llama.cpp):
 * chat completions through the lean path (lean-chat.ts) or the `openai` client, everything
 * else through the client.
 */
export class OpenAICompatibleProvider implements Provider {
  private readonly client: OpenAI;
  private readonly lean: LeanChat | undefined;

  constructor(
    readonly name: string,
    options: OpenAICompatibleOptions,
  ) {
    this.client = new OpenAI({
      baseURL: options.baseURL,
      // The client insists on a key; keyless local servers ignore this one.
      apiKey: options.apiKey ?? 'no-key',
      defaultHeaders: options.headers ?? {},
      maxRetries: 0, // the engine retries, honouring Retry-After and backing off concurrency
      logLevel: 'off', // our logger reports failures; the client's per-request log formatting costs time
      fetch: httpFetch,
    });
    if ((options.transport ?? 'lean') === 'lean')
      this.lean = new LeanChat(this.client, options.headers ?? {});
  }

  /** The provider's Batch API (files and batches) through the same client. */
  batches(): BatchClient {
    return openAIBatchClient(this.client);
  }

  async chat(request: ChatRequest, callOptions: CallOptions): Promise<ChatResponse> {
    const body = toRequestBody(request);
    const scope = requestScope(callOptions.signal, callOptions.timeoutMs);
    try {
      if (callOptions.stream) {
        const signal = scope.signal;
        return await assembleStream(
          await this.streamChunks(body, { ...callOptions, signal }),
          signal,
        );
      }
      return chatResponseOf(await this.completion(body, callOptions, scope));
    } catch (error) {
      if (scope.timedOut())
        throw new ProviderError(
          `request timed out: no complete reply within ${callOptions.timeoutMs} ms`,
          'timeout',
        );
      throw classifyError(error);
    } finally {
      scope.dispose();
    }
  }

  private completion(
    body: ChatCompletionCreateParamsNonStreaming,
    options: CallOptions,
    scope: RequestScope,
  ): Promise<Parameters<typeof chatResponseOf>[0]> {
    if (this.lean) return this.lean.complete(body, scope) as ReturnType<typeof this.completion>;
    return this.client.chat.completions.create(body, {
      signal: scope.signal ?? null,
      timeout: options.timeoutMs,
    });
  }

  private streamChunks(
    body: ChatCompletionCreateParamsNonStreaming,
    options: CallOptions,
  ): Promise<AsyncIterable<unknown>> {
    const streaming = { ...body, stream: true as const, stream_options: { include_usage: true } };
    if (this.lean) return this.lean.stream(streaming, options.signal);
    return this.client.chat.completions.create(streaming, {
      signal: options.signal ?? null,
      timeout: options.timeoutMs,
    });
  }

  async embed(model: string, texts: string[], options: CallOptions): Promise<number[][]> {
    const scope = requestScope(options.signal, options.timeoutMs);
    try {
      const result = await this.client.embeddings.create(
        { model, input: texts },
        { signal: scope.signal ?? null, timeout: options.timeoutMs },
      );
      return [...result.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    } catch (error) {
      if (scope.timedOut()) throw new ProviderError('request timed out', 'timeout');
      throw classifyError(error);
    } finally {
      scope.dispose();
    }
  }
}
