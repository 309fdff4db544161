import type OpenAI from 'openai';
import { toFile } from 'openai/uploads';
import { classifyError } from './errors';

/** A batch as the provider reports it (the OpenAI Batch API's fields that PromptOps reads). */
export interface BatchState {
  id: string;
  status: string;
  requestCounts: { total: number; completed: number; failed: number };
  outputFileId?: string;
  errorFileId?: string;
  /** The provider's validation errors, when the batch failed as a whole. */
  errors: string[];
  /** A run sent as several batches: each one's id and status (id and counts above are all of them). */
  parts?: { id: string; status: string }[];
}

/** What one batch may hold; a run with more requests is sent as several batches. */
export interface BatchLimits {
  maxRequests: number;
  /** Bytes of the input file (JSONL, UTF-8). */
  maxBytes: number;
}

/** OpenAI's limits for one batch (Groq's are the same; Azure OpenAI allows more). */
export const BATCH_LIMITS: BatchLimits = { maxRequests: 50_000, maxBytes: 200_000_000 };

/** The OpenAI Batch API (files + batches), served by OpenAI, Azure OpenAI, Groq, Together … */
export interface BatchClient {
  upload(name: string, jsonl: string): Promise<string>;
  create(inputFileId: string, metadata: Record<string, string>): Promise<BatchState>;
  retrieve(id: string): Promise<BatchState>;
  cancel(id: string): Promise<BatchState>;
  /** The text of an output or error file. */
  content(fileId: string): Promise<string>;
}

function stateOf(batch: OpenAI.Batches.Batch): BatchState {
  const state: BatchState = {
    id: batch.id,
    status: batch.status,
    requestCounts: {
      total: batch.request_counts?.total ?? 0,
      completed: batch.request_counts?.completed ?? 0,
      failed: batch.request_counts?.failed ?? 0,
    },
    errors: (batch.errors?.data ?? []).map((e) =>
      [e.line !== undefined && e.line !== null ? `line ${e.line}` : '', e.message ?? e.code ?? '']
        .filter(Boolean)
        .join(': '),
    ),
  };
  if (batch.output_file_id) state.outputFileId = batch.output_file_id;
  if (batch.error_file_id) state.errorFileId = batch.error_file_id;
  return state;
}

/** Errors come out classified like a chat call's (ProviderError with kind and message). */
async function classified<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw classifyError(error);
  }
}

export function openAIBatchClient(client: OpenAI, timeoutMs = 120_000): BatchClient {
  const options = { timeout: timeoutMs, maxRetries: 2 };
  return {
    upload: (name, jsonl) =>
      classified(async () => {
        const file = await client.files.create(
          { file: await toFile(Buffer.from(jsonl, 'utf8'), name), purpose: 'batch' },
          options,
        );
        return file.id;
      }),
    create: (inputFileId, metadata) =>
      classified(async () =>
        stateOf(
          await client.batches.create(
            {
              input_file_id: inputFileId,
              endpoint: '/v1/chat/completions',
              completion_window: '24h',
              metadata,
            },
            options,
          ),
        ),
      ),
    retrieve: (id) => classified(async () => stateOf(await client.batches.retrieve(id, options))),
    cancel: (id) => classified(async () => stateOf(await client.batches.cancel(id, options))),
    content: (fileId) =>
      classified(async () => (await client.files.content(fileId, options)).text()),
  };
}
