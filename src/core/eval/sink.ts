import { scrubValue } from '../secrets/scrub';
import type { PrivacyPolicy } from '../privacy/request';
import type { CaseResult } from './artifact';
import { recordedInput } from './case-input';
import { erroredCase } from './case';
import type { Job } from './options';
import { openSpill, type CaseSpill } from './spill';
import type { CaseFigures } from './summary';

/**
 * Where finished cases go: scrubbed of secrets, with the input as the privacy policy records it;
 * kept in memory, or in a temporary file when the caller does not need them back (keepCases
 * false). Keeps the figures the summary is made from either way.
 */
export class CaseSink {
  readonly figures: CaseFigures[] = [];
  private readonly results: (CaseResult | undefined)[];
  private readonly spill: CaseSpill | undefined;
  private answered = 0;
  private fallbacks = 0;

  constructor(
    count: number,
    onDisk: boolean,
    private readonly privacy: PrivacyPolicy,
    private readonly onCase?: (result: CaseResult, index: number) => void,
  ) {
    this.spill = onDisk ? openSpill(count) : undefined;
    this.results = this.spill ? [] : new Array(count);
  }

  put(index: number, unscrubbed: CaseResult): void {
    const input = recordedInput(unscrubbed.input, this.privacy);
    const result = scrubValue({ ...unscrubbed, input });
    if (this.spill) this.spill.put(index, result);
    else this.results[index] = result;
    this.figures[index] = {
      status: result.status,
      latencyMs: result.latencyMs,
      tokens: result.tokens,
      costUsd: result.costUsd,
    };
    if (result.guard) {
      this.answered++;
      if (result.guard.action === 'fallback') this.fallbacks++;
    }
    this.onCase?.(result, index);
  }

  /** Every job that has no result (the run was cancelled) gets one that says so. */
  completeCancelled(jobs: Job[]): void {
    for (const job of jobs)
      if (!this.figures[job.index])
        this.put(job.index, { ...erroredCase(job, 'cancelled before it ran'), cancelled: true });
  }

  /** Share of guarded answers the guard replaced by its fallback. */
  fallbackRate(): number {
    return this.answered ? this.fallbacks / this.answered : 0;
  }

  /** The cases in memory; undefined when they are on disk. */
  inMemory(): CaseResult[] | undefined {
    return this.spill ? undefined : (this.results as CaseResult[]);
  }

  /** The cases on disk, as JSON lines, for writing the artifact without holding them. */
  lines(): ReturnType<CaseSpill['lines']> | undefined {
    return this.spill?.lines();
  }

  /** Every case, read back from disk when it is there. */
  all(): CaseResult[] {
    if (!this.spill) return this.results as CaseResult[];
    const lines = this.spill.lines();
    return Array.from({ length: lines.count }, (_, i) => JSON.parse(lines.line(i)) as CaseResult);
  }

  dispose(): void {
    this.spill?.dispose();
  }
}
