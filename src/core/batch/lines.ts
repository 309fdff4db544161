import { ProviderError } from '../providers/errors';
import { chatResponseOf } from '../providers/openai';
import type { ChatResponse } from '../providers/types';

/** One line of a batch's output or error file, mapped back to its request by custom_id. */
export type LineOutcome =
  | { ok: true; response: ChatResponse }
  | { ok: false; error: ProviderError };

interface OutputLine {
  custom_id?: string;
  response?: { status_code?: number; body?: unknown } | null;
  error?: { code?: string; message?: string } | null;
}

function errorMessageOf(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' ? error.message : undefined;
}

function outcomeOf(line: OutputLine): LineOutcome {
  const status = line.response?.status_code;
  if (line.error || status === undefined || status >= 300) {
    const message =
      line.error?.message ??
      errorMessageOf(line.response?.body) ??
      `the batch answered this request with status ${status ?? 'none'}`;
    return {
      ok: false,
      error: new ProviderError(`batch: ${message}`, 'client', status),
    };
  }
  try {
    return { ok: true, response: chatResponseOf(line.response?.body as never) };
  } catch (error) {
    return { ok: false, error: error as ProviderError };
  }
}

/** Parses output and error files (JSONL) into outcomes by custom_id; unreadable lines are skipped. */
export function parseBatchLines(text: string, into: Map<string, LineOutcome>): void {
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    let line: OutputLine;
    try {
      line = JSON.parse(raw) as OutputLine;
    } catch {
      continue;
    }
    if (typeof line.custom_id === 'string') into.set(line.custom_id, outcomeOf(line));
  }
}
