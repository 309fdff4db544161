import type { BatchState } from '../providers/batch-client';
import type { ProviderRegistry } from '../providers/registry';
import type { PrivacyPolicy } from '../privacy/request';
import type { Logger } from '../types';
import type { FixtureCase } from './fixtures';
import type { CaseResult, RunSummary } from './artifact';

/** What a run of one prompt's cases is asked to do, and the types its steps share. */

export type EvalMode = 'live' | 'replay' | 'record';

export interface EvalOptions {
  /** Workspace root: artifacts, cache and recordings live in <root>/.promptops. */
  root: string;
  registry: ProviderRegistry;
  /** PromptOps version, recorded in artifacts. */
  version: string;
  concurrency?: number;
  /** Overrides every case's `repeat`. */
  repeat?: number;
  caseIds?: string[];
  /** `provider/model` instead of the prompt's own. */
  model?: string;
  mode?: EvalMode;
  cache?: boolean;
  /** Bounds each request's whole reply, body included. */
  timeoutMs?: number;
  retries?: number;
  /** The longest a server's Retry-After is waited for; a longer one is cut to this (then retried as usual). */
  maxRetryWaitMs?: number;
  stream?: boolean;
  privacy?: PrivacyPolicy;
  graderModel?: string;
  embeddingModel?: string;
  /** Tool definitions from promptops.config.yaml `tools:` (a fixture file's own override them). */
  toolDefinitions?: Record<string, unknown>;
  /** Partials the app registers in code, as `lint.partials` in promptops.config.yaml declares them. */
  declaredPartials?: Record<string, string>;
  /** Write the artifact and history (default true). */
  write?: boolean;
  /**
   * false: keep finished cases in a temporary file rather than in memory, write the artifact from
   * it, and return the artifact without its cases (the CLI, which sees each case through
   * onCase). Memory then holds the cases in flight, whatever the run's size. Needs `write`.
   */
  keepCases?: boolean;
  /** Each case as it finishes (in finishing order), with its index in the artifact's cases. */
  onCase?: (result: CaseResult, index: number) => void;
  /** Where artifacts go, relative to root (default .promptops/results). */
  resultsDir?: string;
  /** Run only this shard of the cases (1-based index of count), for CI matrices; see shardOf. */
  shard?: { index: number; count: number };
  signal?: AbortSignal;
  /**
   * Send the requests as one batch through the provider's Batch API (half price, answers within
   * 24 h) rather than one by one; the batch is stored under .promptops/batches/ and resumed by a re-run.
   */
  batch?: { pollMs?: number; onStatus?: (state: BatchState) => void };
  onProgress?: (progress: EvalProgress) => void;
  /** Cases from elsewhere than the prompt's fixture file (shadow runs on sampled inputs): a name ending .jsonl or .yaml, and its text. */
  fixtures?: { file: string; text: string };
  /** false: do not run workspace code (javascript checks), as in an untrusted editor workspace. */
  allowCode?: boolean;
  /** Current text of a file (unsaved editor buffers); undefined reads the disk. */
  readFile?: (file: string) => string | undefined;
  logger?: Logger;
  /** Injected in tests to avoid real waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface EvalProgress {
  prompt: string;
  done: number;
  total: number;
  passed: number;
  failed: number;
  errors: number;
  costUsd: number;
  latest?: CaseResult;
}

/** A problem with the prompt, its fixtures or the configuration: nothing was run (CLI exit 2). */
export class EvalConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvalConfigError';
  }
}

/** Dotprompt's default for `maxTurns`, as Genkit has it: model calls per user message. */
export const DEFAULT_MAX_TURNS = 5;

export const DEFAULTS = {
  concurrency: 8,
  timeoutMs: 60_000,
  retries: 3,
  maxRetryWaitMs: 30_000,
} as const;

export interface EvalOutcome<A> {
  /** What was written: the run, or the prompt's results with this run's cases folded in. */
  artifact: A;
  file: string;
  /** The summary of the cases this run executed, when they were folded into earlier results. */
  ran?: RunSummary;
}

/** One sample to run: a fixture case and its repeat index; `index` is its place in the artifact. */
export interface Job {
  index: number;
  fixture: FixtureCase;
  repeat: number;
}
