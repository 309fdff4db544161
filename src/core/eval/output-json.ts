/** The output as JSON: raw, or inside a ```json fence, which models often add. */
export function parseOutputJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; error: string } {
  // Most answers are prose: skip JSON.parse (and its exception) unless the text could be JSON.
  if (!/^\s*(?:[[{"\d-]|true\b|false\b|null\b)/.test(text) && !text.includes('```'))
    return { ok: false, error: 'not JSON' };
  const candidates = [text.trim()];
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n?```/.exec(text);
  if (fenced?.[1]) candidates.push(fenced[1].trim());
  let error = 'empty output';
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch (e) {
      error = (e as Error).message;
    }
  }
  return { ok: false, error };
}
