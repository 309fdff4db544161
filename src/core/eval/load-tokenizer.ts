import * as path from 'node:path';
import { approximateTokens, inPieces, type TokenCounter } from './estimate';

export interface ReleasableCounter extends TokenCounter {
  /** Lets the tokenizer's tables (~70 MB) be collected once estimating is done. */
  release(): void;
}

/**
 * The real tokenizer from `dist/tokenizer.js` beside the running bundle, loaded on first use;
 * a 4-characters-a-token approximation when it is not there (unbundled tests, a broken install).
 */
export function bundledTokenCounter(bundleDir: string): ReleasableCounter {
  const file = path.join(bundleDir, 'tokenizer.js');
  let counter: TokenCounter | undefined;
  const count = ((text: string) => {
    if (!counter) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        counter = inPieces((require(file) as { countTokens: TokenCounter }).countTokens);
      } catch {
        counter = approximateTokens;
      }
    }
    return counter(text);
  }) as ReleasableCounter;
  count.release = () => {
    counter = undefined;
    delete require.cache[file]; // only there when it was loaded
  };
  return count;
}
