/**
 * List prices in USD per million tokens for common models, as published when this table was
 * written. Override or extend per provider with `prices:` in promptops.config.yaml.
 */
export const BUILT_IN_PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  o3: { input: 2, output: 8 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
};

export type Price = { input: number; output: number; batch?: { input: number; output: number } };

export function costUsd(
  price: { input: number; output: number } | undefined,
  inputTokens: number,
  outputTokens: number,
): number | undefined {
  if (!price) return undefined;
  return (inputTokens * price.input + outputTokens * price.output) / 1_000_000;
}

/** The price of a request sent through the provider's Batch API: the table's `batch`, else half. */
export function batchPrice(
  price: { input: number; output: number; batch?: { input: number; output: number } } | undefined,
): { input: number; output: number } | undefined {
  if (!price) return undefined;
  return price.batch ?? { input: price.input / 2, output: price.output / 2 };
}
