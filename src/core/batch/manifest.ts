import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeJsonAtomic } from '../fs/atomic';

/** What a batch run stores before it polls, so a re-run of the same command resumes it. */
export interface BatchManifest {
  prompt: string;
  model: string;
  batchId: string;
  inputFileId: string;
  /** sha256 of the JSONL sent: a re-run resumes only the batch of exactly these requests. */
  requestsSha256: string;
  /** custom_id of each line, in order. */
  customIds: string[];
  createdAt: string;
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
    return JSON.parse(fs.readFileSync(file, 'utf8')) as BatchManifest;
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
