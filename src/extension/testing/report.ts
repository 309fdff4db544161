import * as vscode from 'vscode';
import type { CaseResult } from '../../core/eval/artifact';
import { wasCancelled } from '../../core/eval/subset';
import { Slicer, SLICE_MS } from '../../core/slicer';
import { formatMessages } from '../../core/language/render';
import { reportTurns, transcriptText } from './turns';
import type { CaseState, LastRun } from './controller';

/**
 * How many passing cases of a run have their transcript in the run's output (for the others,
 * FAILING_TRANSCRIPTS). Each transcript is a message to the window: a 10,000-case run sent
 * megabytes of them, which kept the extension host's collector busy, for output nobody reads
 * through. The results view and the artifact have every case.
 */
export const PASSING_TRANSCRIPTS = 100;
/**
 * The same for cases that fail or error: many more, since those are what one reads, but not all of
 * them: a 10,000-case run where a changed prompt fails nearly everything sent them all. Every
 * failure keeps its messages (the reasons, the diff) whatever this says.
 */
export const FAILING_TRANSCRIPTS = 1000;

/** One test run's reporting: each case's state into the run and into the run's outcome. */
export class RunReport {
  private readonly transcribed = { passing: 0, failing: 0 };
  private readonly failing = new Set<vscode.TestItem>();

  constructor(
    readonly run: vscode.TestRun,
    private readonly outcome: LastRun,
    /** A run with another model: its messages say which. */
    private readonly model?: string,
  ) {}

  /** Every item of a run shown as queued, in slices (see `started`). */
  enqueued(items: Iterable<vscode.TestItem>): Promise<void> {
    return this.markEach(items, (item) => this.run.enqueued(item));
  }

  /**
   * Every item of a run shown as running, in slices: each call is a message to the window, and a
   * run of 10,000 cases would otherwise hold the extension host while it sends them.
   */
  started(items: readonly vscode.TestItem[]): Promise<void> {
    return this.markEach(items, (item) => this.run.started(item));
  }

  private async markEach(
    items: Iterable<vscode.TestItem>,
    mark: (item: vscode.TestItem) => void,
  ): Promise<void> {
    const slicer = new Slicer(SLICE_MS);
    for (const item of items) {
      mark(item);
      await slicer.step();
    }
  }

  state(
    item: vscode.TestItem,
    state: CaseState,
    message?: vscode.TestMessage | vscode.TestMessage[],
    duration?: number,
  ): void {
    this.outcome.states.set(item.id, state);
    const failures = this.outcome.failures;
    // A set beside the list: includes() per case was quadratic in a run where every case fails.
    if ((state === 'failed' || state === 'errored') && !this.failing.has(item)) {
      this.failing.add(item);
      failures.push(item);
    }
    if ((state === 'passed' || state === 'skipped') && this.failing.delete(item))
      failures.splice(failures.indexOf(item), 1);
    if (duration !== undefined) this.outcome.durations.set(item.id, duration);
    if (state === 'passed') this.run.passed(item, duration);
    else if (state === 'failed')
      this.run.failed(item, message ?? new vscode.TestMessage('failed'), duration);
    else if (state === 'errored')
      this.run.errored(item, message ?? new vscode.TestMessage('error'), duration);
    else this.run.skipped(item);
  }

  /**
   * A prompt's own state and time: the wall time of its run. Without one, VS Code shows the sum of
   * its cases' times, which ran at once (24 s for a run of 8 s). Not one of the run's failures:
   * those are its cases.
   */
  prompt(item: vscode.TestItem, ran: readonly CaseResult[], wallMs: number): void {
    if (ran.length === 0 || ran.every(wasCancelled)) return;
    const failed = ran.filter((c) => c.status !== 'pass' && !wasCancelled(c)).length;
    this.outcome.durations.set(item.id, wallMs);
    if (failed === 0) return this.run.passed(item, wallMs);
    const message = new vscode.TestMessage(
      this.prefixed(`${failed} of ${ran.length} case${ran.length === 1 ? '' : 's'} did not pass`),
    );
    this.run.failed(item, message, wallMs);
  }

  /** A finished case: its transcript in the run's output, its state, its failures as messages. */
  result(item: vscode.TestItem, result: CaseResult): void {
    const location = item.uri && item.range ? new vscode.Location(item.uri, item.range) : undefined;
    const answer = result.output?.text ?? '';
    // The transcript goes without a location: with one, VS Code writes it inline over the
    // fixture line and pushes the case's own result off the screen. Model output stays text.
    if (this.transcribes(result))
      this.run.appendOutput(
        transcript(result, answer, this.model).replace(/\r?\n/g, '\r\n'),
        undefined,
        item,
      );
    reportTurns(this.run, item, result);
    const duration = result.latencyMs ?? undefined;
    if (result.status === 'pass') return this.state(item, 'passed', undefined, duration);
    if (wasCancelled(result)) return this.state(item, 'skipped');
    if (result.status === 'error') {
      const message = new vscode.TestMessage(this.prefixed(result.error ?? 'error'));
      if (location) message.location = location;
      return this.state(item, 'errored', message, duration);
    }
    const messages = result.assertions
      .filter((a) => !a.pass)
      .map((a) => {
        const text = this.prefixed(`${a.type}: ${a.reason}`);
        const message =
          a.expected !== undefined
            ? vscode.TestMessage.diff(
                text,
                typeof a.expected === 'string' ? a.expected : JSON.stringify(a.expected, null, 2),
                answer,
              )
            : new vscode.TestMessage(text);
        if (location) message.location = location;
        return message;
      });
    this.state(item, 'failed', messages.length ? messages : undefined, duration);
  }

  /** Whether a finished case's transcript goes into the output (see PASSING_TRANSCRIPTS). */
  private transcribes(result: CaseResult): boolean {
    if (wasCancelled(result)) return false; // never sent: nothing to show
    const kind = result.status === 'pass' ? 'passing' : 'failing';
    const limit = kind === 'passing' ? PASSING_TRANSCRIPTS : FAILING_TRANSCRIPTS;
    const count = this.transcribed[kind]++;
    if (count < limit) return true;
    if (count === limit)
      this.run.appendOutput(
        `── the transcripts of further ${kind} cases are left out here; the results view and the run's artifact have every case\r\n\r\n`,
      );
    return false;
  }

  private prefixed(text: string): string {
    return this.model ? `[${this.model}] ${text}` : text;
  }
}

function transcript(result: CaseResult, answer: string, model?: string): string {
  const head = `── ${result.id}${result.repeat ? ` #${result.repeat + 1}` : ''}${model ? ` · ${model}` : ''}${result.cached ? ' (cached)' : ''}`;
  const verdicts = result.assertions.map((a) => `${a.pass ? '✓' : '✗'} ${a.type}: ${a.reason}`);
  const steps = transcriptText(result);
  return `${head}\n${formatMessages(result.messages as never)}\n${steps ? `── transcript\n${steps}\n` : ''}── answer\n${answer}\n${verdicts.join('\n')}\n\n`;
}
