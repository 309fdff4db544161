import * as path from 'node:path';
import { runAssertions } from '../assertions/registry';
import type { AssertionContext, AssertionSpec } from '../assertions/types';
import { guardOutput } from '../guard/output-guard';
import { costUsd } from '../providers/prices';
import type { CaseResult } from './artifact';
import type { Answered } from './answer';
import type { RunContext } from './context';
import type { FixtureCase } from './fixtures';
import type { Job } from './options';
import { parseOutputJson } from './output-json';

type Answer = Extract<Answered, { stored: unknown }>;

/**
 * Step 3 of a case: the answer judged by the case's assertions (and the file's defaults), with
 * the output guard's verdict when the prompt declares one. `extra` adds what a multi-step case
 * knows (tool calls, turns) to what the assertions see.
 */
export async function judgeCase(
  run: RunContext,
  job: Job,
  result: CaseResult,
  answer: Answer,
  extra: Partial<AssertionContext> = {},
  specs: AssertionSpec[] = caseSpecs(run, job),
): Promise<CaseResult> {
  const { plan } = run;
  const response = answer.stored.response;
  const usage = response.usage;
  const cost = usage ? costUsd(run.price, usage.inputTokens, usage.outputTokens) : undefined;
  const json = parseOutputJson(response.text);
  const outputGuard = plan.guardSpec
    ? guardOutput(response.text, plan.guardSpec, { outputSchema: plan.output.schema })
    : undefined;
  const context: AssertionContext = {
    output: response.text,
    json,
    latencyMs: answer.stored.latencyMs,
    outputSchema: plan.output.schema,
    ...run.auxiliary,
    ...caseContext(run, job.fixture),
    ...extra,
  };
  if (outputGuard) context.guard = { action: outputGuard.action, reasons: outputGuard.reasons };
  if (cost !== undefined) context.costUsd = cost;
  if (usage) context.usage = usage;
  const judged = await runAssertions(specs, context, job.fixture.threshold);
  const judgedResult: CaseResult = {
    ...result,
    output: json.ok ? { text: response.text, json: json.value } : { text: response.text },
    status: judged.pass ? 'pass' : 'fail',
    score: judged.score,
    assertions: judged.results,
    latencyMs: answer.stored.latencyMs,
    tokens: usage
      ? { input: usage.inputTokens, output: usage.outputTokens, total: usage.totalTokens }
      : null,
    costUsd: cost ?? null,
    attempts: answer.attempts,
    cached: answer.cached,
  };
  if (outputGuard)
    judgedResult.guard = { action: outputGuard.action, reasons: outputGuard.reasons };
  return judgedResult;
}

/** The case's assertions, after the fixture file's defaults. */
function caseSpecs(run: RunContext, job: Job): AssertionSpec[] {
  return [...(run.plan.fixtures.defaults?.assert ?? []), ...job.fixture.assert] as AssertionSpec[];
}

/** What assertions know of the case beyond its answer: for javascript checks and file:// paths. */
function caseContext(
  run: RunContext,
  fixture: FixtureCase,
): Pick<AssertionContext, 'case' | 'prompt' | 'model' | 'fixtureDir' | 'allowCode'> {
  const info: NonNullable<AssertionContext['case']> = { id: fixture.id, input: fixture.input };
  if (fixture.description !== undefined) info.description = fixture.description;
  if (fixture.tags) info.tags = fixture.tags;
  return {
    case: info,
    prompt: run.plan.relativePrompt,
    model: run.plan.modelId,
    fixtureDir: path.dirname(run.plan.fixturesFile),
    allowCode: run.options.allowCode !== false,
  };
}
