import { setMaxListeners } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Message } from 'dotprompt';
import { runAssertions } from '../assertions/registry';
import type { AssertionContext, AssertionSpec } from '../assertions/types';
import { cosine } from '../assertions/similar';
import { parsePromptDocument, type PromptDocument } from '../language/document';
import { filePartialSource } from '../language/partials';
import { compilePrompt } from '../language/render';
import { partialHashes } from '../language/used-partials';
import { outputSchemaModel, type JsonSchema } from '../language/schema';
import { ProviderError } from '../providers/errors';
import { batchPrice, costUsd } from '../providers/prices';
import { toRequestBody } from '../providers/openai';
import type { BatchState } from '../providers/batch-client';
import { BatchCollector, customIdOf } from '../batch/collector';
import { ModelError, parseModel, type ProviderRegistry } from '../providers/registry';
import type { ChatResponse, Provider } from '../providers/types';
import { sha256 } from '../hash';
import { scrub, scrubValue } from '../secrets/scrub';
import { silentLogger, type Logger } from '../types';
import {
  appendHistory,
  ARTIFACT_SCHEMA_VERSION,
  artifactPathFor,
  saveRun,
  writeArtifact,
  type ArtifactHead,
  type CaseResult,
  type RunArtifact,
  type RunSummary,
} from './artifact';
import { removeStaleTemps, writeJsonAtomic } from '../fs/atomic';
import {
  FixtureError,
  fixturePathFor,
  parseFixtures,
  readFixtures,
  type FixtureCase,
  type FixtureFile,
} from './fixtures';
import { runGrader } from './graders';
import { applyGuard, DEFAULT_PRIVACY, type PrivacyPolicy } from './guard';
import { inputDepthError, nestsDeeperThan, recordedInput } from './case-input';
import { GuardSpecSchema, guardOutput, type GuardSpec } from '../guard/guard';
import { fingerprintHash, runFingerprint } from './fingerprint';
import { AdaptiveLimiter } from './limiter';
import { openSpill, type CaseSpill } from './spill';
import { foldIntoPrevious } from './subset';
import { requestKey, ResponseStore, type StoredResponse } from './store';
import { shardOf } from './shard';
import { summarise, type CaseFigures } from './summary';

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

export const DEFAULTS = {
  concurrency: 8,
  timeoutMs: 60_000,
  retries: 3,
  maxRetryWaitMs: 30_000,
} as const;

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
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

/** The settings of a prompt that decide its requests: model, Dotprompt config and output (format and JSON Schema). */
export async function runSettingsOf(
  document: PromptDocument,
  modelOverride?: string,
): Promise<{
  modelId: string | undefined;
  config: Record<string, unknown>;
  output: { format: string | undefined; schema: JsonSchema | null };
}> {
  const frontmatter = document.frontmatter?.data ?? {};
  const modelId =
    modelOverride ?? (typeof frontmatter.model === 'string' ? frontmatter.model : undefined);
  const config = (
    frontmatter.config && typeof frontmatter.config === 'object' ? frontmatter.config : {}
  ) as Record<string, unknown>;
  const outputSection =
    frontmatter.output && typeof frontmatter.output === 'object'
      ? (frontmatter.output as { format?: unknown })
      : {};
  const schema = (await outputSchemaModel(document)).jsonSchema;
  return {
    modelId,
    config,
    output: {
      format: typeof outputSection.format === 'string' ? outputSection.format : undefined,
      schema,
    },
  };
}

