// The o200k_base tokenizer (GPT-4o and later). Bundled separately as dist/tokenizer.js
// (2.7 MB of BPE ranks), loaded only when a cost estimate is needed.
// A require: the package maps this path for require() only, which is what esbuild, Node and tsc agree on.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const tokenizer = require('gpt-tokenizer/encoding/o200k_base') as {
  countTokens(text: string): number;
};

export const countTokens = (text: string): number => tokenizer.countTokens(text);
