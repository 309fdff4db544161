import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeJsonAtomic } from '../fs/atomic';

/** One batch of a run: a run with more requests than one batch may hold has several. */
export interface BatchPart {
  batchId: string;
  inputFileId: string;
  /** sha256 of the JSONL sent: a re-run resumes only the batch of exactly these requests. */
  requestsSha256: string;
  /** custom_id of each line, in order. */
  customIds: string[];
}

/** What a batch run stores before it polls, so a re-run of the same command resumes it. */
export interface BatchManifest {
  prompt: string;
  model: string;
  /** Every batch the run created so far, in the order of its requests. */
  parts: BatchPart[];
  createdAt: string;
}

/** A manifest written before runs were split into parts held one batch at its top level. */
type StoredManifest = Partial<BatchManifest> & Partial<BatchPart>;

function normalise(stored: StoredManifest): BatchManifest | undefined {
  if (typeof stored.prompt !== 'string' || typeof stored.model !== 'string') return undefined;
  const parts = Array.isArray(stored.parts)
    ? stored.parts
    : stored.batchId && stored.inputFileId && stored.requestsSha256 && stored.customIds
      ? [
          {
            batchId: stored.batchId,
            inputFileId: stored.inputFileId,
            requestsSha256: stored.requestsSha256,
            customIds: stored.customIds,
          },
        ]
      : [];
  return { prompt: stored.prompt, model: stored.model, parts, createdAt: stored.createdAt ?? '' };
}

export function batchesDir(root: string): string {
  return path.join(root, '.promptops', 'batches');
}

/** `.promptops/batches/<prompt path without .prompt>.json`, mirroring folders. */
export function manifestPathFor(root: string, prompt: string): string {
  return path.join(batchesDir(root), prompt.replace(/\.prompt$/, '') + '.json');
}

export function readManifest(file: string): BatchManifest | undefined {
  try {
    return normalise(JSON.parse(fs.readFileSync(file, 'utf8')) as StoredManifest);
  } catch {
    return undefined;
  }
}

export function writeManifest(file: string, manifest: BatchManifest): void {
  writeJsonAtomic(file, { ...manifest }, 2);
}

export function removeManifest(file: string): void {
  fs.rmSync(file, { force: true });
}

/** Every stored manifest under root (for --batch-status and --batch-cancel). */
export function listManifests(root: string): { file: string; manifest: BatchManifest }[] {
  const dir = batchesDir(root);
  if (!fs.existsSync(dir)) return [];
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, f));
  return files.flatMap((file) => {
    const manifest = readManifest(file);
    return manifest ? [{ file, manifest }] : [];
  });
}
