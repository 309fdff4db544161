import { sha256 } from '../hash';
import { parsePromptDocument, type PromptDocument } from './document';
import type { PartialSource } from './partials';
import { analyzeTemplate } from './template';

/**
 * The partials a prompt renders with, by name, and those they use in turn: each one's text, or
 * null when there is no such partial. What a run used besides the prompt file itself, so a changed
 * partial makes results stale and a label can keep the exact texts.
 */
export async function usedPartials(
  document: PromptDocument,
  partials: PartialSource,
): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  const pending = analyzeTemplate(document).partials.map((p) => p.name);
  while (pending.length) {
    const name = pending.shift() as string;
    if (found.has(name)) continue;
    const text = (await partials(name)) ?? null;
    found.set(name, text);
    if (text !== null)
      pending.push(...analyzeTemplate(parsePromptDocument(text)).partials.map((p) => p.name));
  }
  return found;
}

/** sha256 of each used partial's text (null when missing), keys sorted: as result artifacts record them. */
export async function partialHashes(
  document: PromptDocument,
  partials: PartialSource,
): Promise<Record<string, string | null>> {
  const used = await usedPartials(document, partials);
  return Object.fromEntries(
    [...used]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, text]) => [name, text === null ? null : sha256(text)]),
  );
}

/** The names whose hashes differ between two records (either side may lack a name). */
export function changedPartials(
  recorded: Record<string, string | null> | undefined,
  current: Record<string, string | null>,
): string[] {
  const before = recorded ?? {};
  return [...new Set([...Object.keys(before), ...Object.keys(current)])]
    .filter((name) => before[name] !== current[name])
    .sort();
}
