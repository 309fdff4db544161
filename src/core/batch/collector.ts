import { sha256 } from '../hash';
import { ProviderError } from '../providers/errors';
import type { BatchClient, BatchState } from '../providers/batch-client';
import type { ChatResponse } from '../providers/types';
import type { Logger } from '../types';
import { parseBatchLines, type LineOutcome } from './lines';
import { manifestPathFor, readManifest, removeManifest, writeManifest } from './manifest';

const TERMINAL = new Set(['completed', 'failed', 'expired', 'cancelled']);
/** A stored batch in one of these states cannot answer: a re-run sends a new one. */
const DEAD = new Set(['failed', 'expired', 'cancelled']);

export interface BatchOptions {
  root: string;
  /** The prompt's path relative to root. */
  prompt: string;
  /** provider/model, recorded in the manifest. */
  model: string;
  client: () => Promise<BatchClient>;
  pollMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  logger: Logger;
  onStatus?: (state: BatchState) => void;
}

interface Pending {
  index: number;
  customId: string;
  body: unknown;
  resolve: (value: { response: ChatResponse; latencyMs: number }) => void;
  reject: (error: Error) => void;
}

/** custom_id of a case's request: its id, and its repeat when there are several. */
export function customIdOf(caseId: string, repeat: number): string {
  return repeat === 0 ? caseId : `${caseId}#${repeat + 1}`;
}

/**
 * Gathers the requests a run would send, and once every case has either asked or finished without
 * asking (cache hits, render failures), sends them as one batch, waits for it and answers each.
 */
export class BatchCollector {
  private readonly pending: Pending[] = [];
  private readonly asked = new Set<number>();
  private settled = 0;
  private flushing = false;
  /** The batch that answered (or is answering) this run. */
  state: BatchState | undefined;

  constructor(
    private readonly total: number,
    private readonly options: BatchOptions,
  ) {
    // Cancelled before every case asked: nothing is sent, and the waiting cases end.
    options.signal?.addEventListener(
      'abort',
      () => {
        if (this.flushing) return;
        for (const p of this.pending.splice(0)) p.reject(new Error('cancelled'));
      },
      { once: true },
    );
  }

  /** A case's request: answered when the batch ends. */
  request(index: number, customId: string, body: unknown) {
    return new Promise<{ response: ChatResponse; latencyMs: number }>((resolve, reject) => {
      if (this.options.signal?.aborted) return reject(new Error('cancelled'));
      this.asked.add(index);
      this.pending.push({ index, customId, body, resolve, reject });
      this.maybeFlush();
    });
  }

  /** A case finished: one that never asked (a cache hit, a render failure) no longer holds the batch back. */
  finished(index: number): void {
    if (this.asked.has(index)) return;
    this.settled++;
    this.maybeFlush();
  }

  private maybeFlush(): void {
    if (this.flushing || this.pending.length + this.settled < this.total) return;
    if (this.pending.length === 0) return;
    this.flushing = true;
    void this.flush();
  }

  private async flush(): Promise<void> {
    const begun = Date.now();
    const pending = [...this.pending].sort((a, b) => a.index - b.index);
    try {
      const outcomes = await this.run(pending);
      const latencyMs = Date.now() - begun;
      for (const p of pending) {
        const outcome = outcomes.get(p.customId);
        if (outcome?.ok) p.resolve({ response: outcome.response, latencyMs });
        else p.reject(outcome?.error ?? this.missing());
      }
    } catch (error) {
      for (const p of pending) p.reject(error as Error);
    }
  }

  /** Why a request has no line: the batch ended before it ran. */
  private missing(): ProviderError {
    const status = this.state?.status ?? 'unknown';
    const why = this.state?.errors.length ? `: ${this.state.errors.join('; ')}` : '';
    return new ProviderError(
      `batch ${this.state?.id ?? ''} ${status} before this request ran${why}`,
      'client',
    );
  }

  private async run(pending: Pending[]): Promise<Map<string, LineOutcome>> {
    const client = await this.options.client();
    const jsonl =
      pending
        .map((p) =>
          JSON.stringify({
            custom_id: p.customId,
            method: 'POST',
            url: '/v1/chat/completions',
            body: p.body,
          }),
        )
        .join('\n') + '\n';
    const state = await this.submitOrResume(client, jsonl, pending);
    const final = await this.poll(client, state);
    const outcomes = new Map<string, LineOutcome>();
    if (final.outputFileId) parseBatchLines(await client.content(final.outputFileId), outcomes);
    if (final.errorFileId) parseBatchLines(await client.content(final.errorFileId), outcomes);
    removeManifest(manifestPathFor(this.options.root, this.options.prompt));
    return outcomes;
  }

  /** The stored batch of exactly these requests, if it can still answer; else a new batch. */
  private async submitOrResume(
    client: BatchClient,
    jsonl: string,
    pending: Pending[],
  ): Promise<BatchState> {
    const file = manifestPathFor(this.options.root, this.options.prompt);
    const requestsSha256 = sha256(jsonl);
    const stored = readManifest(file);
    if (stored && stored.requestsSha256 === requestsSha256) {
      const state = await client.retrieve(stored.batchId);
      if (!DEAD.has(state.status)) {
        this.options.logger.info(
          `${this.options.prompt}: resuming batch ${state.id} (${state.status})`,
        );
        return state;
      }
    }
    const name = `promptops-${this.options.prompt.replace(/[^\w.-]+/g, '_')}.jsonl`;
    const inputFileId = await client.upload(name, jsonl);
    const state = await client.create(inputFileId, {
      promptops_prompt: this.options.prompt.slice(0, 500),
    });
    writeManifest(file, {
      prompt: this.options.prompt,
      model: this.options.model,
      batchId: state.id,
      inputFileId,
      requestsSha256,
      customIds: pending.map((p) => p.customId),
      createdAt: new Date().toISOString(),
    });
    return state;
  }

  private async poll(client: BatchClient, first: BatchState): Promise<BatchState> {
    let state = first;
    for (;;) {
      this.state = state;
      this.options.onStatus?.(state);
      if (TERMINAL.has(state.status)) return state;
      // Cancelling the run leaves the batch running: the same command resumes it (--batch-cancel stops it).
      await this.options.sleep(this.options.pollMs, this.options.signal);
      state = await client.retrieve(state.id);
    }
  }
}
