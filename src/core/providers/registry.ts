import type { ProviderConfig } from '../config';
import { BATCH_LIMITS, type BatchLimits } from './batch-client';
import type { Price } from './prices';
import { registerSecret, registerUrlCredentials } from '../secrets/scrub';
import {
  approvalProblem,
  hostOf,
  NO_APPROVALS,
  type Endpoint,
  type EndpointApprovals,
} from './endpoints';
import { OpenAICompatibleProvider } from './openai';
import {
  listPrice,
  PRESETS,
  presetNamed,
  resolveProvider,
  UNSUPPORTED_PROVIDERS,
  type ResolvedProvider,
} from './presets';
import type { Provider } from './types';

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

export class ModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelError';
  }
}

/** `openai/gpt-4o-mini` → provider `openai`, model `gpt-4o-mini` (the model may contain slashes). */
export function parseModel(model: string): { provider: string; model: string } {
  const slash = model.indexOf('/');
  if (slash <= 0 || slash === model.length - 1)
    throw new ModelError(
      `model '${model}' must be written provider/model, for example openai/gpt-4o-mini`,
    );
  return { provider: model.slice(0, slash), model: model.slice(slash + 1) };
}

export interface KeySource {
  /** A key for a provider from the editor's SecretStorage (undefined in the CLI). */
  secret?(provider: string): Promise<string | undefined>;
  env: Record<string, string | undefined>;
}

/** Who approved which endpoints, and the repository file the providers came from (for messages). */
export interface EndpointPolicy {
  approvals?: EndpointApprovals;
  configFile?: string;
}

/**
 * Resolves `provider/model` strings to providers built from the presets (src/core/providers/presets.ts)
 * and the workspace config; a `providers:` entry of a preset's name overrides its fields.
 */
export class ProviderRegistry {
  private readonly configured = new Map<string, ProviderConfig>();
  private readonly instances = new Map<string, Promise<Provider>>();

  constructor(
    configs: ProviderConfig[] = [],
    private readonly keys: KeySource = { env: process.env },
    private readonly policy: EndpointPolicy = {},
  ) {
    for (const config of configs)
      this.configured.set(config.name, { ...this.configured.get(config.name), ...config });
  }

  names(): string[] {
    return [...new Set([...PRESETS.map((p) => p.name), ...this.configured.keys()])];
  }

  /** Every setting of a provider and where it came from (preset, environment, repository). */
  describe(name: string): ResolvedProvider {
    const resolved = resolveProvider(name, this.configured.get(name), this.keys.env);
    if (resolved) return resolved;
    const unsupported = UNSUPPORTED_PROVIDERS[name];
    if (unsupported) throw new ModelError(unsupported);
    throw new ModelError(
      `unknown provider '${name}': declare it under providers: in promptops.config.yaml (known: ${this.names().join(', ')})`,
    );
  }

  /** A provider's settings as a config entry: the repository's over the preset's (throws for unknown ones). */
  config(name: string): ProviderConfig {
    const described = this.describe(name);
    const configured = this.configured.get(name);
    const config: ProviderConfig = { name, ...configured };
    if (described.baseURL) config.baseURL = described.baseURL.value;
    if (!config.apiKeyEnv && described.apiKeyEnv.names[0])
      config.apiKeyEnv = described.apiKeyEnv.names[0];
    return config;
  }

  /** The repository's own entry for a provider, when promptops.config.yaml has one. */
  configuredEntry(name: string): ProviderConfig | undefined {
    return this.configured.get(name);
  }

  baseURL(name: string): string {
    return this.endpoint(name).baseURL;
  }

