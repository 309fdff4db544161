import { subsetMatches } from '../tools/script';
import type { ToolCallRecord } from '../tools/types';
import type { AssertionContext, AssertionOutcome, AssertionSpec } from './types';

/** What tool-called and tool-not-called look for: a tool, maybe with an argument subset. */
export interface ToolMatch {
  name: string;
  args?: Record<string, unknown>;
  times?: number;
}

/** `value: getWeather`, or `value: { name, args?, times? }` (`times` may also sit beside `value`). */
export function toolMatchOf(spec: AssertionSpec, type: string): ToolMatch {
  const value = spec.value;
  const times = timesOf(
    value && typeof value === 'object' && 'times' in value
      ? (value as { times?: unknown }).times
      : spec.times,
    type,
  );
  if (typeof value === 'string' && value.trim()) return withTimes({ name: value.trim() }, times);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const { name, args } = value as { name?: unknown; args?: unknown };
    if (typeof name !== 'string' || !name.trim())
      throw new Error(`${type} needs a tool name: value: getWeather, or value: { name, args }`);
    if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args)))
      throw new Error(`${type}: args is a mapping of the arguments to match (a subset)`);
    const match: ToolMatch = { name: name.trim() };
    if (args) match.args = args as Record<string, unknown>;
    return withTimes(match, times);
  }
  throw new Error(`${type} needs a tool name: value: getWeather, or value: { name, args }`);
}

function timesOf(value: unknown, type: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new Error(`${type}: times is a whole number ≥ 0`);
}

function withTimes(match: ToolMatch, times: number | undefined): ToolMatch {
  return times === undefined ? match : { ...match, times };
}

/** The calls of the case, or the failure to report when the case recorded none. */
export function recordedCalls(
  context: AssertionContext,
): { calls: ToolCallRecord[] } | { missing: AssertionOutcome } {
  if (context.toolCalls) return { calls: context.toolCalls };
  return {
    missing: {
      pass: false,
      reason:
        'no tool calls were recorded: the prompt offers no tools (add tools: [name] to its frontmatter)',
    },
  };
}

export function matchingCalls(calls: ToolCallRecord[], match: ToolMatch): ToolCallRecord[] {
  return calls.filter(
    (call) =>
      call.name === match.name &&
      (match.args === undefined || subsetMatches(match.args, call.args)),
  );
}

export function describeMatch(match: ToolMatch): string {
  return match.args ? `${match.name} with ${JSON.stringify(match.args)}` : match.name;
}

/** The calls as a reader scans them: `getWeather({"city":"Paris"}), search({…})`. */
export function describeCalls(calls: ToolCallRecord[], max = 5): string {
  if (calls.length === 0) return 'no tool calls';
  const shown = calls.slice(0, max).map((c) => {
    const args = JSON.stringify(c.args) ?? 'undefined';
    return `${c.name}(${args.length > 60 ? `${args.slice(0, 60)}…` : args})`;
  });
  return `calls: ${shown.join(', ')}${calls.length > max ? `, … (${calls.length} in all)` : ''}`;
}
