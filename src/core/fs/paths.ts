import * as path from 'node:path';

/** Whether `file` is `dir` itself or somewhere under it. */
export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** `file` relative to `dir`, with forward slashes on every system (for artifacts and messages). */
export function posixRelative(dir: string, file: string): string {
  return path.relative(dir, file).split(path.sep).join('/');
}
