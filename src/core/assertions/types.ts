import type { JsonSchema } from '../language/schema';
import type { Usage } from '../providers/types';
import type { ToolCallRecord, ToolSpec } from '../tools/types';

/** An assertion as written in a fixture file. */
export interface AssertionSpec {
  type: string;
  value?: unknown;
  threshold?: number;
  weight?: number;
  not?: boolean;
  [key: string]: unknown;
}

export interface AssertionContext {
  output: string;
  /** The output parsed as JSON, when it is JSON. */
  json: { ok: true; value: unknown } | { ok: false; error: string };
  latencyMs: number;
  costUsd?: number;
  usage?: Usage;
  /** The prompt's output schema (JSON Schema), for `json-schema` without a value. */
  outputSchema?: JsonSchema | null;
  /** A grader model's verdict on `output` against a rubric (llm-rubric). */
  grade?(rubric: string, output: string): Promise<{ pass: boolean; score: number; reason: string }>;
  /** Runs grader prompt `name` (factuality, g-eval, …) on `vars`; the grader model's JSON answer. */
  gradeWith?(name: string, vars: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Cosine similarity of two texts' embeddings (similar). */
  similarity?(a: string, b: string): Promise<number>;
  /** What the prompt's output guard did with this answer (guard-passes). */
  guard?: { action: 'pass' | 'redacted' | 'fallback'; reasons: string[] };
  /** The case being judged (javascript checks see it as `context.case`, its input as `context.input`). */
  case?: { id: string; input: Record<string, unknown>; description?: string; tags?: string[] };
  /** The prompt's path, relative to the workspace. */
  prompt?: string;
  /** The `provider/model` that answered. */
  model?: string;
  /** The fixture file's folder: `file://` references are relative to it. */
  fixtureDir?: string;
  /** false: the host does not run workspace code (an untrusted editor workspace). */
  allowCode?: boolean;
  /** Every tool call of the case, in order (absent: the prompt offered no tools). */
  toolCalls?: ToolCallRecord[];
  /** The tools the prompt offered. */
  tools?: ToolSpec[];
  /** Why the last model turn ended (stop, tool_calls, length, …), as the provider said. */
  finishReason?: string;
  /** Model calls the case made (a tool loop makes several). */
  modelTurns?: number;
  /** The prompt's maxTurns (Dotprompt's key, or the default) the loop ran under. */
  maxTurns?: number;
}

export interface AssertionOutcome {
  pass: boolean;
  /** 0–1; defaults to 1 for pass and 0 for fail. */
  score?: number;
  reason: string;
  /** What was expected, for a diff view. */
  expected?: unknown;
}

export type AssertionHandler = (
  spec: AssertionSpec,
  context: AssertionContext,
) => AssertionOutcome | Promise<AssertionOutcome>;

export interface AssertionResult {
  type: string;
  pass: boolean;
  score: number;
  weight: number;
  reason: string;
  negated: boolean;
  expected?: unknown;
}
