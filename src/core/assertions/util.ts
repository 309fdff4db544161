import { isDeepStrictEqual } from 'node:util';

export function expectString(value: unknown, type: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${type} needs a string value`);
}

export function expectNumber(value: unknown, type: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new Error(`${type} needs a number value`);
}

export function quote(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max)}…` : flat);
}

/** JSON values compared structurally (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(normalise(a), normalise(b));
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v)]),
    );
  return value;
}

/**
 * A list value: a YAML list of texts, or (as promptfoo reads a string) comma-separated texts.
 * Empty entries are dropped; an empty list is a mistake in the fixture.
 */
export function expectStringList(value: unknown, type: string): string[] {
  const items = Array.isArray(value)
    ? value.map((v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined))
    : typeof value === 'string'
      ? value.split(',').map((v) => v.trim())
      : undefined;
  if (!items || items.some((v) => v === undefined))
    throw new Error(`${type} needs a list of strings as its value`);
  const list = (items as string[]).filter((v) => v !== '');
  if (list.length === 0) throw new Error(`${type} needs at least one string in its value`);
  return list;
}
