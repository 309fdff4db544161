/**
 * A concurrency limit that backs off on rate limiting: halved on a 429, then raised by one
 * after as many successes as the current limit (additive increase, multiplicative decrease).
 */
export class AdaptiveLimiter {
  private limit: number;
  private active = 0;
  private successes = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    this.limit = Math.max(1, max);
  }

  get current(): number {
    return this.limit;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(grant);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(signal?.reason ?? new Error('cancelled'));
      };
      const grant = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  release(): void {
    this.active--;
    this.drain();
  }

  rateLimited(): void {
    this.limit = Math.max(1, Math.floor(this.limit / 2));
    this.successes = 0;
  }

  succeeded(): void {
    if (this.limit >= this.max) return;
    if (++this.successes >= this.limit) {
      this.limit++;
      this.successes = 0;
      this.drain();
    }
  }

  /** Lets waiters in while there is room under the limit. */
  private drain(): void {
    while (this.active < this.limit && this.waiting.length) this.waiting.shift()?.();
  }
}
