import { createHash } from 'node:crypto';

/** Hex sha256 of a text or bytes: what artifacts, the registry and caches use to name content. */
export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
