import * as path from 'node:path';
import type { Position } from '../../src/core/types';

/** Splits `text` at its `‸` marker: the text without it, and the marker's position. */
export const CURSOR = '‸';

export function withCursor(marked: string): { text: string; position: Position } {
  const offset = marked.indexOf(CURSOR);
  if (offset < 0) throw new Error('no ‸ cursor marker');
  const text = marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { text, position: { line, character: offset - (before.lastIndexOf('\n') + 1) } };
}

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const EXAMPLES = path.join(REPO, 'examples');
