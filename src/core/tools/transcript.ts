import type { ToolCallRecord, TranscriptEntry } from './types';

// C0 controls but tab and newline, DEL and C1 controls: a model's text never drives a terminal.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

function clean(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function json(value: unknown, max = 200): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `getWeather({"city":"Paris"})` */
export function describeCall(call: Pick<ToolCallRecord, 'name' | 'args'>): string {
  return `${call.name}(${typeof call.args === 'string' ? call.args : json(call.args)})`;
}

function modelLine(entry: TranscriptEntry): string {
  const facts = [
    entry.finishReason,
    entry.tokens ? `${entry.tokens.total} tokens` : undefined,
    typeof entry.latencyMs === 'number' ? `${Math.round(entry.latencyMs)} ms` : undefined,
    entry.cached ? 'cached' : undefined,
  ].filter(Boolean);
  const calls = (entry.toolCalls ?? []).map((c) => `→ ${describeCall(c)}`);
  const text = entry.text ? entry.text : calls.length ? '' : '(no text)';
  return [
    `[model]${facts.length ? ` (${facts.join(', ')})` : ''} ${text}`.trimEnd(),
    ...calls.map((c) => `        ${c}`),
  ].join('\n');
}

function toolLine(entry: TranscriptEntry): string {
  const call = entry.toolCalls?.[0];
  if (!call) return `[tool] ${entry.text ?? ''}`;
  const answer = call.error !== undefined ? `error: ${call.error}` : json(call.result);
  return `[tool] ${call.name} ← ${answer}`;
}

/**
 * A case's transcript as plain text, one step a line: user turns, model replies with the tools
 * they called, and the scripted answers sent back. Control characters are shown escaped.
 */
export function formatTranscript(entries: TranscriptEntry[]): string {
  return entries
    .map((entry) =>
      clean(
        entry.role === 'user'
          ? `[user] ${entry.text ?? ''}`
          : entry.role === 'model'
            ? modelLine(entry)
            : toolLine(entry),
      ),
    )
    .join('\n');
}

/** How one tool call of A relates to B's: the same call, other arguments, or only on one side. */
export interface ToolCallChange {
  kind: 'same' | 'args-changed' | 'removed' | 'added';
  name: string;
  /** A's arguments (absent for added). */
  before?: unknown;
  /** B's arguments (absent for removed). */
  after?: unknown;
}

function sameArgs(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}

/**
 * The tool calls of A against B's, in order: calls are paired by name along the longest common
 * sequence of names, and a pair whose arguments differ is `args-changed` (a flipped call is what a
 * reviewer asks about first).
 */
export function diffToolCalls(a: ToolCallRecord[], b: ToolCallRecord[]): ToolCallChange[] {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const lcs: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number) => lcs[i * cols + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i * cols + j] =
        a[i]?.name === b[j]?.name ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  const changes: ToolCallChange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const left = a[i];
    const right = b[j];
    if (left && right && left.name === right.name) {
      changes.push({
        kind: sameArgs(left.args, right.args) ? 'same' : 'args-changed',
        name: left.name,
        before: left.args,
        after: right.args,
      });
      i++;
      j++;
    } else if (left && (!right || at(i + 1, j) >= at(i, j + 1))) {
      changes.push({ kind: 'removed', name: left.name, before: left.args });
      i++;
    } else if (right) {
      changes.push({ kind: 'added', name: right.name, after: right.args });
      j++;
    }
  }
  return changes;
}

/** The calls of a transcript, in order (each model turn's calls). */
export function transcriptCalls(entries: TranscriptEntry[] | undefined): ToolCallRecord[] {
  return (entries ?? []).flatMap((e) => (e.role === 'model' ? (e.toolCalls ?? []) : []));
}
