import * as fs from 'node:fs';
import { UsageError } from './errors';

/** Reads a user's text file, turning every way it can fail into a one-line UsageError. */
export function readUserFile(file: string, what = 'file'): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`${what} not found: ${file}`);
  }
  if (stat.isDirectory()) throw new UsageError(`${what} is a directory, not a file: ${file}`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}

/** `file:line:col` with 1-based numbers, as editors and terminals link them. */
export function location(file: string, position?: { line: number; character: number }): string {
  return position ? `${file}:${position.line + 1}:${position.character + 1}` : file;
}
