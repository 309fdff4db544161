/**
 * Long work on the event loop's thread in slices: `step()` after each piece of work yields to the
 * loop (timers, I/O, the extension host's messages) once the slice has run for `sliceMs`, so a
 * 10,000-case file or artifact never holds the loop for more than about that.
 */
export class Slicer {
  private started = performance.now();
  constructor(private readonly sliceMs: number) {}

  async step(): Promise<void> {
    if (performance.now() - this.started < this.sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}

/** How long a slice of work runs before it yields, in ms (well under the 50 ms a stall is felt). */
export const SLICE_MS = 8;

/**
 * Work written once as a generator that yields between pieces: `runAll` runs it straight through
 * (for callers that need the answer now), `runSliced` yields to the event loop between slices.
 */
export type Steps<T> = Generator<void, T, void>;

export function runAll<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

export async function runSliced<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  return (await runWhile(steps, () => true, sliceMs)) as T;
}

/**
 * runSliced for work that a newer request can make stale: stops at the first slice after
 * `current()` turns false, with undefined, instead of running to the end for nothing.
 */
export async function runWhile<T>(
  steps: Steps<T>,
  current: () => boolean,
  sliceMs = SLICE_MS,
): Promise<T | undefined> {
  const slicer = new Slicer(sliceMs);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await slicer.step();
    if (!current()) {
      steps.return(undefined as T);
      return undefined;
    }
  }
}

/** How many lines a line-by-line reader handles between its yields (a yield costs more than a line). */
export const LINES_PER_STEP = 256;