  /** The endpoint of a provider and who chose it; the user's environment beats the repository's file. */
  endpoint(name: string): Endpoint {
    const described = this.describe(name);
    const baseURL = described.baseURL?.value;
    if (!baseURL)
      throw new ModelError(`provider '${name}' has no baseURL in promptops.config.yaml`);
    const preset = presetNamed(name);
    const repository = this.configured.get(name);
    const origin = described.baseURL?.origin;
    const chosenByRepository = origin === 'repository' && repository?.baseURL !== preset?.baseURL;
    const keyEnvFromRepository =
      repository?.apiKeyEnv !== undefined &&
      !(preset?.apiKeyEnv ?? []).includes(repository.apiKeyEnv);
    const endpoint: Endpoint = {
      provider: name,
      baseURL,
      host: hostOf(baseURL),
      source:
        origin === 'environment' ? 'environment' : chosenByRepository ? 'repository' : 'built-in',
      keyEnvFromRepository,
    };
    const keyEnv = described.apiKeyEnv.set[0] ?? described.apiKeyEnv.names[0];
    if (keyEnv) endpoint.keyEnv = keyEnv;
    if ((chosenByRepository || keyEnvFromRepository) && this.policy.configFile)
      endpoint.file = this.policy.configFile;
    return endpoint;
  }

  /** Why this provider's key may not be sent to its endpoint (see endpoints.ts), or undefined. */
  async endpointProblem(name: string): Promise<string | undefined> {
    if (!(await this.apiKey(name))) return undefined; // nothing of the user's is sent
    return approvalProblem(this.endpoint(name), this.policy.approvals ?? NO_APPROVALS);
  }

  private async apiKey(name: string): Promise<string | undefined> {
    const fromEnv = this.describe(name).apiKeyEnv.set[0];
    return (await this.keys.secret?.(name)) ?? (fromEnv ? this.keys.env[fromEnv] : undefined);
  }

  provider(name: string): Promise<Provider> {
    let instance = this.instances.get(name);
    if (!instance) {
      instance = this.create(name);
      this.instances.set(name, instance);
      instance.catch(() => this.instances.delete(name));
    }
    return instance;
  }

  private async create(name: string): Promise<Provider> {
    const described = this.describe(name);
    const baseURL = this.baseURL(name);
    const apiKey = await this.apiKey(name);
    const problem = await this.endpointProblem(name);
    if (problem) throw new ModelError(problem);
    // From here the key is in use: nothing written may contain it (secrets/scrub.ts).
    registerSecret(apiKey);
    registerUrlCredentials(baseURL);
    if (!apiKey && this.needsKey(name, baseURL)) {
      throw new ModelError(
        `no API key for '${name}': set ${described.apiKeyEnv.names.join(' or ')}${this.keys.secret ? ' or run "PromptOps: Set API Key"' : ''}`,
      );
    }
    const options: ConstructorParameters<typeof OpenAICompatibleProvider>[1] = { baseURL };
    if (apiKey) options.apiKey = apiKey;
    const { headers, transport } = this.configured.get(name) ?? {};
    if (headers) options.headers = headers;
    if (transport) options.transport = transport;
    return new OpenAICompatibleProvider(name, options);
  }

  /** A hosted preset at its own endpoint answers 401 without a key: say so before sending. */
  private needsKey(name: string, baseURL: string): boolean {
    const preset = presetNamed(name);
    return !!preset && !preset.local && preset.apiKeyEnv.length > 0 && baseURL === preset.baseURL;
  }

  /** USD per million tokens: the config, the preset's table, free for local servers, then by model name. */
  price(provider: string, model: string): Price | undefined {
    return listPrice(provider, model, this.configured.get(provider)?.prices);
  }

  maxConcurrency(provider: string): number | undefined {
    return this.configured.get(provider)?.maxConcurrency;
  }

  /** What one batch may hold at this provider: the config's, else OpenAI's limits. */
  batchLimits(provider: string): BatchLimits {
    const configured = this.configured.get(provider)?.batch;
    return {
      maxRequests: configured?.maxRequests ?? BATCH_LIMITS.maxRequests,
      maxBytes: configured?.maxBytes ?? BATCH_LIMITS.maxBytes,
    };
  }
}
