import * as path from 'node:path';

/** Whether `file` is `dir` itself or somewhere under it. */
export function isInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