/** Exponential back-off with full jitter between 50% and 150%, capped at 30 s. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return Math.round(base * (0.5 + random()));
}

/** The output as JSON: raw, or inside a ```json fence, which models often add. */
export function parseOutputJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  // Most answers are prose: skip JSON.parse (and its exception) unless the text could be JSON.
  if (!/^\s*(?:[[{"\d-]|true\b|false\b|null\b)/.test(text) && !text.includes('```'))
    return { ok: false, error: 'not JSON' };
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  let error = 'empty output';
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch (e) {
      error = (e as Error).message;
    }
  }
  return { ok: false, error };
}

interface Job {
  index: number;
  fixture: FixtureCase;
  repeat: number;
}

function read(file: string, options: EvalOptions): string {
  const open = options.readFile?.(file);
  if (open !== undefined) return open;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new EvalConfigError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

function erroredCase(job: Job, error: string): CaseResult {
  return {
    id: job.fixture.id,
    repeat: job.repeat,
    input: nestsDeeperThan(job.fixture.input) ? {} : job.fixture.input,
    messages: [],
    output: null,
    status: 'error',
    score: 0,
    assertions: [],
    latencyMs: null,
    tokens: null,
    costUsd: null,
    attempts: 0,
    cached: false,
    error,
  };
}

const swept = new Set<string>();
/** Once per process and folder: a run of many prompts walks the cache once. */
function removeStaleTempsOnce(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  removeStaleTemps(dir);
}

/** The cases of a run kept on disk, read back for folding into earlier results. */
function ranCases(spill: CaseSpill | undefined): CaseResult[] {
  if (!spill) return [];
  const lines = spill.lines();
  return Array.from({ length: lines.count }, (_, i) => JSON.parse(lines.line(i)) as CaseResult);
}

/** Case ids in fixture order. */
function caseOrder(fixtures: FixtureFile): Map<string, number> {
  return new Map(fixtures.cases.map((c, i) => [c.id, i]));
}

/** Where a replay looked, and why it found nothing. */
function replayMiss(root: string, caseId: string, repeat: number): string {
  const dir = path.join(root, '.promptops', 'recordings');
  const relative = path.relative(process.cwd(), dir);
  const where = relative.startsWith('..') ? dir : relative.split(path.sep).join('/');
  return `no recording in ${where} for case ${caseId}${repeat ? ` (repeat ${repeat + 1})` : ''} with this request (prompt text, input, model and parameters); record one with --record`;
}

export interface EvalOutcome<A> {
  /** What was written: the run, or the prompt's results with this run's cases folded in. */
  artifact: A;
  file: string;
  /** The summary of the cases this run executed, when they were folded into earlier results. */
  ran?: RunSummary;
}

/** Runs one prompt's fixture cases and writes its result artifact. */
export async function evalPrompt(
  promptFile: string,
  options: EvalOptions & { keepCases: false },
): Promise<EvalOutcome<ArtifactHead>>;
export async function evalPrompt(
  promptFile: string,
  options: EvalOptions,
): Promise<EvalOutcome<RunArtifact>>;
export async function evalPrompt(
  promptFile: string,
  options: EvalOptions,
): Promise<EvalOutcome<RunArtifact | ArtifactHead>> {
  const started = Date.now();
  const logger = options.logger ?? silentLogger;
  const sleep = options.sleep ?? defaultSleep;
  const mode = options.mode ?? 'live';
  const relativePrompt = path.relative(options.root, promptFile).split(path.sep).join('/');

  // ── everything that must be right before anything runs ──
  const source = read(promptFile, options);
  const document = parsePromptDocument(source);
  const blocking = document.problems.find((p) => p.severity === 'error');
  if (blocking)
    throw new EvalConfigError(
      `${relativePrompt}:${blocking.range.start.line + 1}:${blocking.range.start.character + 1}: ${blocking.message}`,
    );
  const frontmatter = document.frontmatter?.data ?? {};
  const fixturesFile = options.fixtures?.file ?? fixturePathFor(promptFile, frontmatter);
  if (!fixturesFile)
    throw new EvalConfigError(
      `${relativePrompt} has no fixture file: add ${path.basename(promptFile).replace(/\.prompt$/, '.fixtures.yaml')} beside it`,
    );
  let fixtures: FixtureFile;
  let fixturesSha256: string;
  const fixtureOverride = options.fixtures?.text ?? options.readFile?.(fixturesFile);
  try {
    // An editor buffer or another version's text, when given; else the file (parsed once per process).
    // The bytes are read once: the artifact records the hash of exactly what ran.
    ({ fixtures, sha256: fixturesSha256 } =
      fixtureOverride !== undefined
        ? {
            fixtures: parseFixtures(fixtureOverride, fixturesFile),
            sha256: sha256(fixtureOverride),
          }
        : readFixtures(fixturesFile));
  } catch (error) {
    const where =
      error instanceof FixtureError && error.line !== undefined ? `:${error.line + 1}` : '';
    throw new EvalConfigError(
      `${path.relative(options.root, fixturesFile)}${where}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const settings = await runSettingsOf(document, options.model);
  const modelId = settings.modelId;
  if (!modelId)
    throw new EvalConfigError(
      `${relativePrompt} names no model: add model: provider/name to its frontmatter, or pass --model`,
    );
  let target: { provider: string; model: string };
  let baseURL: string;
  try {
    target = parseModel(modelId);
    baseURL = options.registry.baseURL(target.provider);
  } catch (error) {
    throw new EvalConfigError(`${relativePrompt}: ${(error as Error).message}`);
  }
  const { config, output } = settings;
  const outputSchema = output.schema;
  const privacy = options.privacy ?? DEFAULT_PRIVACY;
  const guardDeclared = frontmatter['promptops.guard'];
  let guardSpec: GuardSpec | undefined;
  if (guardDeclared !== undefined) {
    const parsed = GuardSpecSchema.safeParse(guardDeclared);
    if (!parsed.success)
      throw new EvalConfigError(
        `${relativePrompt}: promptops.guard: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
      );
    guardSpec = parsed.data;
  }

  const shard = options.shard;
  const selected = fixtures.cases.filter(
    (c) =>
      !c.skip &&
      (!options.caseIds || options.caseIds.includes(c.id)) &&
      (!shard || shardOf(c.id, shard.count) === shard.index),
  );
  if (options.caseIds && selected.length === 0)
    throw new EvalConfigError(
      `no case ${options.caseIds.map((id) => `'${id}'`).join(', ')} in ${path.relative(options.root, fixturesFile)} (cases: ${fixtures.cases.map((c) => c.id).join(', ')})`,
    );
  // A run of some cases only (not a shard, which `promptops merge` completes).
  const subset = !shard && selected.length < fixtures.cases.filter((c) => !c.skip).length;
  const jobs: Job[] = [];
  for (const fixture of selected) {
    const repeats = options.repeat ?? fixture.repeat ?? 1;
    for (let repeat = 0; repeat < repeats; repeat++)
      jobs.push({ index: jobs.length, fixture, repeat });
  }

  // What killed runs left half-written (artifacts, cache entries) goes before this run writes.
  if (options.write !== false) removeStaleTempsOnce(path.join(options.root, '.promptops'));
  const partialSource = filePartialSource(
    promptFile,
    options.root,
    options.readFile,
    options.declaredPartials,
  );
  const render = compilePrompt(source, partialSource, document);
  const partials = await partialHashes(document, partialSource);
  const cache =
    options.cache !== false && mode !== 'replay'
      ? new ResponseStore(path.join(options.root, '.promptops', 'cache'))
      : undefined;
  const recordings = new ResponseStore(path.join(options.root, '.promptops', 'recordings'));
  const limiter = new AdaptiveLimiter(
    Math.min(
      options.concurrency ?? DEFAULTS.concurrency,
      options.registry.maxConcurrency(target.provider) ?? Infinity,
    ),
  );
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const retries = options.retries ?? DEFAULTS.retries;
  const listPrice = options.registry.price(target.provider, target.model);
  const price = options.batch ? batchPrice(listPrice) : listPrice;
  let providerPromise: Promise<Provider> | undefined;
  const provider = () => (providerPromise ??= options.registry.provider(target.provider));
  const auxiliary = auxiliaryModels(options, timeoutMs);
  const collector = options.batch
    ? new BatchCollector(jobs.length, {
        root: options.root,
        prompt: relativePrompt,
        model: modelId,
        client: async () => batchClientOf(await provider()),
        pollMs: options.batch.pollMs ?? 30_000,
        sleep,
        logger,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.batch.onStatus ? { onStatus: options.batch.onStatus } : {}),
      })
    : undefined;

  // Each worker listens on the signal at most twice at once (its request's scope, and a limiter wait
  // or a retry sleep): allow that many, so Node warns only of a real leak.
  if (options.signal) setMaxListeners(Math.max(10, limiter.max * 2 + 10), options.signal);
  const spill =
    options.keepCases === false && options.write !== false ? openSpill(jobs.length) : undefined;
  const results: (CaseResult | undefined)[] = spill ? [] : new Array(jobs.length);
  const figures: CaseFigures[] = [];
  let answered = 0;
  let fallbacks = 0;
  const store = (index: number, unscrubbed: CaseResult): void => {
    const result = scrubValue({ ...unscrubbed, input: recordedInput(unscrubbed.input, privacy) });
    if (spill) spill.put(index, result);
    else results[index] = result;
    figures[index] = {
      status: result.status,
      latencyMs: result.latencyMs,
      tokens: result.tokens,
      costUsd: result.costUsd,
    };
    if (result.guard) {
      answered++;
      if (result.guard.action === 'fallback') fallbacks++;
    }
    options.onCase?.(result, index);
  };
  try {
    const progress: EvalProgress = {
      prompt: relativePrompt,
      done: 0,
      total: jobs.length,
      passed: 0,
      failed: 0,
      errors: 0,
      costUsd: 0,
    };
    let configFailure: Error | undefined;

    const call = async (
      messages: Message[],
      signal: AbortSignal | undefined,
    ): Promise<{ stored: StoredResponse; attempts: number }> => {
      let attempt = 0;
      for (;;) {
        attempt++;
        await limiter.acquire(signal);
        const begun = Date.now();
        let failure: ProviderError;
        try {
          const response = await (
            await provider()
          ).chat(
            { model: target.model, messages, config, output },
            { signal, timeoutMs, stream: options.stream ?? false },
          );
          limiter.succeeded();
          return {
            stored: {
              response,
              latencyMs: Date.now() - begun,
              createdAt: new Date().toISOString(),
            },
            attempts: attempt,
          };
        } catch (error) {
          if (error instanceof ModelError) throw error;
          failure =
            error instanceof ProviderError ? error : new ProviderError(String(error), 'unknown');
        } finally {
          limiter.release(); // the slot is free while we wait to retry
        }
        if (failure.kind === 'rate-limit') limiter.rateLimited();
        if (!failure.retryable || attempt > retries || signal?.aborted)
          throw Object.assign(failure, { attempts: attempt });
        const wait = Math.min(
          failure.retryAfterMs ?? backoffMs(attempt - 1),
          options.maxRetryWaitMs ?? DEFAULTS.maxRetryWaitMs,
        );
        logger.debug(
          scrub(`${relativePrompt}: ${failure.message}; retry ${attempt}/${retries} in ${wait} ms`),
        );
        // Cancelled while waiting: the case still made its attempts.
        await sleep(wait, signal).catch(() => {
          throw Object.assign(failure, { attempts: attempt });
        });
      }
    };

    const runJob = async (job: Job): Promise<CaseResult> => {
      const { fixture, repeat } = job;
      if (nestsDeeperThan(fixture.input)) return erroredCase(job, inputDepthError());
      const base: CaseResult = {
        id: fixture.id,
        repeat,
        input: fixture.input,
        messages: [],
        output: null,
        status: 'error',
        score: 0,
        assertions: [],
        latencyMs: null,
        tokens: null,
        costUsd: null,
        attempts: 0,
        cached: false,
      };
      const rendered = await render({ input: fixture.input });
      if (!rendered.ok) return { ...base, error: `render failed: ${rendered.error.message}` };
      const guarded = applyGuard(rendered.prompt.messages, privacy);
      const result: CaseResult = { ...base, messages: guarded.messages };
      if (guarded.redactions.length) result.redactions = guarded.redactions;
      if (guarded.warnings.length) result.warnings = guarded.warnings;
      if (guarded.blocked) return { ...result, error: `not sent: ${guarded.blocked}` };

      // The content address, when a store will be read or written (not for a live run without the cache).
      const key =
        cache || mode !== 'live'
          ? requestKey({
              provider: target.provider,
              model: target.model,
              messages: guarded.messages,
              config,
              output,
            })
          : '';
      // Repeats of a case are separate samples: each has its own cache slot.
      const slot = repeat === 0 ? key : `${key}-${repeat}`;
      // live: the cache; record: the cache, then the model, saving to recordings; replay: recordings only.
      let stored: StoredResponse | undefined =
        mode === 'replay' ? recordings.get(slot) : cache?.get(slot);
      let attempts = 0;
      if (stored) {
        result.cached = true;
        // --record keeps every answer the run used, from the cache too, so --replay finds them all.
        if (mode === 'record') recordings.put(slot, stored);
      } else if (mode === 'replay') {
        return { ...result, error: replayMiss(options.root, fixture.id, repeat) };
      } else {
        try {
          const answer = collector
            ? await batchCall(collector, job, {
                model: target.model,
                messages: guarded.messages,
                config,
                output,
              })
            : await call(guarded.messages, options.signal);
          stored = answer.stored;
          attempts = answer.attempts;
          cache?.put(slot, scrubValue(stored));
          if (mode === 'record') recordings.put(slot, scrubValue(stored));
        } catch (error) {
          if (error instanceof ModelError) {
            configFailure = new EvalConfigError(error.message);
            throw configFailure;
          }
          const attemptsMade = (error as { attempts?: number }).attempts ?? attempts;
          if (options.signal?.aborted)
            return { ...result, attempts: attemptsMade, error: 'cancelled', cancelled: true };
          return {
            ...result,
            attempts: attemptsMade,
            error: error instanceof Error ? error.message : String(error),
          };
        }
      }
      const response: ChatResponse = stored.response;
      const usage = response.usage;
      const cost = usage ? costUsd(price, usage.inputTokens, usage.outputTokens) : undefined;
      const json = parseOutputJson(response.text);
      const outputGuard = guardSpec
        ? guardOutput(response.text, guardSpec, { outputSchema })
        : undefined;
      const context: AssertionContext = {
        output: response.text,
        json,
        latencyMs: stored.latencyMs,
        outputSchema,
        ...auxiliary,
        ...caseContext(fixture, relativePrompt, modelId, fixturesFile, options),
      };
      if (outputGuard) context.guard = { action: outputGuard.action, reasons: outputGuard.reasons };
      if (cost !== undefined) context.costUsd = cost;
      if (usage) context.usage = usage;
      const specs = [...(fixtures.defaults?.assert ?? []), ...fixture.assert] as AssertionSpec[];
      const judged = await runAssertions(specs, context, fixture.threshold);
      const judgedResult: CaseResult = {
        ...result,
        output: json.ok ? { text: response.text, json: json.value } : { text: response.text },
        status: judged.pass ? 'pass' : 'fail',
        score: judged.score,
        assertions: judged.results,
        latencyMs: stored.latencyMs,
        tokens: usage
          ? { input: usage.inputTokens, output: usage.outputTokens, total: usage.totalTokens }
          : null,
        costUsd: cost ?? null,
        attempts,
      };
      if (outputGuard)
        judgedResult.guard = { action: outputGuard.action, reasons: outputGuard.reasons };
      return judgedResult;
    };

    // A pool of workers pulling cases in order: each case is rendered just before it is sent,
    // so memory holds the cases in flight, not all of them. The limiter may admit fewer at once.
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        if (options.signal?.aborted || configFailure) return;
        const job = jobs[next++];
        if (!job) return;
        let result: CaseResult;
        try {
          result = await runJob(job);
        } catch (error) {
          if (error === configFailure) return;
          result = erroredCase(job, error instanceof Error ? error.message : String(error));
        }
        store(job.index, result);
        collector?.finished(job.index);
        progress.done++;
        if (result.status === 'pass') progress.passed++;
        else if (result.status === 'fail') progress.failed++;
        else progress.errors++;
        progress.costUsd += result.costUsd ?? 0;
        progress.latest = result;
        options.onProgress?.({ ...progress });
      }
    };
    // A batch run renders every case before it sends: one worker per case, each waiting on the batch.
    const workers = collector ? jobs.length : Math.min(limiter.max, jobs.length);
    await Promise.all(Array.from({ length: workers }, worker));
    if (configFailure) throw configFailure;

    const cancelled = options.signal?.aborted ?? false;
    for (const job of jobs)
      if (!figures[job.index])
        store(job.index, { ...erroredCase(job, 'cancelled before it ran'), cancelled: true });
    const fingerprint = runFingerprint({
      modelId,
      provider: {
        name: target.provider,
        baseURL,
        headers: options.registry.config(target.provider).headers,
      },
      parameters: config,
      output,
      privacy,
      repeat: options.repeat ?? null,
      graderModel: options.graderModel,
      embeddingModel: options.embeddingModel,
    });
    const head: ArtifactHead = scrubValue({
      schemaVersion: ARTIFACT_SCHEMA_VERSION,
      tool: { name: 'promptops', version: options.version },
      createdAt: new Date(started).toISOString(),
      prompt: {
        path: relativePrompt,
        name: path.basename(promptFile, '.prompt'),
        sha256: sha256(source),
        source,
      },
      fixtures: {
        path: path.relative(options.root, fixturesFile).split(path.sep).join('/'),
        sha256: fixturesSha256,
      },
      ...(Object.keys(partials).length ? { partials } : {}),
      configHash: fingerprintHash(fingerprint),
      fingerprint,
      model: {
        id: modelId,
        provider: target.provider,
        model: target.model,
        baseURL: fingerprint.provider.baseURL,
        parameters: config,
      },
      mode,
      summary: summarise(figures, Date.now() - started, cancelled),
    } satisfies ArtifactHead);
    if (shard) head.shard = shard;
    if (collector?.state) head.batch = { id: collector.state.id, status: collector.state.status };
    if (guardSpec) head.summary.fallbackRate = answered ? fallbacks / answered : 0;
    const file = artifactPathFor(options.root, promptFile, options.resultsDir);
    // The cases go between the model and the summary, as in every artifact.
    const { summary, shard: shardOfRun, ...before } = head;
    const artifact = spill
      ? undefined
      : ({
          ...before,
          cases: results as CaseResult[],
          summary,
          ...(shardOfRun ? { shard: shardOfRun } : {}),
        } satisfies RunArtifact);
    // Some of the cases: fold them into the prompt's results when those are still fresh.
    const folded =
      subset && options.write !== false
        ? foldIntoPrevious(file, head, artifact?.cases ?? ranCases(spill), caseOrder(fixtures))
        : undefined;
    if (folded) {
      writeArtifact(file, folded);
      saveRun(options.root, folded, file);
      appendHistory(options.root, folded);
      const { cases: _cases, ...foldedHead } = folded;
      return {
        artifact: options.keepCases === false ? foldedHead : folded,
        file,
        ran: head.summary,
      };
    }
    if (options.write !== false) {
      if (artifact) writeArtifact(file, artifact);
      else
        writeJsonAtomic(
          file,
          {
            ...before,
            cases: (spill as CaseSpill).lines(),
            summary,
            ...(shardOfRun ? { shard: shardOfRun } : {}),
          },
          2,
        );
      saveRun(options.root, head, file);
      appendHistory(options.root, head);
    }
    return { artifact: artifact ?? head, file };
  } finally {
    spill?.dispose();
  }
}

/** What assertions know of the case beyond its answer: for javascript checks and file:// paths. */
function caseContext(
  fixture: FixtureCase,
  prompt: string,
  model: string,
  fixturesFile: string,
  options: EvalOptions,
): Pick<AssertionContext, 'case' | 'prompt' | 'model' | 'fixtureDir' | 'allowCode'> {
  const info: NonNullable<AssertionContext['case']> = { id: fixture.id, input: fixture.input };
  if (fixture.description !== undefined) info.description = fixture.description;
  if (fixture.tags) info.tags = fixture.tags;
  return {
    case: info,
    prompt,
    model,
    fixtureDir: path.dirname(fixturesFile),
    allowCode: options.allowCode !== false,
  };
}

/** The provider's Batch API, or a configuration error naming the provider. */
function batchClientOf(provider: Provider) {
  if (!provider.batches)
    throw new ModelError(`provider '${provider.name}' has no Batch API: run without --batch`);
  return provider.batches();
}

/** One case's request through the batch: answered when the batch ends. */
async function batchCall(
  collector: BatchCollector,
  job: Job,
  request: Parameters<typeof toRequestBody>[0],
): Promise<{ stored: StoredResponse; attempts: number }> {
  const { response, latencyMs } = await collector.request(
    job.index,
    customIdOf(job.fixture.id, job.repeat),
    toRequestBody(request),
  );
  return { stored: { response, latencyMs, createdAt: new Date().toISOString() }, attempts: 1 };
}

/** Grader and embedding models for llm-rubric and similar, when configured. */
function auxiliaryModels(
  options: EvalOptions,
  timeoutMs: number,
): Pick<AssertionContext, 'grade' | 'gradeWith' | 'similarity'> {
  const result: Pick<AssertionContext, 'grade' | 'gradeWith' | 'similarity'> = {};
  if (options.graderModel) {
    const { provider, model } = parseModel(options.graderModel);
    const ask = { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
    result.gradeWith = (name, vars) =>
      runGrader(
        name,
        vars,
        options.root,
        async (request) =>
          (await (await options.registry.provider(provider)).chat({ model, ...request }, ask)).text,
      );
    result.grade = async (rubric, output) => {
      const grader = await options.registry.provider(provider);
      const response = await grader.chat(
        {
          model,
          messages: [
            {
              role: 'system',
              content: [
                {
                  text: 'You grade an AI output against a rubric. Answer with JSON: {"pass": boolean, "score": number between 0 and 1, "reason": short string}.',
                },
              ],
            },
            { role: 'user', content: [{ text: `Rubric:\n${rubric}\n\nOutput:\n${output}` }] },
          ],
          config: { temperature: 0 },
          output: {
            format: 'json',
            schema: {
              type: 'object',
              properties: {
                pass: { type: 'boolean' },
                score: { type: 'number' },
                reason: { type: 'string' },
              },
              required: ['pass', 'score', 'reason'],
              additionalProperties: false,
            },
          },
        },
        { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) },
      );
      const parsed = parseOutputJson(response.text);
      const verdict = parsed.ok
        ? (parsed.value as { pass?: unknown; score?: unknown; reason?: unknown })
        : {};
      if (typeof verdict.pass !== 'boolean')
        throw new Error(
          `the grader did not answer {pass, score, reason}: ${response.text.slice(0, 100)}`,
        );
      return {
        pass: verdict.pass,
        score:
          typeof verdict.score === 'number'
            ? Math.max(0, Math.min(1, verdict.score))
            : verdict.pass
              ? 1
              : 0,
        reason: typeof verdict.reason === 'string' ? verdict.reason : '',
      };
    };
  }
  if (options.embeddingModel) {
    const { provider, model } = parseModel(options.embeddingModel);
    result.similarity = async (a, b) => {
      const embedder = await options.registry.provider(provider);
      const [x = [], y = []] = await embedder.embed(model, [a, b], {
        timeoutMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return cosine(x, y);
    };
  }
  return result;
}
