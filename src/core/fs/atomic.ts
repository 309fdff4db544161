import * as fs from 'node:fs';
import * as path from 'node:path';
import { promises as fsp } from 'node:fs';
import { Slicer, SLICE_MS } from '../slicer';

/**
 * Makes `file` through a temp file in the same folder and a rename, so that a reader (or a
 * process killed mid-write) never sees half a file: the old content stays until the new is whole.
 */
function throughTemp(file: string, write: (temp: string) => void): void {
  const dir = path.dirname(path.resolve(file));
  fs.mkdirSync(dir, { recursive: true });
  const temp = tempFor(dir, file);
  try {
    write(temp);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

let temps = 0;
/** A temp name of its own even for two writes of one file in the same millisecond (async writes overlap). */
function tempFor(dir: string, file: string): string {
  const unique = `${Date.now().toString(36)}${(temps++).toString(36)}`;
  return path.join(dir, `.${path.basename(file)}.${process.pid}.${unique}.tmp`);
}

export function writeFileAtomic(file: string, content: string): void {
  throughTemp(file, (temp) => fs.writeFileSync(temp, content));
}

export function copyFileAtomic(from: string, to: string): void {
  throughTemp(to, (temp) => fs.copyFileSync(from, temp));
}

const FLUSH_AT = 1 << 20;

/** Array elements already serialized (compact JSON, one per index), for writeJsonAtomic. */
export class JsonLines {
  constructor(
    readonly count: number,
    readonly line: (index: number) => string,
  ) {}
}

function skipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * Writes `value` as JSON atomically (as writeFileAtomic), a top-level member at a time and an
 * element at a time for top-level arrays, so that a result artifact of 10,000 cases (~25 MB) is
 * never one string (and one Buffer) in memory. With `indent`, members are indented as
 * `JSON.stringify(value, null, indent)` would, but each element of a top-level array is compact on
 * its own line: a case per line, which keeps the file small and its git diffs case by case.
 * Without `indent` the text is exactly `JSON.stringify(value)`. Either way a newline ends it.
 */
export function writeJsonAtomic(file: string, value: Record<string, unknown>, indent = 0): void {
  throughTemp(file, (temp) => {
    const fd = fs.openSync(temp, 'w');
    try {
      let pending = '';
      for (const piece of jsonPieces(value, indent)) {
        pending += piece;
        if (pending.length >= FLUSH_AT) {
          fs.writeSync(fd, pending);
          pending = '';
        }
      }
      fs.writeSync(fd, pending);
    } finally {
      fs.closeSync(fd);
    }
  });
}

/**
 * writeJsonAtomic without holding the event loop: the same bytes, written asynchronously, and
 * serialized in slices that yield to the loop (the extension host writes a 10,000-case artifact).
 */
export async function writeJsonAtomicAsync(
  file: string,
  value: Record<string, unknown>,
  indent = 0,
): Promise<void> {
  await throughTempAsync(file, async (temp) => {
    const handle = await fsp.open(temp, 'w');
    try {
      const slicer = new Slicer(SLICE_MS);
      let pending = '';
      for (const piece of jsonPieces(value, indent)) {
        pending += piece;
        if (pending.length >= FLUSH_AT) {
          await handle.write(pending);
          pending = '';
        }
        await slicer.step();
      }
      await handle.write(pending);
    } finally {
      await handle.close();
    }
  });
}

async function throughTempAsync(file: string, write: (temp: string) => Promise<void>) {
  const dir = path.dirname(path.resolve(file));
  await fsp.mkdir(dir, { recursive: true });
  const temp = tempFor(dir, file);
  try {
    await write(temp);
    await fsp.rename(temp, file);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
}

/** The text of writeJsonAtomic, a member's head, an array element or a whole member at a time. */
function* jsonPieces(value: Record<string, unknown>, indent: number): Generator<string> {
  const pad = (depth: number) => (indent ? `\n${' '.repeat(indent * depth)}` : '');
  const colon = indent ? ': ' : ':';
  let first = true;
  yield '{';
  for (const [key, member] of Object.entries(value)) {
    if (skipped(member)) continue;
    yield `${first ? '' : ','}${pad(1)}${JSON.stringify(key)}${colon}`;
    first = false;
    const elements =
      member instanceof JsonLines
        ? member
        : Array.isArray(member)
          ? new JsonLines(member.length, (i) =>
              skipped(member[i]) ? 'null' : JSON.stringify(member[i]),
            )
          : undefined;
    if (elements && elements.count > 0) {
      yield '[';
      for (let i = 0; i < elements.count; i++) yield `${i ? ',' : ''}${pad(2)}${elements.line(i)}`;
      yield `${pad(1)}]`;
    } else {
      yield elements
        ? '[]'
        : indent
          ? JSON.stringify(member, null, indent).replace(/\n/g, pad(1))
          : JSON.stringify(member);
    }
  }
  yield `${first ? '' : pad(0)}}\n`;
}

/** The name throughTemp gives a temp file: `.<name>.<pid>.<time>.tmp`. */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-z]+\.tmp$/;
/** No write takes this long: a temp this old is stale even if its pid is alive (reused). */
const STALE_AFTER_MS = 60 * 60 * 1000;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files that killed writers left under `dir` (a process killed between write and
 * rename leaves its `.<name>.<pid>.<time>.tmp`, 10 MB for a large artifact): those whose process is
 * gone, or that are over an hour old. Returns how many went. Unreadable folders are skipped.
 */
export function removeStaleTemps(dir: string, now = Date.now()): number {
  let removed = 0;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      removed += removeStaleTemps(full, now);
      continue;
    }
    const match = TEMP_NAME.exec(entry.name);
    if (!match || !entry.isFile()) continue;
    try {
      if (!alive(Number(match[1])) || now - fs.statSync(full).mtimeMs > STALE_AFTER_MS) {
        fs.rmSync(full, { force: true });
        removed++;
      }
    } catch {
      // gone meanwhile
    }
  }
  return removed;
}
