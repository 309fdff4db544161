import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export type FailureKind =
  | 'rate-limit'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'auth'
  | 'client'
  | 'aborted'
  | 'invalid-response'
  | 'unknown';

/** A provider failure, classified for the retry policy. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return (
      this.kind === 'rate-limit' ||
      this.kind === 'server' ||
      this.kind === 'timeout' ||
      this.kind === 'connection' ||
      this.kind === 'invalid-response'
    );
  }
}

/** `Retry-After` in seconds or as an HTTP date, or OpenAI's `retry-after-ms`. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function classifyError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  if (error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError'))
    return new ProviderError('cancelled', 'aborted');
  if (error instanceof APIConnectionTimeoutError)
    return new ProviderError('request timed out', 'timeout');
  if (error instanceof APIConnectionError) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return new ProviderError(
      `connection failed${cause?.code ? ` (${cause.code})` : cause?.message ? ` (${cause.message})` : ''}`,
      'connection',
    );
  }
  if (error instanceof APIError) {
    const status = error.status;
    const detail = error.message.replace(/^\d{3} /, '');
    const headers = error.headers instanceof Headers ? error.headers : undefined;
    if (status === 429)
      return new ProviderError(
        `rate limited (429): ${detail}`,
        'rate-limit',
        status,
        retryAfterMs(headers),
      );
    if (status === 401 || status === 403)
      return new ProviderError(`not authorised (${status}): ${detail}`, 'auth', status);
    if (status !== undefined && status >= 500)
      return new ProviderError(
        `server error (${status}): ${detail}`,
        'server',
        status,
        retryAfterMs(headers),
      );
    if (status === 408)
      return new ProviderError(`request timeout (408): ${detail}`, 'timeout', status);
    return new ProviderError(`request rejected (${status ?? '?'}): ${detail}`, 'client', status);
  }
  if (error instanceof SyntaxError)
    return new ProviderError(`invalid response: ${error.message}`, 'invalid-response');
  return new ProviderError(error instanceof Error ? error.message : String(error), 'unknown');
}
