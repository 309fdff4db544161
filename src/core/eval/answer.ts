import * as path from 'node:path';
import { customIdOf, type BatchCollector } from '../batch/collector';
import { toRequestBody } from '../providers/openai';
import { ModelError } from '../providers/registry';
import type { ChatRequest } from '../providers/types';
import { scrubValue } from '../secrets/scrub';
import { callWithRetry, type Answer } from './call';
import type { RunContext } from './context';
import { EvalConfigError, type Job } from './options';
import { requestKey, type StoredResponse } from './store';

/** A model answer for one request of a case, from the cache, a recording, the batch or the model. */
export type Answered =
  | { stored: StoredResponse; attempts: number; cached: boolean }
  | { error: string; attempts: number; cancelled?: true };

/**
 * live: the cache, then the model; record: the same, saving every answer used to recordings;
 * replay: recordings only. `step` numbers the requests of a multi-step case (tool loop, turns)
 * after the first; a case's first request goes through the Batch API in a batch run, later
 * steps are sent directly once it has answered. A ModelError (wrong configuration) is thrown as
 * an EvalConfigError: the run stops.
 */
export async function answerRequest(
  run: RunContext,
  job: Job,
  request: ChatRequest,
  step = 0,
): Promise<Answered> {
  const slot = slotOf(run, job, request);
  const { mode, cache, recordings } = run;
  const stored = mode === 'replay' ? recordings.get(slot) : cache?.get(slot);
  if (stored) {
    // --record keeps every answer the run used, from the cache too, so --replay finds them all.
    if (mode === 'record') recordings.put(slot, stored);
    return { stored, attempts: 0, cached: true };
  }
  if (mode === 'replay')
    return { error: replayMiss(run.options.root, job.fixture.id, job.repeat), attempts: 0 };
  try {
    const answer =
      run.collector && step === 0
        ? await batchCall(run.collector, job, request)
        : await callWithRetry(run.caller, request, run.options.signal);
    cache?.put(slot, scrubValue(answer.stored));
    if (mode === 'record') recordings.put(slot, scrubValue(answer.stored));
    return { ...answer, cached: false };
  } catch (error) {
    if (error instanceof ModelError) throw new EvalConfigError(error.message);
    const attempts = (error as { attempts?: number }).attempts ?? 0;
    if (run.options.signal?.aborted) return { attempts, error: 'cancelled', cancelled: true };
    return { attempts, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The content address of the request, when a store will be read or written (not for a live run
 * without the cache). Repeats of a case are separate samples: each has its own slot. Tools are
 * part of the address only when the prompt offers some, so other prompts keep their recordings.
 */
function slotOf(run: RunContext, job: Job, request: ChatRequest): string {
  if (!run.cache && run.mode === 'live') return '';
  const { provider, model } = run.plan.target;
  const parts: Parameters<typeof requestKey>[0] = {
    provider,
    model,
    messages: request.messages,
    config: request.config,
    output: request.output,
  };
  if (request.tools?.length) parts.tools = request.tools;
  if (request.toolChoice) parts.toolChoice = request.toolChoice;
  const key = requestKey(parts);
  return job.repeat === 0 ? key : `${key}-${job.repeat}`;
}

/** One case's request through the batch: answered when the batch ends. */
async function batchCall(
  collector: BatchCollector,
  job: Job,
  request: ChatRequest,
): Promise<Answer> {
  const { response, latencyMs } = await collector.request(
    job.index,
    customIdOf(job.fixture.id, job.repeat),
    toRequestBody(request),
  );
  return { stored: { response, latencyMs, createdAt: new Date().toISOString() }, attempts: 1 };
}

/** Where a replay looked, and why it found nothing. */
function replayMiss(root: string, caseId: string, repeat: number): string {
  const dir = path.join(root, '.promptops', 'recordings');
  const relative = path.relative(process.cwd(), dir);
  const where = relative.startsWith('..') ? dir : relative.split(path.sep).join('/');
  return `no recording in ${where} for case ${caseId}${repeat ? ` (repeat ${repeat + 1})` : ''} with this request (prompt text, input, model and parameters); record one with --record`;
}
