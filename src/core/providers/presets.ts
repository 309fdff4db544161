import type { ProviderConfig } from '../config';
import { BUILT_IN_PRICES, type Price } from './prices';

export type { Price };

/**
 * A built-in OpenAI-compatible endpoint. Presets are data, not code: the registry, the
 * `providers` command and endpoint approval all read this one table. A preset is never
 * "chosen by the repository": only a `providers:` entry in promptops.config.yaml is.
 */
export interface ProviderPreset {
  name: string;
  /** What it is, for `promptops providers`. */
  label: string;
  baseURL: string;
  /** Environment variables read for the key, first set wins (Genkit's names where it has them). */
  apiKeyEnv: string[];
  /** An environment variable that replaces the base URL (the OpenAI SDK's own). */
  baseURLEnv?: string;
  /** A server on this machine: no key needed, no cost. */
  local: boolean;
  /** USD per million tokens for its common models, as published when this table was written. */
  prices: Record<string, Price>;
}

function local(name: string, label: string, baseURL: string): ProviderPreset {
  return { name, label, baseURL, apiKeyEnv: [], local: true, prices: {} };
}

export const PRESETS: readonly ProviderPreset[] = [
  {
    name: 'openai',
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    apiKeyEnv: ['OPENAI_API_KEY'],
    baseURLEnv: 'OPENAI_BASE_URL',
    local: false,
    prices: BUILT_IN_PRICES,
  },
  {
    name: 'googleai',
    label: 'Gemini API (Google AI Studio), OpenAI-compatible endpoint',
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai/',
    apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_GENAI_API_KEY'],
    local: false,
    prices: {
      'gemini-2.5-pro': { input: 1.25, output: 10 },
      'gemini-2.5-flash': { input: 0.3, output: 2.5 },
      'gemini-2.5-flash-lite': { input: 0.1, output: 0.4 },
      'gemini-2.0-flash': { input: 0.1, output: 0.4 },
      'gemini-2.0-flash-lite': { input: 0.075, output: 0.3 },
    },
  },
  {
    name: 'anthropic',
    label: 'Anthropic, OpenAI SDK compatibility endpoint',
    baseURL: 'https://api.anthropic.com/v1/',
    apiKeyEnv: ['ANTHROPIC_API_KEY'],
    local: false,
    prices: {
      'claude-opus-4-1': { input: 15, output: 75 },
      'claude-opus-4-0': { input: 15, output: 75 },
      'claude-sonnet-4-5': { input: 3, output: 15 },
      'claude-sonnet-4-0': { input: 3, output: 15 },
      'claude-3-7-sonnet-latest': { input: 3, output: 15 },
      'claude-haiku-4-5': { input: 1, output: 5 },
      'claude-3-5-haiku-latest': { input: 0.8, output: 4 },
    },
  },
  {
    name: 'mistral',
    label: 'Mistral AI',
    baseURL: 'https://api.mistral.ai/v1',
    apiKeyEnv: ['MISTRAL_API_KEY'],
    local: false,
    prices: {
      'mistral-large-latest': { input: 2, output: 6 },
      'mistral-medium-latest': { input: 0.4, output: 2 },
      'mistral-small-latest': { input: 0.1, output: 0.3 },
      'codestral-latest': { input: 0.3, output: 0.9 },
    },
  },
  {
    name: 'groq',
    label: 'Groq',
    baseURL: 'https://api.groq.com/openai/v1',
    apiKeyEnv: ['GROQ_API_KEY'],
    local: false,
    prices: {
      'llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
      'llama-3.1-8b-instant': { input: 0.05, output: 0.08 },
      'openai/gpt-oss-120b': { input: 0.15, output: 0.75 },
      'openai/gpt-oss-20b': { input: 0.1, output: 0.5 },
    },
  },
  {
    name: 'deepseek',
    label: 'DeepSeek',
    baseURL: 'https://api.deepseek.com/v1',
    apiKeyEnv: ['DEEPSEEK_API_KEY'],
    local: false,
    prices: {
      'deepseek-chat': { input: 0.27, output: 1.1 },
      'deepseek-reasoner': { input: 0.55, output: 2.19 },
    },
  },
  {
    name: 'openrouter',
    label: 'OpenRouter (model names are vendor/model)',
    baseURL: 'https://openrouter.ai/api/v1',
    apiKeyEnv: ['OPENROUTER_API_KEY'],
    local: false,
    prices: {},
  },
  {
    name: 'together',
    label: 'Together AI',
    baseURL: 'https://api.together.xyz/v1',
    apiKeyEnv: ['TOGETHER_API_KEY'],
    local: false,
    prices: {
      'meta-llama/Llama-3.3-70B-Instruct-Turbo': { input: 0.88, output: 0.88 },
      'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo': { input: 0.18, output: 0.18 },
    },
  },
  {
    name: 'xai',
    label: 'xAI',
    baseURL: 'https://api.x.ai/v1',
    apiKeyEnv: ['XAI_API_KEY'],
    local: false,
    prices: {
      'grok-4': { input: 3, output: 15 },
      'grok-3': { input: 3, output: 15 },
      'grok-3-mini': { input: 0.3, output: 0.5 },
    },
  },
  local('ollama', 'Ollama on this machine', 'http://127.0.0.1:11434/v1'),
  local('lmstudio', 'LM Studio server on this machine', 'http://127.0.0.1:1234/v1'),
  local('llamacpp', 'llama.cpp server on this machine', 'http://127.0.0.1:8080/v1'),
  local('vllm', 'vLLM server on this machine', 'http://127.0.0.1:8000/v1'),
];

