import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { ToolDefinitionsSchema } from './tools/definition-schema';
import { Severity } from './types';
import { yamlValue } from './yaml';

z.config(en());

export const CONFIG_FILE = 'promptops.config.yaml';

const SeveritySetting = z.enum(['error', 'warning', 'info', 'hint', 'off']);

const Rate = z.object({
  input: z.number().check(z.nonnegative()),
  output: z.number().check(z.nonnegative()),
});
/** USD per million tokens; `batch`: the price through the provider's Batch API (default half). */
const Price = z.object({
  input: z.number().check(z.nonnegative()),
  output: z.number().check(z.nonnegative()),
  batch: z.optional(Rate),
});
const Policy = z.enum(['block', 'redact', 'warn', 'off']);

/** An OpenAI-compatible endpoint. Keys are never written here: `apiKeyEnv` names where one comes from. */
export const ProviderConfigSchema = z.object({
  name: z
    .string()
    .check(
      z.regex(/^[\w.-]+$/, 'provider names are letters, digits, dots, dashes and underscores'),
    ),
  baseURL: z.optional(z.url()),
  apiKeyEnv: z.optional(z.string()),
  headers: z.optional(z.record(z.string(), z.string())),
  maxConcurrency: z.optional(z.int().check(z.positive())),
  /**
   * How chat completions are sent: `lean` (default) builds the request and reads the reply
   * itself, `client` through the openai client. Same requests, answers and errors; embeddings
   * and batches always go through the client.
   */
  transport: z.optional(z.enum(['lean', 'client'])),
  /** USD per million tokens, by model name. */
  prices: z.optional(z.record(z.string(), Price)),
  /**
   * What one batch of the provider's Batch API may hold (default OpenAI's: 50,000 requests,
   * 200 MB). A run with more is sent as several batches.
   */
  batch: z.optional(
    z.object({
      maxRequests: z.optional(z.int().check(z.positive())),
      maxBytes: z.optional(z.int().check(z.positive())),
    }),
  ),
});

export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;

/** How far a shadow run's candidate may diverge from the baseline (`gate.shadow`). */
export const ShadowLimitsSchema = z.object({
  /** Share of outputs whose text (JSON compared structurally) changed. */
  maxChangedRate: z.optional(z.number().check(z.gte(0), z.lte(1))),
  /** Share of outputs whose shape changed: JSON keys or types, or JSON ↔ text. */
  maxShapeChangedRate: z.optional(z.number().check(z.gte(0), z.lte(1))),
  /** Share of cases whose assertion outcome or guard outcome flipped, either way. */
  maxFlipRate: z.optional(z.number().check(z.gte(0), z.lte(1))),
  /** Share of the candidate's outputs valid against its output schema. */
  minSchemaValidRate: z.optional(z.number().check(z.gte(0), z.lte(1))),
});
export type ShadowLimits = z.infer<typeof ShadowLimitsSchema>;

/** What `promptops check` holds results to; also the shape of a prompt's `promptops.gate`. */
export const GateSchema = z.object({
  /** Default 1: every case must pass, as in any test suite. */
  minPassRate: z.optional(z.number().check(z.gte(0), z.lte(1))),
  maxCostUsd: z.optional(z.number().check(z.nonnegative())),
  maxP95Ms: z.optional(z.number().check(z.positive())),
  /** Errored cases tolerated (default 0: a case that errored was not evaluated). */
  maxErrors: z.optional(z.int().check(z.nonnegative())),
  /** Each case's passes over its repeats (flakiness). */
  minCasePassFraction: z.optional(z.number().check(z.gte(0), z.lte(1))),
  /** Case ids that may go from pass to fail against the baseline. */
  allowRegressions: z.optional(z.array(z.string())),
  /** How much worse than the baseline is tolerated: pass rate in points (0.05 = 5 points), cost and p95 in percent. */
  tolerance: z.optional(
    z.object({
      passRate: z.optional(z.number().check(z.nonnegative())),
      costPct: z.optional(z.number().check(z.nonnegative())),
      latencyPct: z.optional(z.number().check(z.nonnegative())),
    }),
  ),
  /** Limits on the prompt's shadow report (.promptops/shadow), when there is one. */
  shadow: z.optional(ShadowLimitsSchema),
});

export type Gate = z.infer<typeof GateSchema>;

/** The workspace config file. Other sections (gates, …) are kept as they are. */
export const WorkspaceConfigSchema = z.looseObject({
  providers: z.optional(z.array(ProviderConfigSchema)),
  gate: z.optional(GateSchema),
  /** Tools prompts may offer (`tools: [name]` in a prompt): description and input schema. */
  tools: z.optional(ToolDefinitionsSchema),
  eval: z.optional(
    z.looseObject({
      concurrency: z.optional(z.int().check(z.positive())),
      timeoutMs: z.optional(z.int().check(z.positive())),
      retries: z.optional(z.int().check(z.nonnegative())),
      /** The longest wait for a server's Retry-After, in ms (longer ones are cut to this). */
      maxRetryWaitMs: z.optional(z.int().check(z.nonnegative())),
      privacy: z.optional(z.object({ secrets: z.optional(Policy), pii: z.optional(Policy) })),
      /** Assertions llm-rubric and similar use these models. */
      graderModel: z.optional(z.string()),
      embeddingModel: z.optional(z.string()),
    }),
  ),
  lint: z.optional(
    z.looseObject({
      /** Helpers, partials (name: template text), schemas and output formats the app registers in code. */
      helpers: z.optional(z.array(z.string())),
      partials: z.optional(z.record(z.string(), z.string())),
      schemas: z.optional(z.union([z.array(z.string()), z.record(z.string(), z.unknown())])),
      formats: z.optional(z.array(z.string())),
      rules: z.optional(
        z.record(
          z.string().check(z.regex(/^PO\d{3}$/, 'rule codes look like PO201')),
          SeveritySetting,
        ),
      ),
    }),
  ),
});

export type WorkspaceConfig = z.infer<typeof WorkspaceConfigSchema>;

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Finds promptops.config.yaml in `dir` or its parents (up to `stop`). */
export function findConfigFile(dir: string, stop?: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current || (stop && path.resolve(stop) === current)) return undefined;
    current = parent;
  }
}

export function parseConfig(text: string, file: string): WorkspaceConfig {
  const doc = YAML.parseDocument(text);
  const first = doc.errors[0];
  if (first) throw new ConfigError(file, `YAML: ${first.message.split('\n')[0]}`);
  const converted = yamlValue(doc);
  if ('error' in converted) throw new ConfigError(file, `YAML: ${converted.error}`);
  const result = WorkspaceConfigSchema.safeParse(converted.value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(
      file,
      `${issue?.path.join('.') || 'config'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return result.data;
}

export function loadConfig(file: string): WorkspaceConfig {
  return parseConfig(fs.readFileSync(file, 'utf8'), file);
}

export function severityOverrides(
  config: WorkspaceConfig | undefined,
): Record<string, Severity | 'off'> {
  const rules = config?.lint?.rules ?? {};
  return Object.fromEntries(
    Object.entries(rules).map(([code, value]) => [
      code,
      value === 'off' ? 'off' : (value as Severity),
    ]),
  );
}
