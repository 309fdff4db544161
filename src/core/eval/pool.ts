import type { CaseResult } from './artifact';
import { erroredCase, runCase } from './case';
import type { RunContext } from './context';
import { EvalConfigError, type EvalProgress } from './options';
import type { CaseSink } from './sink';

/**
 * Runs the plan's jobs with a pool of workers pulling cases in order: each case is rendered just
 * before it is sent, so memory holds the cases in flight, not all of them (the limiter may admit
 * fewer at once). A batch run renders every case before it sends: one worker per case, each
 * waiting on the batch. Throws the first configuration error; stops taking cases when cancelled.
 */
export async function runJobs(run: RunContext, sink: CaseSink): Promise<void> {
  const { jobs } = run.plan;
  const progress: EvalProgress = {
    prompt: run.plan.relativePrompt,
    done: 0,
    total: jobs.length,
    passed: 0,
    failed: 0,
    errors: 0,
    costUsd: 0,
  };
  let configFailure: EvalConfigError | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      if (run.options.signal?.aborted || configFailure) return;
      const job = jobs[next++];
      if (!job) return;
      let result: CaseResult;
      try {
        result = await runCase(run, job);
      } catch (error) {
        if (error instanceof EvalConfigError) {
          configFailure ??= error;
          return;
        }
        result = erroredCase(job, error instanceof Error ? error.message : String(error));
      }
      sink.put(job.index, result);
      run.collector?.finished(job.index);
      count(progress, result);
      run.options.onProgress?.({ ...progress });
    }
  };
  const workers = run.collector ? jobs.length : Math.min(run.caller.limiter.max, jobs.length);
  await Promise.all(Array.from({ length: workers }, worker));
  if (configFailure) throw configFailure;
}

function count(progress: EvalProgress, result: CaseResult): void {
  progress.done++;
  if (result.status === 'pass') progress.passed++;
  else if (result.status === 'fail') progress.failed++;
  else progress.errors++;
  progress.costUsd += result.costUsd ?? 0;
  progress.latest = result;
}
