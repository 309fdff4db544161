import type { Message } from 'dotprompt';
import type { BatchClient } from './batch-client';

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export interface ChatRequest {
  /** The provider's model id, without the `provider/` prefix. */
  model: string;
  messages: Message[];
  /** Dotprompt `config` (temperature, topP, maxOutputTokens, …). */
  config: Record<string, unknown>;
  output?: { format?: string; schema?: Record<string, unknown> | null };
  /** Tools offered to the model (OpenAI function tools), when the prompt declares any. */
  tools?: ToolDefinition[];
  /** Dotprompt `toolChoice`: auto, none, required, or a tool name. */
  toolChoice?: string;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ToolCall {
  id: string;
  name: string;
  /** The arguments as the model wrote them (JSON text, not yet parsed). */
  arguments: string;
}

export interface ChatResponse {
  text: string;
  usage?: Usage;
  finishReason?: string;
  /** Tool calls the model asked for (never executed by PromptOps). */
  toolCalls?: ToolCall[];
  /** The model that answered, as the provider names it. */
  model?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Ask for a streamed reply (server-sent events) and assemble it. */
  stream?: boolean;
}

export interface Provider {
  readonly name: string;
  chat(request: ChatRequest, options: CallOptions): Promise<ChatResponse>;
  embed(model: string, texts: string[], options: CallOptions): Promise<number[][]>;
  /** The provider's Batch API, when it has one. */
  batches?(): BatchClient;
}
