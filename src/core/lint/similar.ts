import { closest, distance } from 'fastest-levenshtein';

/** The candidate closest to `name` when it is close enough to be a likely typo. */
export function didYouMean(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(name, candidates as string[]);
  // Short names allow one edit, longer ones two (a transposition, `modle` → `model`), long ones three.
  const limit = name.length <= 3 ? 1 : name.length <= 8 ? 2 : 3;
  return distance(name.toLowerCase(), best.toLowerCase()) <= limit ? best : undefined;
}
