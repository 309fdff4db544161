import type { AssertionHandler } from './types';
import { expectStringList } from './util';

function words(text: string): string[] {
  return text.toLowerCase().trim().split(/\s+/).filter(Boolean);
}

function ngramCounts(tokens: string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = tokens.slice(i, i + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/**
 * Sentence BLEU-4 (Papineni et al. 2002) as promptfoo computes it: lower-cased words, clipped
 * n-gram precisions for n = 1..4 taking the best reference, equal weights, a brevity penalty
 * against the reference closest in length, and a zero precision smoothed to 1e-7.
 */
export function bleuScore(candidate: string, references: string[]): number {
  const cand = words(candidate);
  if (cand.length === 0 || references.length === 0) return 0;
  const refs = references.map(words);
  const closest = refs
    .map((r) => r.length)
    .reduce((best, len) =>
      Math.abs(len - cand.length) < Math.abs(best - cand.length) ? len : best,
    );
  let logSum = 0;
  for (let n = 1; n <= 4; n++) {
    const candCounts = ngramCounts(cand, n);
    const total = Math.max(0, cand.length - n + 1);
    let best = 0;
    for (const ref of refs) {
      const refCounts = ngramCounts(ref, n);
      let clipped = 0;
      for (const [gram, count] of candCounts) clipped += Math.min(count, refCounts.get(gram) ?? 0);
      best = Math.max(best, clipped);
    }
    const precision = total > 0 ? best / total : 0;
    logSum += 0.25 * Math.log(precision === 0 ? 1e-7 : precision);
  }
  const brevity = cand.length > closest ? 1 : Math.exp(1 - closest / cand.length);
  return brevity * Math.exp(logSum);
}

/** BLEU of the output against the reference `value` (a text or a list of texts) is at least `threshold` (default 0.5). */
export const bleu: AssertionHandler = (spec, context) => {
  const references =
    typeof spec.value === 'string' ? [spec.value] : expectStringList(spec.value, 'bleu');
  const threshold = spec.threshold ?? 0.5;
  const score = bleuScore(context.output, references);
  const pass = score >= threshold;
  return {
    pass,
    score,
    reason: `BLEU ${score.toFixed(3)} ${pass ? '≥' : '<'} ${threshold}`,
    expected: references.length === 1 ? references[0] : references,
  };
};
