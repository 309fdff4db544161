import { setMaxListeners } from 'node:events';
import * as path from 'node:path';
import type { AssertionContext } from '../assertions/types';
import { BatchCollector } from '../batch/collector';
import { filePartialSource } from '../language/partials';
import { compilePrompt } from '../language/render';
import { partialHashes } from '../language/used-partials';
import { batchPrice } from '../providers/prices';
import { ModelError } from '../providers/registry';
import type { Provider } from '../providers/types';
import { silentLogger } from '../types';
import { auxiliaryModels } from './auxiliary';
import { defaultSleep, type Caller } from './call';
import { AdaptiveLimiter } from './limiter';
import { DEFAULTS, type EvalMode, type EvalOptions } from './options';
import type { RunPlan } from './plan';
import { ResponseStore } from './store';

/**
 * What every case of a run shares once the plan holds: the compiled template, the stores, the
 * limiter and the provider (opened on first use), the prices and the grader models.
 */
export interface RunContext {
  plan: RunPlan;
  options: EvalOptions;
  mode: EvalMode;
  render: ReturnType<typeof compilePrompt>;
  /** sha256 of each partial the prompt renders with (recorded in the artifact). */
  partials: Record<string, string | null>;
  /** The response cache, unless it is off or the run replays. */
  cache: ResponseStore | undefined;
  recordings: ResponseStore;
  caller: Caller;
  /** Prices per million tokens (the batch price when the run goes through the Batch API). */
  price: ReturnType<EvalOptions['registry']['price']>;
  auxiliary: Pick<AssertionContext, 'grade' | 'gradeWith' | 'similarity'>;
  /** The Batch API's collector, for `--batch` runs. */
  collector: BatchCollector | undefined;
}

export async function openRun(plan: RunPlan, options: EvalOptions): Promise<RunContext> {
  const mode = options.mode ?? 'live';
  const dir = path.join(options.root, '.promptops');
  const partialSource = filePartialSource(
    plan.promptFile,
    options.root,
    options.readFile,
    options.declaredPartials,
  );
  const limiter = new AdaptiveLimiter(
    Math.min(
      options.concurrency ?? DEFAULTS.concurrency,
      options.registry.maxConcurrency(plan.target.provider) ?? Infinity,
    ),
  );
  // Each worker listens on the signal at most twice at once (its request's scope, and a limiter wait
  // or a retry sleep): allow that many, so Node warns only of a real leak.
  if (options.signal) setMaxListeners(Math.max(10, limiter.max * 2 + 10), options.signal);
  let providerPromise: Promise<Provider> | undefined;
  const provider = () => (providerPromise ??= options.registry.provider(plan.target.provider));
  const caller: Caller = {
    provider,
    limiter,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    retries: options.retries ?? DEFAULTS.retries,
    maxRetryWaitMs: options.maxRetryWaitMs ?? DEFAULTS.maxRetryWaitMs,
    stream: options.stream ?? false,
    sleep: options.sleep ?? defaultSleep,
    logger: options.logger ?? silentLogger,
    label: plan.relativePrompt,
  };
  const listPrice = options.registry.price(plan.target.provider, plan.target.model);
  return {
    plan,
    options,
    mode,
    render: compilePrompt(plan.source, partialSource, plan.document),
    partials: await partialHashes(plan.document, partialSource),
    cache:
      options.cache !== false && mode !== 'replay'
        ? new ResponseStore(path.join(dir, 'cache'))
        : undefined,
    recordings: new ResponseStore(path.join(dir, 'recordings')),
    caller,
    price: options.batch ? batchPrice(listPrice) : listPrice,
    auxiliary: auxiliaryModels(options, caller.timeoutMs),
    collector: batchCollectorOf(plan, options, caller),
  };
}

function batchCollectorOf(
  plan: RunPlan,
  options: EvalOptions,
  caller: Caller,
): BatchCollector | undefined {
  if (!options.batch) return undefined;
  return new BatchCollector(plan.jobs.length, {
    root: options.root,
    prompt: plan.relativePrompt,
    model: plan.modelId,
    client: async () => batchClientOf(await caller.provider()),
    pollMs: options.batch.pollMs ?? 30_000,
    limits: options.registry.batchLimits(plan.target.provider),
    sleep: caller.sleep,
    logger: caller.logger,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.batch.onStatus ? { onStatus: options.batch.onStatus } : {}),
  });
}

/** The provider's Batch API, or a configuration error naming the provider. */
function batchClientOf(provider: Provider) {
  if (!provider.batches)
    throw new ModelError(`provider '${provider.name}' has no Batch API: run without --batch`);
  return provider.batches();
}
