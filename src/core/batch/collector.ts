import { sha256 } from '../hash';
import { ProviderError } from '../providers/errors';
import {
  BATCH_LIMITS,
  type BatchClient,
  type BatchLimits,
  type BatchState,
} from '../providers/batch-client';
import type { ChatResponse } from '../providers/types';
import type { Logger } from '../types';
import { parseBatchLines, type LineOutcome } from './lines';
import {
  manifestPathFor,
  readManifest,
  removeManifest,
  writeManifest,
  type BatchManifest,
} from './manifest';

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
  /** What one batch may hold (default OpenAI's); more requests are sent as several batches. */
  limits?: BatchLimits;
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
  /** The batch that answered (or is answering) this run: its parts together when there are several. */
  state: BatchState | undefined;
  private readonly partOf = new Map<string, BatchState>();
  /** Where this run's batches are stored (.promptops/batches/<prompt>.json), for a re-run to resume. */
  private readonly manifestFile: string;

  constructor(
    private readonly total: number,
    private readonly options: BatchOptions,
  ) {
    this.manifestFile = manifestPathFor(options.root, options.prompt);
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
        else p.reject(outcome?.error ?? this.missing(p.customId));
      }
    } catch (error) {
      for (const p of pending) p.reject(error as Error);
    }
  }

  /** Why a request has no line: its batch ended before it ran. */
  private missing(customId: string): ProviderError {
    const part = this.partOf.get(customId) ?? this.state;
    const status = part?.status ?? 'unknown';
    const why = part?.errors.length ? `: ${part.errors.join('; ')}` : '';
    return new ProviderError(
      `batch ${part?.id ?? ''} ${status} before this request ran${why}`,
      'client',
    );
  }

  private async run(pending: Pending[]): Promise<Map<string, LineOutcome>> {
    const client = await this.options.client();
    const lines = pending.map((p) => ({
      customId: p.customId,
      line: JSON.stringify({
        custom_id: p.customId,
        method: 'POST',
        url: '/v1/chat/completions',
        body: p.body,
      }),
    }));
    const parts = splitBatch(lines, this.options.limits ?? BATCH_LIMITS);
    const stored = readManifest(this.manifestFile);
    const manifest: BatchManifest = {
      prompt: this.options.prompt,
      model: this.options.model,
      parts: [],
      createdAt: stored?.createdAt || new Date().toISOString(),
    };
    const first: BatchState[] = [];
    for (const [index, part] of parts.entries()) {
      first.push(await this.submitOrResume(client, part, index, parts.length, stored, manifest));
    }
    const finals = await this.poll(client, first);
    const outcomes = new Map<string, LineOutcome>();
    for (const [index, final] of finals.entries()) {
      for (const { customId } of parts[index]!) this.partOf.set(customId, final);
      if (final.outputFileId) parseBatchLines(await client.content(final.outputFileId), outcomes);
      if (final.errorFileId) parseBatchLines(await client.content(final.errorFileId), outcomes);
    }
    removeManifest(this.manifestFile);
    return outcomes;
  }

  /**
   * The stored batch of exactly these requests, if it can still answer; else a new batch, added
   * to the manifest at once (a run killed while it creates several resumes those it created).
   */
  private async submitOrResume(
    client: BatchClient,
    part: BatchLine[],
    index: number,
    count: number,
    stored: BatchManifest | undefined,
    manifest: BatchManifest,
  ): Promise<BatchState> {
    const jsonl = part.map((l) => l.line).join('\n') + '\n';
    const requestsSha256 = sha256(jsonl);
    const same = stored?.parts.find((p) => p.requestsSha256 === requestsSha256);
    if (same) {
      const state = await client.retrieve(same.batchId);
      if (!DEAD.has(state.status)) {
        this.options.logger.info(
          `${this.options.prompt}: resuming batch ${state.id} (${state.status})`,
        );
        manifest.parts.push(same);
        writeManifest(this.manifestFile, manifest);
        return state;
      }
    }
    const slug = this.options.prompt.replace(/[^\w.-]+/g, '_');
    const name = `promptops-${slug}${count > 1 ? `-${index + 1}-of-${count}` : ''}.jsonl`;
    const inputFileId = await client.upload(name, jsonl);
    const state = await client.create(inputFileId, {
      promptops_prompt: this.options.prompt.slice(0, 500),
      ...(count > 1 ? { promptops_part: `${index + 1}/${count}` } : {}),
    });
    manifest.parts.push({
      batchId: state.id,
      inputFileId,
      requestsSha256,
      customIds: part.map((l) => l.customId),
    });
    writeManifest(this.manifestFile, manifest);
    return state;
  }

  /** Polls every part until each has ended; progress is reported for all of them together. */
  private async poll(client: BatchClient, first: BatchState[]): Promise<BatchState[]> {
    const states = [...first];
    for (;;) {
      this.state = combinedState(states);
      this.options.onStatus?.(this.state);
      if (states.every((s) => TERMINAL.has(s.status))) return states;
      // Cancelling the run leaves the batches running: the same command resumes them (--batch-cancel stops them).
      await this.options.sleep(this.options.pollMs, this.options.signal);
      for (const [i, state] of states.entries())
        if (!TERMINAL.has(state.status)) states[i] = await client.retrieve(state.id);
    }
  }
}

interface BatchLine {
  customId: string;
  line: string;
}

/** Splits a run's request lines into batches that each stay within the provider's limits. */
export function splitBatch(lines: BatchLine[], limits: BatchLimits): BatchLine[][] {
  const parts: BatchLine[][] = [];
  let current: BatchLine[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line.line, 'utf8') + 1;
    if (
      current.length &&
      (current.length >= limits.maxRequests || bytes + size > limits.maxBytes)
    ) {
      parts.push(current);
      current = [];
      bytes = 0;
    }
    current.push(line);
    bytes += size;
  }
  if (current.length) parts.push(current);
  return parts;
}

/** The worst end first: a run's batch status is its worst part's once all have ended. */
const ENDS = ['failed', 'expired', 'cancelled', 'completed'];

/** Several parts as one state for progress and the artifact: counts summed, ids listed in parts. */
export function combinedState(states: BatchState[]): BatchState {
  if (states.length === 1) return states[0]!;
  const running = states.find((s) => !TERMINAL.has(s.status));
  const status = running?.status ?? ENDS.find((end) => states.some((s) => s.status === end))!;
  const sum = (key: keyof BatchState['requestCounts']) =>
    states.reduce((total, s) => total + s.requestCounts[key], 0);
  return {
    id: states[0]!.id,
    status,
    requestCounts: { total: sum('total'), completed: sum('completed'), failed: sum('failed') },
    errors: states.flatMap((s) => s.errors.map((e) => `${s.id}: ${e}`)),
    parts: states.map((s) => ({ id: s.id, status: s.status })),
  };
}
