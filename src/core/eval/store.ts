import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import { sha256 } from '../hash';
import type { ChatResponse } from '../providers/types';

export interface StoredResponse {
  response: ChatResponse;
  latencyMs: number;
  createdAt: string;
  /** Where a recording came from, when it was not a live model (e.g. hand-written samples). */
  note?: string;
}

/**
 * The content address of a request: everything that decides the answer, nothing secret. The
 * endpoint URL is left out: `provider/model` names the model, and recordings made through a
 * proxy or a local OPENAI_BASE_URL must replay anywhere.
 */
export function requestKey(parts: {
  provider: string;
  model: string;
  messages: unknown;
  config: unknown;
  output: unknown;
  tools?: unknown;
  toolChoice?: unknown;
}): string {
  return sha256(JSON.stringify(parts));
}

/**
 * Responses on disk by request key: `.promptops/cache` (ignored by git, on by default) and
 * `.promptops/recordings` (committed, for offline `--replay`). Errors are never stored.
 */
export class ResponseStore {
  constructor(readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  get(key: string): StoredResponse | undefined {
    try {
      const value = JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as StoredResponse;
      return typeof value?.response?.text === 'string' ? value : undefined;
    } catch {
      return undefined; // missing or unreadable: a miss, never a failure
    }
  }

  put(key: string, value: StoredResponse): void {
    writeFileAtomic(this.file(key), JSON.stringify(value, null, 2) + '\n');
  }
}
