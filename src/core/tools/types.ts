import type { JsonSchema } from '../language/schema';
import type { AssertionSpec } from '../assertions/types';

/**
 * Tool calling and conversations in evals (issue 16). No tool is ever executed: a case scripts what
 * each tool returns, and the engine answers the model's calls from that script.
 */

/** A tool as a prompt offers it, defined in promptops.config.yaml `tools:` or a fixture file's. */
export interface ToolSpec {
  name: string;
  description?: string;
  /** JSON Schema of the arguments (Picoschema in the file, converted). */
  inputSchema: JsonSchema;
}

/** One scripted answer: a value to return, or an error to report to the model. */
export interface ScriptedAnswer {
  /** Subset of the arguments this answer applies to (absent: any arguments). */
  when?: Record<string, unknown>;
  returns?: unknown;
  error?: string;
}

/** What a case scripts for one tool: one answer for every call, or answers tried in order. */
export type ToolScript = ScriptedAnswer | ScriptedAnswer[];

/** One tool call the model made, and what the script answered. */
export interface ToolCallRecord {
  /** The provider's call id. */
  id: string;
  name: string;
  /** The arguments parsed from JSON; the raw text when they are not JSON. */
  args: unknown;
  /** Absent when the model's arguments were valid JSON. */
  argsError?: string;
  /** The scripted value sent back. */
  result?: unknown;
  /** The error sent back instead (scripted, or "no scripted result for tool X"). */
  error?: string;
  /** The model turn (0-based) that made the call. */
  turn: number;
}

/** One step of a case's conversation, as the artifact records it. */
export interface TranscriptEntry {
  role: 'user' | 'model' | 'tool';
  /** Text of the message (a user turn, a model reply; for tool, the JSON sent back). */
  text?: string;
  /** model: the calls it asked for. tool: the one call answered. */
  toolCalls?: ToolCallRecord[];
  finishReason?: string;
  tokens?: { input: number; output: number; total: number } | null;
  latencyMs?: number | null;
  cached?: boolean;
}

/** A prior message of a case, as Dotprompt writes history (assistant is accepted for model). */
export interface FixtureMessage {
  role: 'user' | 'model' | 'system' | 'assistant';
  content: string;
}

/** A scripted user turn of a multi-turn case, judged on its own. */
export interface FixtureTurn {
  user: string;
  assert?: AssertionSpec[];
}

/** How one scripted turn went (CaseResult.turns). */
export interface TurnResult {
  index: number;
  user: string;
  output: string;
  pass: boolean;
  score: number;
  assertions: import('../assertions/types').AssertionResult[];
}
