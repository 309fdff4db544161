import type { AssertionHandler } from './types';
import { expectString } from './util';

/** Cosine similarity of the embeddings of the output and `value` is at least `threshold` (default 0.8). */
export const similar: AssertionHandler = async (spec, context) => {
  const expected = expectString(spec.value, 'similar');
  if (!context.similarity)
    return {
      pass: false,
      reason: 'no embedding model: set eval.embeddingModel in promptops.config.yaml',
    };
  const similarity = await context.similarity(context.output, expected);
  const threshold = spec.threshold ?? 0.8;
  const pass = similarity >= threshold;
  return {
    pass,
    score: Math.max(0, Math.min(1, similarity)),
    reason: `similarity ${similarity.toFixed(3)} ${pass ? '≥' : '<'} ${threshold}`,
    expected,
  };
};

export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
