import * as z from 'zod/mini';
import { sha256 } from '../hash';
import type { PrivacyPolicy } from '../privacy/request';

/**
 * Everything besides the prompt, fixture and partial files that can change a prompt's answers or
 * verdicts. Recorded in each artifact beside its hash, so the gate can say what changed. Not in
 * it on purpose: comments and formatting of promptops.config.yaml, `gate:` thresholds, other
 * prompts' providers, concurrency, timeouts and retries.
 */
export const RunFingerprintSchema = z.object({
  /** `provider/model` as the run resolved it. */
  model: z.string(),
  provider: z.object({
    name: z.string(),
    /** The endpoint, without credentials. */
    baseURL: z.string(),
    /** sha256 of the configured extra headers (values may be secret), null without any. */
    headers: z.nullable(z.string()),
  }),
  /** The prompt's `config:` (temperature, maxOutputTokens, …). */
  parameters: z.record(z.string(), z.unknown()),
  /** Output format and JSON Schema as sent. */
  output: z.unknown(),
  privacy: z.object({ secrets: z.string(), pii: z.string() }),
  /** `eval --repeat N`, null when each case's own `repeat` applied. */
  repeat: z.nullable(z.int()),
  graderModel: z.nullable(z.string()),
  embeddingModel: z.nullable(z.string()),
  /** sha256 of the promptops.config.yaml definitions of the tools the prompt offers (absent: none). */
  tools: z.optional(z.string()),
});

export type RunFingerprint = z.infer<typeof RunFingerprintSchema>;

/** A URL without user, password, query or fragment: safe to write into a committed artifact. */
export function endpointOf(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//');
  }
}

export interface FingerprintInputs {
  modelId: string;
  /** The provider as resolved for this run (presets, the user's environment, the config file). */
  provider: { name: string; baseURL: string; headers?: Record<string, string> | undefined };
  parameters: Record<string, unknown>;
  output: unknown;
  privacy: PrivacyPolicy;
  repeat: number | null;
  graderModel?: string | undefined;
  embeddingModel?: string | undefined;
  /** The prompt's `tools:` names and promptops.config.yaml's `tools:` definitions. */
  tools?: { names: string[]; definitions: Record<string, unknown> | undefined };
}

/** The fingerprint of a run of one prompt. */
export function runFingerprint(inputs: FingerprintInputs): RunFingerprint {
  const headers = inputs.provider.headers;
  const sortedHeaders = headers
    ? Object.fromEntries(Object.entries(headers).sort(([a], [b]) => a.localeCompare(b)))
    : undefined;
  return {
    model: inputs.modelId,
    provider: {
      name: inputs.provider.name,
      baseURL: endpointOf(inputs.provider.baseURL),
      headers: sortedHeaders ? sha256(JSON.stringify(sortedHeaders)) : null,
    },
    parameters: inputs.parameters,
    // As JSON has it: a key whose value is undefined is no key (the artifact is read back as JSON).
    output: JSON.parse(JSON.stringify(inputs.output ?? null)) as unknown,
    privacy: { secrets: inputs.privacy.secrets, pii: inputs.privacy.pii },
    repeat: inputs.repeat,
    graderModel: inputs.graderModel ?? null,
    embeddingModel: inputs.embeddingModel ?? null,
    ...(inputs.tools?.names.length ? { tools: toolsDigest(inputs.tools) } : {}),
  };
}

/**
 * The config file's definitions of the offered tools (a fixture file's own are in the fixtures'
 * hash): a changed description or schema changes what the model is sent.
 */
function toolsDigest(tools: NonNullable<FingerprintInputs['tools']>): string {
  const names = [...new Set(tools.names)].sort();
  return sha256(stableJson(names.map((name) => [name, tools.definitions?.[name] ?? null])));
}

/** The artifact's `configHash`: the fingerprint's, with keys in a fixed order. */
export function fingerprintHash(fingerprint: RunFingerprint): string {
  return sha256(stableJson(fingerprint));
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const short = (value: unknown): string => {
  const text =
    value === null || value === undefined
      ? 'none'
      : typeof value === 'string'
        ? value
        : stableJson(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

/** What differs between the fingerprint a result was made with and the one a run would have now. */
export function fingerprintChanges(recorded: RunFingerprint, now: RunFingerprint): string[] {
  const changes: string[] = [];
  const change = (what: string, a: unknown, b: unknown, show = true) => {
    if (stableJson(a) !== stableJson(b))
      changes.push(show ? `${what} changed: ${short(a)} → ${short(b)}` : `${what} changed`);
  };
  change('the model', recorded.model, now.model);
  change("the provider's base URL", recorded.provider.baseURL, now.provider.baseURL);
  change("the provider's headers", recorded.provider.headers, now.provider.headers, false);
  change('the model parameters (config)', recorded.parameters, now.parameters);
  change('the output format or schema', recorded.output, now.output, false);
  change('the privacy policy', recorded.privacy, now.privacy);
  change('the repeat count', recorded.repeat, now.repeat);
  change('the grader model', recorded.graderModel, now.graderModel);
  change('the embedding model', recorded.embeddingModel, now.embeddingModel);
  change('the tool definitions in promptops.config.yaml', recorded.tools, now.tools, false);
  return changes;
}
