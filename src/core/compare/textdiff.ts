import { diffWordsWithSpace } from 'diff';
import { jsonEqual } from '../assertions/util';

export interface DiffSegment {
  text: string;
  kind: 'same' | 'added' | 'removed';
}

/** Word-level differences from `a` to `b` (the `diff` library). */
export function wordDiff(a: string, b: string): DiffSegment[] {
  return diffWordsWithSpace(a, b).map((part) => ({ text: part.value, kind: part.added ? 'added' : part.removed ? 'removed' : 'same' }));
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
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((key) => {
      const child = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
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
