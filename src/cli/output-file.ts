import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../core/fs/atomic';
import { UsageError } from './errors';

function reason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

/**
 * Checks that a report can be written to `file` (given as `flag`), before any work or request:
 * not a folder, and its folder exists or can be made and takes a file. A usage error otherwise.
 */
export function checkOutputFile(flag: string, file: string): void {
  const resolved = path.resolve(file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(resolved);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) throw new UsageError(`${flag} ${file} is a folder: give a file name`);
  const dir = path.dirname(resolved);
  const probe = path.join(dir, `.promptops-probe-${process.pid}.tmp`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(probe, '');
    fs.rmSync(probe, { force: true });
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot write there (${reason(error)})`);
  }
}

/** writeFileAtomic, with a failure as one line (exit 2) naming the flag. */
export function writeOutputFile(flag: string, file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    throw new UsageError(`${flag} ${file}: cannot write it (${reason(error)})`);
  }
}
