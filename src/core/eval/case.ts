import { checkRequestPrivacy } from '../privacy/request';
import type { ChatRequest } from '../providers/types';
import type { Message } from 'dotprompt';
import { answerRequest } from './answer';
import type { CaseResult } from './artifact';
import { inputDepthError, nestsDeeperThan } from './case-input';
import type { RunContext } from './context';
import { isMultiStep, runConversation } from './conversation';
import { fixtureHistory } from './fixtures';
import { judgeCase } from './judge';
import type { Job } from './options';

/**
 * One case, top to bottom: render it, check the request against the privacy policy, get the
 * answer (cache, recording, batch or model), and judge it. Problems of the case (a render error,
 * a blocked request, a failed request, cancellation) are its result, never thrown.
 */
export async function runCase(run: RunContext, job: Job): Promise<CaseResult> {
  const { fixture } = job;
  if (nestsDeeperThan(fixture.input)) return erroredCase(job, inputDepthError());
  const base = erroredCase(job, undefined);
  const rendered = await run.render({
    input: fixture.input,
    messages: fixtureHistory(fixture.messages),
  });
  if (!rendered.ok) return { ...base, error: `render failed: ${rendered.error.message}` };
  const screened = checkRequestPrivacy(rendered.prompt.messages, run.plan.privacy);
  const result: CaseResult = { ...base, messages: screened.messages };
  if (screened.redactions.length) result.redactions = screened.redactions;
  if (screened.warnings.length) result.warnings = screened.warnings;
  if (screened.blocked) return { ...result, error: `not sent: ${screened.blocked}` };
  if (isMultiStep(run, job)) return runConversation(run, job, result, screened.messages);
  const answered = await answerRequest(run, job, requestOf(run, screened.messages));
  if ('error' in answered) return { ...result, ...answered };
  return judgeCase(run, job, result, answered);
}

/** The request a case's messages make, with the prompt's model, config and output. */
export function requestOf(run: RunContext, messages: Message[]): ChatRequest {
  const { target, config, output } = run.plan;
  return { model: target.model, messages, config, output };
}

/** A case that has no answer (yet): status error, with `error` saying why when given. */
export function erroredCase(job: Job, error: string | undefined): CaseResult {
  const result: CaseResult = {
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
  };
  if (error !== undefined) result.error = error;
  return result;
}
