import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_TIMEOUT_MS, runCode, type CodeJob } from './code-runner';
import type { AssertionContext, AssertionHandler, AssertionOutcome, AssertionSpec } from './types';
import { expectString } from './util';

/** `file://checks/polite.js` or `file://checks/polite.js:isPolite`, relative to the fixture file. */
function fileJob(
  value: string,
  context: AssertionContext,
): { kind: 'file'; file: string; exportName?: string } {
  const ref = value.slice('file://'.length);
  const named = /^(.*\.[cm]?js):([A-Za-z_$][\w$]*)$/.exec(ref);
  const relative = named?.[1] ?? ref;
  const file = path.resolve(context.fixtureDir ?? process.cwd(), relative);
  if (!fs.existsSync(file)) throw new Error(`no such file: ${relative}`);
  return named?.[2] ? { kind: 'file', file, exportName: named[2] } : { kind: 'file', file };
}

/** What the check sees as `context`: promptfoo's `vars` (as `input` too) and the run's figures. */
function checkContext(context: AssertionContext): Record<string, unknown> {
  const input = context.case?.input ?? {};
  return {
    input,
    vars: input,
    case: context.case ?? null,
    prompt: context.prompt ?? null,
    model: context.model ?? null,
    tokens: context.usage
      ? {
          input: context.usage.inputTokens,
          output: context.usage.outputTokens,
          total: context.usage.totalTokens,
        }
      : null,
    latencyMs: context.latencyMs,
    cost: context.costUsd ?? null,
  };
}

/** promptfoo's reading of what a check returns: a boolean, a score (with the threshold), or {pass, score, reason}. */
export function judgeReturn(result: unknown, spec: AssertionSpec): AssertionOutcome {
  if (typeof result === 'boolean')
    return {
      pass: result,
      reason: result ? 'the check returned true' : 'the check returned false',
    };
  if (typeof result === 'number' && Number.isFinite(result)) {
    const pass = spec.threshold === undefined ? result > 0 : result >= spec.threshold;
    const score = Math.max(0, Math.min(1, result));
    const rule = spec.threshold === undefined ? '> 0' : `≥ ${spec.threshold}`;
    return { pass, score, reason: `the check scored ${result} (${pass ? '' : 'not '}${rule})` };
  }
  if (
    result &&
    typeof result === 'object' &&
    typeof (result as { pass?: unknown }).pass === 'boolean'
  ) {
    const r = result as { pass: boolean; score?: unknown; reason?: unknown };
    const score =
      typeof r.score === 'number' && Number.isFinite(r.score) ? r.score : r.pass ? 1 : 0;
    const belowThreshold = spec.threshold !== undefined && score < spec.threshold;
    const reason =
      typeof r.reason === 'string' && r.reason ? r.reason : `the check returned pass: ${r.pass}`;
    return {
      pass: r.pass && !belowThreshold,
      score: Math.max(0, Math.min(1, score)),
      reason: belowThreshold ? `score ${score} < threshold ${spec.threshold}: ${reason}` : reason,
    };
  }
  throw new Error(
    `the check must return a boolean, a number or {pass, score, reason}, not ${JSON.stringify(result)?.slice(0, 80) ?? typeof result}`,
  );
}

/**
 * Custom logic, as promptfoo's `javascript`: an inline expression, or `file://path.js` exporting a
 * function, called with (output, context) in a separate Node process without API keys in its
 * environment, stopped after `timeoutMs` (default 10 s). A throw is an assertion error.
 */
export const javascript: AssertionHandler = async (spec, context) => {
  if (context.allowCode === false)
    throw new Error('javascript checks run only in a trusted workspace');
  const value = expectString(spec.value, 'javascript');
  const base = value.startsWith('file://')
    ? fileJob(value, context)
    : ({ kind: 'inline', code: value } as const);
  const timeoutMs = typeof spec.timeoutMs === 'number' ? spec.timeoutMs : CODE_TIMEOUT_MS;
  const reply = await runCode(
    { ...base, output: context.output, context: checkContext(context) } as CodeJob,
    timeoutMs,
  );
  if (!reply.ok) throw new Error(reply.error);
  return judgeReturn(reply.result, spec);
};