/** Provider prefixes Genkit uses that need credentials this tool does not handle. */
export const UNSUPPORTED_PROVIDERS: Record<string, string> = {
  vertexai:
    "'vertexai/…' models need Google Cloud credentials (Application Default Credentials), which PromptOps does not handle: use 'googleai/<model>' with GEMINI_API_KEY, or declare an OpenAI-compatible endpoint named vertexai under providers: in promptops.config.yaml",
};

export function presetNamed(name: string): ProviderPreset | undefined {
  return PRESETS.find((p) => p.name === name);
}

/** Where a setting of a provider came from: endpoint approval (issue 15) keys off 'repository'. */
export type SettingOrigin = 'preset' | 'environment' | 'repository';

/** A provider with every setting resolved and where each came from; never holds a key's value. */
export interface ResolvedProvider {
  name: string;
  label?: string;
  local: boolean;
  baseURL?: { value: string; origin: SettingOrigin };
  /** The variables read for the key, in order, each with whether it is set. */
  apiKeyEnv: { names: string[]; origin: SettingOrigin; set: string[] };
  headers?: { names: string[]; origin: SettingOrigin };
  prices: { models: string[]; origin: SettingOrigin }[];
  maxConcurrency?: number;
}

export function resolveProvider(
  name: string,
  configured: ProviderConfig | undefined,
  env: Record<string, string | undefined>,
): ResolvedProvider | undefined {
  const preset = presetNamed(name);
  if (!preset && !configured) return undefined;
  const keyNames = configured?.apiKeyEnv ? [configured.apiKeyEnv] : (preset?.apiKeyEnv ?? []);
  const resolved: ResolvedProvider = {
    name,
    local: configured?.baseURL ? isLoopback(configured.baseURL) : (preset?.local ?? false),
    apiKeyEnv: {
      names: keyNames,
      origin: configured?.apiKeyEnv ? 'repository' : 'preset',
      set: keyNames.filter((n) => !!env[n]),
    },
    prices: [],
  };
  if (preset) resolved.label = preset.label;
  const envURL = preset?.baseURLEnv ? env[preset.baseURLEnv] : undefined;
  // The user's environment beats the repository's file (a repository must not redirect the key).
  if (envURL) resolved.baseURL = { value: envURL, origin: 'environment' };
  else if (configured?.baseURL)
    resolved.baseURL = { value: configured.baseURL, origin: 'repository' };
  else if (preset) resolved.baseURL = { value: preset.baseURL, origin: 'preset' };
  if (configured?.headers)
    resolved.headers = { names: Object.keys(configured.headers), origin: 'repository' };
  if (configured?.prices)
    resolved.prices.push({ models: Object.keys(configured.prices), origin: 'repository' });
  if (preset && Object.keys(preset.prices).length)
    resolved.prices.push({ models: Object.keys(preset.prices), origin: 'preset' });
  if (configured?.maxConcurrency) resolved.maxConcurrency = configured.maxConcurrency;
  return resolved;
}

function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  } catch {
    return false;
  }
}

/**
 * USD per million tokens for a provider's model: `prices:` of that provider in
 * promptops.config.yaml, else the preset's table, else free for a local server, else the
 * built-in table by model name. Evals and production telemetry price tokens with this one lookup.
 */
export function listPrice(
  provider: string,
  model: string,
  configured?: Record<string, Price>,
): Price | undefined {
  const own = configured?.[model];
  if (own) return own;
  const preset = presetNamed(provider);
  const listed = preset?.prices[model];
  if (listed) return listed;
  if (preset?.local) return { input: 0, output: 0 };
  return BUILT_IN_PRICES[model];
}
