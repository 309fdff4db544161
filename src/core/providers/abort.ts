/**
 * Cancellation for one request, without an AbortController per request where none is needed.
 * Node's AbortController and EventTarget cost tens of microseconds a request (creating the
 * signal, adding and removing listeners); at a thousand requests a second against a fast server
 * that is a visible share of the run. A request's scope follows the run's signal through one
 * listener per run (not one per request), aborts on its own deadline, and makes an AbortSignal
 * only for a caller that needs one (the openai client, a stream).
 */

/** What a transport needs of a cancellation. */
export interface Abortable {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** Calls `listener` once, when this aborts later (not when it already has); returns its removal. */
  onAbort(listener: () => void): () => void;
}

/** An AbortSignal as an Abortable. */
export function signalAbortable(signal: AbortSignal): Abortable {
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason as unknown;
    },
    onAbort(listener) {
      signal.addEventListener('abort', listener, { once: true });
      return () => signal.removeEventListener('abort', listener);
    },
  };
}

/**
 * The scopes in flight under a run signal, and the one listener on it that aborts them. The
 * listener is removed when the last of them ends (and added again with the next), so a signal
 * outlives its runs without holding anything.
 */
interface Followers {
  scopes: Set<RequestScope>;
  onAbort: () => void;
}

const inFlight = new WeakMap<AbortSignal, Followers>();

function follow(signal: AbortSignal, scope: RequestScope): () => void {
  let followers = inFlight.get(signal);
  if (!followers) {
    const scopes = new Set<RequestScope>();
    const onAbort = () => {
      inFlight.delete(signal);
      for (const follower of [...scopes]) follower.abort(signal.reason);
      scopes.clear();
    };
    followers = { scopes, onAbort };
    inFlight.set(signal, followers);
    signal.addEventListener('abort', onAbort, { once: true });
  }
  followers.scopes.add(scope);
  const { scopes, onAbort } = followers;
  return () => {
    if (!scopes.delete(scope) || scopes.size) return;
    inFlight.delete(signal);
    signal.removeEventListener('abort', onAbort);
  };
}

/**
 * One request's cancellation: the run's signal aborting (with its reason), or the deadline
 * passing (with `timeoutReason()`). `dispose()` when the request is over.
 */
export class RequestScope implements Abortable {
  aborted = false;
  reason: unknown = undefined;
  private expired = false;
  private readonly listeners: (() => void)[] = [];
  private controller: AbortController | undefined;
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private readonly unfollow: (() => void) | undefined;

  constructor(
    private readonly source: AbortSignal | undefined,
    private readonly timeoutMs: number | undefined,
    timeoutReason: () => unknown,
  ) {
    if (source?.aborted) this.abort(source.reason);
    else if (source) this.unfollow = follow(source, this);
    if (timeoutMs && !this.aborted) {
      this.timer = setTimeout(() => {
        this.expired = true;
        this.abort(timeoutReason());
      }, timeoutMs);
      this.timer.unref?.();
    }
  }

  /** An AbortSignal that follows this scope; undefined when nothing can abort it. */
  get signal(): AbortSignal | undefined {
    if (!this.source && !this.timeoutMs) return undefined;
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  onAbort(listener: () => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
    for (const listener of this.listeners.splice(0)) listener();
  }

  /** The deadline, not the caller, aborted the request. */
  timedOut(): boolean {
    return this.expired;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unfollow?.();
  }
}
