import type { ProviderConfig } from '../config';
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
import { listPrice } from './prices';
import type { Provider } from './types';

export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Presets; a provider of the same name in promptops.config.yaml overrides its fields. */
export const PRESETS: ProviderConfig[] = [
  { name: 'openai', apiKeyEnv: 'OPENAI_API_KEY' },
  { name: 'ollama', baseURL: 'http://127.0.0.1:11434/v1' },
];

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

/** Resolves `provider/model` strings to providers built from presets and the workspace config. */
export class ProviderRegistry {
  private readonly configs = new Map<string, ProviderConfig>();
  private readonly instances = new Map<string, Promise<Provider>>();
  /** What the repository's config file set, by provider: its endpoints and key variables need approval. */
  private readonly fromRepository = new Map<string, ProviderConfig>();

  constructor(
    configs: ProviderConfig[] = [],
    private readonly keys: KeySource = { env: process.env },
    private readonly policy: EndpointPolicy = {},
  ) {
    for (const preset of PRESETS) this.configs.set(preset.name, preset);
    for (const config of configs) {
      this.configs.set(config.name, { ...this.configs.get(config.name), ...config });
      this.fromRepository.set(config.name, config);
    }
  }

  names(): string[] {
    return [...this.configs.keys()];
  }

  config(name: string): ProviderConfig {
    const config = this.configs.get(name);
    if (!config)
      throw new ModelError(
        `unknown provider '${name}': declare it under providers: in promptops.config.yaml (known: ${this.names().join(', ')})`,
      );
    return config;
  }

  baseURL(name: string): string {
    return this.endpoint(name).baseURL;
  }

  /** The endpoint of a provider and who chose it; the user's OPENAI_BASE_URL beats the repository's file. */
  endpoint(name: string): Endpoint {
    const config = this.config(name);
    const preset = PRESETS.find((p) => p.name === name);
    const repository = this.fromRepository.get(name);
    const fromEnv = name === 'openai' ? this.keys.env.OPENAI_BASE_URL : undefined;
    const baseURL = fromEnv || config.baseURL || (name === 'openai' ? DEFAULT_OPENAI_BASE_URL : '');
    if (!baseURL)
      throw new ModelError(`provider '${name}' has no baseURL in promptops.config.yaml`);
    const chosenByRepository =
      !fromEnv && repository?.baseURL !== undefined && repository.baseURL !== preset?.baseURL;
    const keyEnvFromRepository =
      repository?.apiKeyEnv !== undefined && repository.apiKeyEnv !== preset?.apiKeyEnv;
    const endpoint: Endpoint = {
      provider: name,
      baseURL,
      host: hostOf(baseURL),
      source: fromEnv ? 'environment' : chosenByRepository ? 'repository' : 'built-in',
      keyEnvFromRepository,
    };
    if (config.apiKeyEnv) endpoint.keyEnv = config.apiKeyEnv;
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
    const config = this.config(name);
    return (
      (await this.keys.secret?.(name)) ??
      (config.apiKeyEnv ? this.keys.env[config.apiKeyEnv] : undefined)
    );
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
    const config = this.config(name);
    const baseURL = this.baseURL(name);
    const apiKey = await this.apiKey(name);
    const problem = await this.endpointProblem(name);
    if (problem) throw new ModelError(problem);
    // From here the key is in use: nothing written may contain it (secrets/scrub.ts).
    registerSecret(apiKey);
    registerUrlCredentials(baseURL);
    if (config.apiKeyEnv && !apiKey && name === 'openai' && baseURL === DEFAULT_OPENAI_BASE_URL) {
      throw new ModelError(
        `no API key for '${name}': set ${config.apiKeyEnv}${this.keys.secret ? ' or run "PromptOps: Set API Key"' : ''}`,
      );
    }
    const options: ConstructorParameters<typeof OpenAICompatibleProvider>[1] = { baseURL };
    if (apiKey) options.apiKey = apiKey;
    if (config.headers) options.headers = config.headers;
    return new OpenAICompatibleProvider(name, options);
  }

  /** USD per million tokens for a model, from the config or the built-in table; Ollama is free. */
  price(provider: string, model: string): Price | undefined {
    return listPrice(provider, model, this.configs.get(provider)?.prices);
  }

  maxConcurrency(provider: string): number | undefined {
    return this.configs.get(provider)?.maxConcurrency;
  }
}
