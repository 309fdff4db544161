/** ln C(n, k), exact enough for the sizes of eval suites. */
function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log(n - k + i) - Math.log(i);
  return sum;
}

/**
 * Exact two-sided McNemar test on the discordant pairs: `b` cases passed in A and failed in B,
 * `c` failed in A and passed in B. Under "the change makes no difference" each flip is a fair
 * coin: p = min(1, 2 · P(X ≤ min(b, c))) with X ~ Binomial(b + c, ½).
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}
