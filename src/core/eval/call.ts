import { ProviderError } from '../providers/errors';
import { ModelError } from '../providers/registry';
import type { ChatRequest, Provider } from '../providers/types';
import { scrub } from '../secrets/scrub';
import type { Logger } from '../types';
import type { AdaptiveLimiter } from './limiter';
import { DEFAULTS } from './options';
import type { StoredResponse } from './store';

/** Step 2 of a case: one request to the model, within the limiter, retried as the settings say. */
export interface Caller {
  provider: () => Promise<Provider>;
  limiter: AdaptiveLimiter;
  timeoutMs: number;
  retries: number;
  maxRetryWaitMs: number;
  stream: boolean;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  logger: Logger;
  /** Names the prompt in log lines. */
  label: string;
}

export interface Answer {
  stored: StoredResponse;
  attempts: number;
}

/**
 * Sends `request`, retrying what the provider calls retryable (rate limits after their
 * Retry-After, capped; other failures with back-off). A failure carries `attempts`; a ModelError
 * (the configuration is wrong) is thrown as it is.
 */
export async function callWithRetry(
  caller: Caller,
  request: ChatRequest,
  signal: AbortSignal | undefined,
): Promise<Answer> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(caller, request, signal);
    if ('stored' in outcome) return { stored: outcome.stored, attempts: attempt };
    const failure = outcome.failure;
    if (failure.kind === 'rate-limit') caller.limiter.rateLimited();
    if (!failure.retryable || attempt > caller.retries || signal?.aborted)
      throw Object.assign(failure, { attempts: attempt });
    const wait = Math.min(
      failure.retryAfterMs ?? backoffMs(attempt - 1),
      caller.maxRetryWaitMs ?? DEFAULTS.maxRetryWaitMs,
    );
    caller.logger.debug(
      scrub(
        `${caller.label}: ${failure.message}; retry ${attempt}/${caller.retries} in ${wait} ms`,
      ),
    );
    // Cancelled while waiting: the case still made its attempts.
    await caller.sleep(wait, signal).catch(() => {
      throw Object.assign(failure, { attempts: attempt });
    });
  }
}

/** One attempt in a limiter slot; the slot is free again while a retry waits. */
async function attemptOnce(
  caller: Caller,
  request: ChatRequest,
  signal: AbortSignal | undefined,
): Promise<{ stored: StoredResponse } | { failure: ProviderError }> {
  await caller.limiter.acquire(signal);
  const begun = Date.now();
  try {
    const response = await (
      await caller.provider()
    ).chat(request, { signal, timeoutMs: caller.timeoutMs, stream: caller.stream });
    caller.limiter.succeeded();
    return {
      stored: { response, latencyMs: Date.now() - begun, createdAt: new Date().toISOString() },
    };
  } catch (error) {
    if (error instanceof ModelError) throw error;
    return {
      failure: error instanceof ProviderError ? error : new ProviderError(String(error), 'unknown'),
    };
  } finally {
    caller.limiter.release();
  }
}

/** Exponential back-off with full jitter between 50% and 150%, capped at 30 s. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return Math.round(base * (0.5 + random()));
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
