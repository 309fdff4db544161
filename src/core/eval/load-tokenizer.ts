import * as path from 'node:path';
import { approximateTokens, type TokenCounter } from './estimate';

/**
 * The real tokenizer from `dist/tokenizer.js` beside the running bundle, loaded on first use;
 * a 4-characters-a-token approximation when it is not there (unbundled tests, a broken install).
 */
export function bundledTokenCounter(bundleDir: string): TokenCounter {
  let counter: TokenCounter | undefined;
  return (text) => {
    if (!counter) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        counter = (require(path.join(bundleDir, 'tokenizer.js')) as { countTokens: TokenCounter }).countTokens;
      } catch {
        counter = approximateTokens;
      }
    }
    return counter(text);
  };
}
