import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Writes a file through a temp file in the same folder and a rename, so that a reader (or a
 * process killed mid-write) never sees half a file: the old content stays until the new is whole.
 */
export function writeFileAtomic(file: string, content: string): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
