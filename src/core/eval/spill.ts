import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonLines } from '../fs/atomic';

const FLUSH_AT = 256 * 1024;

/** A spill file, or undefined when none can be made (no writable temp folder): the cases then stay in memory. */
export function openSpill(count: number, dir?: string): CaseSpill | undefined {
  try {
    return new CaseSpill(count, dir);
  } catch {
    return undefined;
  }
}

/**
 * Finished cases of a run, kept on disk instead of in memory until the artifact is written: each
 * case as a line of compact JSON in a temporary file, in the order cases finish, with its place
 * by case index. A 10,000-case run then holds the cases in flight, not all of them.
 */
export class CaseSpill {
  private readonly file: string;
  private readonly fd: number;
  private readonly offsets: Float64Array;
  private readonly lengths: Uint32Array;
  private written = 0;
  private pending = '';
  private pendingBytes = 0;

  constructor(
    readonly count: number,
    dir = os.tmpdir(),
  ) {
    this.file = path.join(
      dir,
      `promptops-cases-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}.jsonl`,
    );
    this.fd = fs.openSync(this.file, 'w+', 0o600);
    // Where the system allows it (not Windows), the name goes at once and the open descriptor keeps
    // the data: a killed process then leaves nothing behind. Elsewhere dispose() removes it.
    try {
      fs.unlinkSync(this.file);
    } catch {
      // removed in dispose()
    }
    this.offsets = new Float64Array(count).fill(-1);
    this.lengths = new Uint32Array(count);
  }

  put(index: number, value: unknown): void {
    const text = JSON.stringify(value);
    const bytes = Buffer.byteLength(text);
    this.offsets[index] = this.written + this.pendingBytes;
    this.lengths[index] = bytes;
    this.pending += text + '\n';
    this.pendingBytes += bytes + 1;
    if (this.pendingBytes >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (!this.pendingBytes) return;
    fs.writeSync(this.fd, this.pending, this.written);
    this.written += this.pendingBytes;
    this.pending = '';
    this.pendingBytes = 0;
  }

  /** The cases in index order, read back one at a time (every index must have been put). */
  lines(): JsonLines {
    this.flush();
    let buffer = Buffer.alloc(64 * 1024);
    return new JsonLines(this.count, (index) => {
      const offset = this.offsets[index] ?? -1;
      if (offset < 0) throw new Error(`case ${index} was never stored`);
      const length = this.lengths[index] ?? 0;
      if (buffer.length < length) buffer = Buffer.alloc(length);
      let read = 0;
      while (read < length) {
        const n = fs.readSync(this.fd, buffer, read, length - read, offset + read);
        if (n === 0) throw new Error('the spill file ended early');
        read += n;
      }
      return buffer.toString('utf8', 0, length);
    });
  }

  dispose(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
    fs.rmSync(this.file, { force: true });
  }
}
