import { diffWordsWithSpace } from 'diff';
import { jsonEqual } from '../assertions/util';

export interface DiffSegment {
  text: string;
  kind: 'same' | 'added' | 'removed';
}

/** Above this many characters (both sides), a word diff would stall the view: prefix and suffix only. */
const WORD_DIFF_LIMIT = 100_000;

/** Word-level differences from `a` to `b` (the `diff` library); for huge outputs, what changed between a common prefix and suffix. */
export function wordDiff(a: string, b: string): DiffSegment[] {
  if (a.length + b.length > WORD_DIFF_LIMIT) {
    let prefix = 0;
    while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
    let suffix = 0;
    while (
      suffix < a.length - prefix &&
      suffix < b.length - prefix &&
      a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
    )
      suffix++;
    const segments: DiffSegment[] = [
      { text: a.slice(0, prefix), kind: 'same' },
      { text: a.slice(prefix, a.length - suffix), kind: 'removed' },
      { text: b.slice(prefix, b.length - suffix), kind: 'added' },
      { text: a.slice(a.length - suffix), kind: 'same' },
    ];
    return segments.filter((s) => s.text.length > 0);
  }
  return diffWordsWithSpace(a, b).map((part) => ({
    text: part.value,
    kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
  }));
}

export interface JsonChange {
  /** `$.category`, `$.tags[2]` */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  a?: unknown;
  b?: unknown;
}

/** Structural differences between two JSON values (key order does not matter). */
export function jsonDiff(a: unknown, b: unknown, path = '$'): JsonChange[] {
  if (jsonEqual(a, b)) return [];
  const isObject = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => {
      const child = /^[A-Za-z_$][\w$]*$/.test(key)
        ? `${path}.${key}`
        : `${path}[${JSON.stringify(key)}]`;
      if (!(key in a)) return [{ path: child, kind: 'added' as const, b: b[key] }];
      if (!(key in b)) return [{ path: child, kind: 'removed' as const, a: a[key] }];
      return jsonDiff(a[key], b[key], child);
    });
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const changes: JsonChange[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const child = `${path}[${i}]`;
      if (i >= a.length) changes.push({ path: child, kind: 'added', b: b[i] });
      else if (i >= b.length) changes.push({ path: child, kind: 'removed', a: a[i] });
      else changes.push(...jsonDiff(a[i], b[i], child));
    }
    return changes;
  }
  return [{ path, kind: 'changed', a, b }];
}
