import { createHash } from 'node:crypto';

/** Text into HTML text or a quoted attribute: model output and file content are never markup. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A value as the body of a `<script type="application/json">` data block: `<`, `>` and `&` as
 * JSON escapes, so no text in it can close the block (`</script>`) or open a comment (`<!--`);
 * U+2028/U+2029 too, for parsers that take the block as script source.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The CSP source that lets exactly this inline script run (`'sha256-…'`). */
export function scriptHash(script: string): string {
  return `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`;
}

/** The longest text the page shows in one block; the rest is counted, not shown. */
export const SHOWN_CHARS = 20_000;

/** `text` cut at `max` characters, and how many were left out. */
export function clip(text: string, max = SHOWN_CHARS): { text: string; more: number } {
  return text.length <= max
    ? { text, more: 0 }
    : { text: text.slice(0, max), more: text.length - max };
}

/** How deep the page prints a JSON value; deeper levels show as `"…"` (no stack overflow). */
const JSON_DEPTH = 32;

function prune(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= JSON_DEPTH) return '…';
  if (Array.isArray(value)) return value.map((v) => prune(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prune(v, depth + 1)]));
}

/** A value as readable text: a string as it is, anything else as indented JSON, depth-limited. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(prune(value, 0), null, 2) ?? String(value);
}
