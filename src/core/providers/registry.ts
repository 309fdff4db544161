import type { ProviderConfig } from '../config';
import { OpenAICompatibleProvider } from './openai';
import { BUILT_IN_PRICES } from './prices';
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

/** Resolves `provider/model` strings to providers built from presets and the workspace config. */
export class ProviderRegistry {
  private readonly configs = new Map<string, ProviderConfig>();
  private readonly instances = new Map<string, Promise<Provider>>();

  constructor(
    configs: ProviderConfig[] = [],
    private readonly keys: KeySource = { env: process.env },
  ) {
    for (const preset of PRESETS) this.configs.set(preset.name, preset);
    for (const config of configs)
      this.configs.set(config.name, { ...this.configs.get(config.name), ...config });
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
    const config = this.config(name);
    if (config.baseURL) return config.baseURL;
    if (name === 'openai') return this.keys.env.OPENAI_BASE_URL || DEFAULT_OPENAI_BASE_URL;
    throw new ModelError(`provider '${name}' has no baseURL in promptops.config.yaml`);
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
    const apiKey =
      (await this.keys.secret?.(name)) ??
      (config.apiKeyEnv ? this.keys.env[config.apiKeyEnv] : undefined);
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
  price(
    provider: string,
    model: string,
  ): { input: number; output: number; batch?: { input: number; output: number } } | undefined {
    const configured = this.configs.get(provider)?.prices?.[model];
    if (configured) return configured;
    if (provider === 'ollama') return { input: 0, output: 0 };
    return BUILT_IN_PRICES[model];
  }

  maxConcurrency(provider: string): number | undefined {
    return this.configs.get(provider)?.maxConcurrency;
  }
}
