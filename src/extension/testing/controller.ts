import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EvalConfigError, type EvalProgress } from '../../core/eval/engine';
import { caseLocationsWhile, fixturePathFor } from '../../core/eval/fixtures';
import { wasCancelled } from '../../core/eval/subset';
import {
  describePreflightProblem,
  summarizePreflightProblems,
} from '../../core/eval/preflight-problems';
import { EXCLUDED_FOLDERS_GLOB, isSearched } from '../../core/discovery/discovery';
import { isPartialFile } from '../../core/language/analysis';
import { variantOf } from '../../core/variants/variants';
import { parsePromptDocument } from '../../core/language/document';
import type { Logger } from '../../core/types';
import type { Dialogs } from '../dialogs';
import { runSummary } from '../eval/summary-text';
import { RunReport } from './report';
import { readSettings } from '../config';
import { runAsBatch } from '../eval/batch-run';
import type { EvalService, RunProfileOptions, RunTarget } from '../eval/service';
import { PROFILE_LABELS, runOptionsFor, type ProfileKind } from './run-options';
import { syncCaseItems } from './case-items';

export type { ProfileKind } from './run-options';

export type CaseState = 'passed' | 'failed' | 'errored' | 'skipped';

/** What the last run ended with: each case item's state, and its failures in fixture order. */
export interface LastRun {
  /** `Run`, or `Run with provider/model` for a run with another model. */
  name: string;
  model?: string;
  states: Map<string, CaseState>;
  /** Case items that failed or errored, first failure first ("Show failures", the result lens). */
  failures: vscode.TestItem[];
  /**
   * The time the Test Explorer shows for each item that ran, in ms: a case's latency, a prompt's
   * wall time (its cases run at once, so not the sum that VS Code would show otherwise).
   */
  durations: Map<string, number>;
}

type ItemData =
  | { kind: 'folder'; folder: vscode.WorkspaceFolder }
  | { kind: 'prompt'; promptFile: string; fixturesFile: string; variants: vscode.TestItem[] }
  | { kind: 'case'; promptFile: string; fixturesFile: string; caseId: string };

/**
 * The most cases a run keeps in VS Code's test history (shown again after a reload). The window
 * sends a kept run's results back to the extension host as one message when it ends: at 10,000
 * cases that message held the host for 1.0–1.5 s. A larger run's results are in its artifact, the
 * lenses and the results view.
 */
export const PERSISTED_RUN_LIMIT = 500;

export const UNTRUSTED_MESSAGE =
  'PromptOps runs are disabled in untrusted workspaces: a run sends your prompts, and your API keys, to endpoints this workspace configures. Trust the workspace to run evals; lint and preview still work.';

/** The Test Explorer tree of prompts and their fixture cases, and the one path every run takes. */
export class PromptTests implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly data = new WeakMap<vscode.TestItem, ItemData>();
  /** Each prompt item's latest read of its cases (a newer read supersedes an older one). */
  private readonly generations = new WeakMap<vscode.TestItem, number>();
  private readonly reads = new WeakMap<vscode.TestItem, Promise<void>>();
  private readonly profiles = new Map<ProfileKind, vscode.TestRunProfile>();
  private readonly disposables: vscode.Disposable[] = [];
  private latest: LastRun | undefined;

  constructor(
    private readonly service: EvalService,
    private readonly logger: Logger,
    private readonly dialogs: Dialogs,
  ) {
    this.controller = vscode.tests.createTestController('promptops', 'Prompt evals');
    this.controller.resolveHandler = (item) => this.resolve(item);
    this.controller.refreshHandler = () => this.refresh();
    for (const kind of Object.keys(PROFILE_LABELS) as ProfileKind[])
      this.profiles.set(
        kind,
        this.controller.createRunProfile(
          PROFILE_LABELS[kind],
          vscode.TestRunProfileKind.Run,
          // A batch run has its own notification (the batch's progress, Cancel at the provider).
          kind === 'batch'
            ? (request, token) => runAsBatch(this, request, token)
            : async (request, token) => {
                await this.runWith(kind, request, token);
              },
          kind === 'run',
        ),
      );
    const watcher = vscode.workspace.createFileSystemWatcher(
      '**/{*.prompt,*.fixtures.yaml,*.fixtures.yml,*.fixtures.jsonl,*.fixtures.csv}',
    );
    this.disposables.push(
      this.controller,
      watcher,
      watcher.onDidCreate(() => this.rescan()),
      watcher.onDidDelete(() => this.rescan()),
      watcher.onDidChange((uri) => this.fileChanged(uri)),
    );
  }

  profile(kind: ProfileKind): vscode.TestRunProfile | undefined {
    return this.profiles.get(kind);
  }

  private async resolve(item: vscode.TestItem | undefined): Promise<void> {
    if (!item) {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const folderItem = this.controller.createTestItem(
          folder.uri.toString(),
          folder.name,
          folder.uri,
        );
        folderItem.canResolveChildren = true;
        this.data.set(folderItem, { kind: 'folder', folder });
        this.controller.items.add(folderItem);
      }
      return;
    }
    const data = this.data.get(item);
    if (data?.kind === 'folder') await this.resolveFolder(item, data.folder);
    else if (data?.kind === 'prompt')
      await this.resolvePrompt(item, data.promptFile, data.fixturesFile);
  }

  private async resolveFolder(
    item: vscode.TestItem,
    folder: vscode.WorkspaceFolder,
  ): Promise<void> {
    const files = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, '**/*.prompt'),
      EXCLUDED_FOLDERS_GLOB,
    );
    // A prompt already listed keeps its item and the cases read under it.
    const listed = new Map([...this.promptItems()].map((prompt) => [prompt.id, prompt]));
    const listingBefore = new Map<vscode.TestItem, string>();
    const byFile = new Map<string, vscode.TestItem>();
    for (const uri of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      if (isPartialFile(uri.fsPath) || !isSearched(folder.uri.fsPath, uri.fsPath)) continue;
      const fixturesFile = this.fixturesOf(uri.fsPath);
      if (!fixturesFile) continue;
      const variant = variantOf(uri.fsPath);
      const label = variant
        ? `variant ${variant.variant}`
        : path.relative(folder.uri.fsPath, uri.fsPath);
      // A variant's place depends on its base being there: its item is made anew.
      const kept = variant ? undefined : listed.get(uri.toString());
      const prompt = kept ?? this.controller.createTestItem(uri.toString(), label, uri);
      if (kept) listingBefore.set(kept, listingOf(this.data.get(kept)));
      prompt.label = label;
      prompt.canResolveChildren = true;
      this.data.set(prompt, { kind: 'prompt', promptFile: uri.fsPath, fixturesFile, variants: [] });
      byFile.set(uri.fsPath, prompt);
    }
    // A variant (name.variant.prompt) sits under its base prompt, beside the base's cases.
    const items: vscode.TestItem[] = [];
    for (const [file, prompt] of byFile) {
      const base = variantOf(file)?.baseFile;
      const baseData = base ? this.data.get(byFile.get(base) as vscode.TestItem) : undefined;
      if (baseData?.kind === 'prompt') baseData.variants.push(prompt);
      else {
        prompt.label = path.relative(folder.uri.fsPath, file);
        items.push(prompt);
      }
    }
    item.children.replace(items);
    // A kept prompt's children hold its variants beside its cases: read again when it has
    // variants (their items are new), had others, or names another fixture file now.
    for (const [prompt, before] of listingBefore) {
      const data = this.data.get(prompt);
      if (data?.kind !== 'prompt' || !this.reads.has(prompt)) continue;
      if (data.variants.length > 0 || listingOf(data) !== before)
        void this.casesOf(prompt, data, true);
    }
  }

  /** Every prompt item: the folders' children and the variants under them. */
  private *promptItems(): Generator<vscode.TestItem> {
    for (const [, folder] of this.controller.items)
      for (const [, prompt] of folder.children) {
        yield prompt;
        const data = this.data.get(prompt);
        if (data?.kind === 'prompt') yield* data.variants;
      }
  }

  private fixturesOf(promptFile: string): string | undefined {
    try {
      const document = parsePromptDocument(fs.readFileSync(promptFile, 'utf8'));
      return fixturePathFor(promptFile, document.frontmatter?.data);
    } catch {
      return undefined;
    }
  }

  /**
   * Reads a prompt's case items from its fixture file, superseding a read of them still running,
   * and settles when the latest read is done: a run or a lens never sees a tree half updated.
   */
  private resolvePrompt(
    item: vscode.TestItem,
    promptFile: string,
    fixturesFile: string,
  ): Promise<void> {
    const generation = (this.generations.get(item) ?? 0) + 1;
    this.generations.set(item, generation);
    const current = () => this.generations.get(item) === generation;
    const read = this.readCases(item, promptFile, fixturesFile, current).catch((error: unknown) => {
      item.error = `Cannot list the cases: ${error instanceof Error ? error.message : String(error)}`;
      this.logger.error(`${fixturesFile}: ${item.error}`);
    });
    this.reads.set(item, read);
    return this.casesRead(item);
  }

  /** Settles once the latest read of a prompt's cases is done (at once when there is none). */
  private async casesRead(item: vscode.TestItem): Promise<void> {
    for (let read = this.reads.get(item); read; ) {
      await read;
      const latest = this.reads.get(item);
      if (latest === read) return;
      read = latest;
    }
  }

  /** The cases from the fixture file (the open editor's text when it is open), in slices. */
  private async readCases(
    item: vscode.TestItem,
    promptFile: string,
    fixturesFile: string,
    current: () => boolean,
  ): Promise<void> {
    const text = await fixtureText(fixturesFile);
    if (!current()) return;
    if (text === undefined) {
      item.error = `Cannot read ${path.basename(fixturesFile)}`;
      return;
    }
    item.error = undefined;
    const locations = await caseLocationsWhile(text, fixturesFile, current);
    if (!locations || !current()) return;
    const data = this.data.get(item);
    await syncCaseItems({
      controller: this.controller,
      prompt: item,
      fixturesUri: vscode.Uri.file(fixturesFile),
      locations,
      keep: data?.kind === 'prompt' ? data.variants : [],
      onCase: (child, caseId) =>
        this.data.set(child, { kind: 'case', promptFile, fixturesFile, caseId }),
      current,
    });
  }

  /** A prompt's cases as its fixture file has them now: read on first use, or the read in flight. */
  private casesOf(
    prompt: vscode.TestItem,
    data: { promptFile: string; fixturesFile: string },
    again = false,
  ): Promise<void> {
    return this.reads.has(prompt) && !again
      ? this.casesRead(prompt)
      : this.resolvePrompt(prompt, data.promptFile, data.fixturesFile);
  }

  /** The tree from scratch (the Test Explorer's Refresh). */
  async refresh(): Promise<void> {
    this.controller.items.replace([]);
    await this.resolve(undefined);
    for (const [, folder] of this.controller.items) await this.resolve(folder);
  }

  /**
   * A prompt or fixture file was created or deleted: the folders' prompts listed again, the
   * ones still there keeping their items and cases (a full refresh dropped every case read).
   */
  private async rescan(): Promise<void> {
    if (this.controller.items.size === 0) return this.refresh();
    for (const [, folder] of this.controller.items) {
      const data = this.data.get(folder);
      if (data?.kind === 'folder' && folder.children.size > 0)
        await this.resolveFolder(folder, data.folder);
    }
  }

  /**
   * Re-read the cases of a prompt whose fixture file changed, or whose prompt file did (its
   * frontmatter may name another fixture file now; while it names none or does not parse, the
   * prompt keeps its last one). Only prompts whose cases were read are read again: the others
   * are read when they are expanded or run.
   */
  private fileChanged(uri: vscode.Uri): void {
    for (const prompt of this.promptItems()) {
      const data = this.data.get(prompt);
      if (data?.kind !== 'prompt') continue;
      if (data.promptFile === uri.fsPath)
        data.fixturesFile = this.fixturesOf(data.promptFile) ?? data.fixturesFile;
      else if (data.fixturesFile !== uri.fsPath) continue;
      if (this.reads.has(prompt))
        void this.resolvePrompt(prompt, data.promptFile, data.fixturesFile);
    }
  }

  /**
   * The prompt item of a file, resolving the tree as far as needed, with its cases as the
   * fixture file has them; a file created since the tree was listed is looked for once more.
   */
  async promptItem(promptFile: string): Promise<vscode.TestItem | undefined> {
    if (this.controller.items.size === 0) await this.resolve(undefined);
    for (const [, folder] of this.controller.items)
      if (folder.children.size === 0) await this.resolve(folder);
    const prompt =
      this.listedPrompt(promptFile) ?? (await this.rescan(), this.listedPrompt(promptFile));
    const data = prompt && this.data.get(prompt);
    if (data?.kind !== 'prompt') return undefined;
    await this.casesOf(prompt as vscode.TestItem, data);
    return prompt;
  }

  private listedPrompt(promptFile: string): vscode.TestItem | undefined {
    for (const prompt of this.promptItems()) {
      const data = this.data.get(prompt);
      if (data?.kind === 'prompt' && data.promptFile === promptFile) return prompt;
    }
    return undefined;
  }

  /** The last run's outcome: what "Show failures" and the result lens open. */
  get lastRun(): LastRun | undefined {
    return this.latest;
  }

  /**
   * Every run (Test Explorer, code lens, command palette) comes through here: the profile's
   * options (asking for the model when it needs one), then the run.
   */
  async runWith(
    kind: ProfileKind,
    request: vscode.TestRunRequest,
    token: vscode.CancellationToken,
    onProgress?: (progress: EvalProgress) => void,
    model?: string,
  ): Promise<LastRun | undefined> {
    const options = await runOptionsFor(kind, model);
    if (!options) return undefined;
    return this.runRequest(request, token, options, onProgress);
  }

  /** The run itself, with the options a profile gave (Run as batch adds the batch's progress). */
  async runRequest(
    request: vscode.TestRunRequest,
    token: vscode.CancellationToken,
    profile: RunProfileOptions,
    onProgress?: (progress: EvalProgress) => void,
  ): Promise<LastRun> {
    const name = profile.model ? `Run with ${profile.model}` : 'Run';
    const outcome: LastRun = {
      name,
      ...(profile.model ? { model: profile.model } : {}),
      states: new Map(),
      failures: [],
      durations: new Map(),
    };
    this.latest = outcome;
    const targets = await this.targets(request);
    const cases = targets.reduce((count, target) => count + target.items.length, 0);
    const run = this.controller.createTestRun(request, name, cases <= PERSISTED_RUN_LIMIT);
    const report = new RunReport(run, outcome, profile.model);
    try {
      if (!(await this.mayRun(targets, profile, report))) return outcome;
      for (const { items } of targets) await report.enqueued(items);
      await this.service.enqueue(async () => {
        for (const target of targets) {
          if (token.isCancellationRequested) break;
          await this.runTarget(target, profile, token, report, onProgress);
        }
      });
    } finally {
      run.end();
      outcome.failures.sort(byFixtureOrder);
    }
    return outcome;
  }

  /** Trust and the cost confirmation; when a run may not start, each case says why. */
  private async mayRun(
    targets: { target: RunTarget; items: vscode.TestItem[] }[],
    profile: RunProfileOptions,
    report: RunReport,
  ): Promise<boolean> {
    const caseItems = targets.flatMap((t) => t.items);
    if (!vscode.workspace.isTrusted) {
      for (const item of caseItems)
        report.state(item, 'errored', new vscode.TestMessage(UNTRUSTED_MESSAGE));
      void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
      return false;
    }
    if (
      !(await this.confirmCost(
        targets.map((t) => t.target),
        profile,
      ))
    ) {
      for (const item of caseItems) report.state(item, 'skipped');
      return false;
    }
    return true;
  }

  /** One prompt's cases: states as each case finishes; a run that cannot start errors them all. */
  private async runTarget(
    { target, items }: { target: RunTarget; items: vscode.TestItem[] },
    profile: RunProfileOptions,
    token: vscode.CancellationToken,
    report: RunReport,
    onProgress?: (progress: EvalProgress) => void,
  ): Promise<void> {
    const byId = new Map(items.map((i) => [(this.data.get(i) as { caseId: string }).caseId, i]));
    await report.started(items);
    try {
      const { artifact, otherModel } = await this.service.run(
        target,
        profile,
        token,
        (progress) => {
          onProgress?.(progress);
          const item = progress.latest && byId.get(progress.latest.id);
          if (item && progress.latest) report.result(item, progress.latest);
        },
      );
      // Cases the run never reached (cancelled before they ran) are skipped, not errors.
      for (const result of artifact.cases) {
        const item = byId.get(result.id);
        if (item && wasCancelled(result)) report.state(item, 'skipped');
      }
      const prompt = items[0]?.parent;
      if (prompt)
        report.prompt(
          prompt,
          artifact.cases.filter((c) => byId.has(c.id)),
          artifact.summary.durationMs,
        );
      if (otherModel && items[0]?.parent)
        items[0].parent.description = `${otherModel}: ${runSummary(artifact)}`;
    } catch (error) {
      const message =
        error instanceof EvalConfigError
          ? error.message
          : `Run failed: ${error instanceof Error ? error.message : String(error)}`;
      this.logger.error(message);
      for (const item of items) report.state(item, 'errored', new vscode.TestMessage(message));
      void showRunError(message);
    }
  }

  /**
   * Known problems first (lint errors, cases the privacy policy blocks), then the cost. One dialog:
   * a run with problems names them (with the cost when it is above the threshold) and asks to run
   * anyway, so a run that would be blocked is never asked about its cost alone.
   */
  private async confirmCost(targets: RunTarget[], profile: RunProfileOptions): Promise<boolean> {
    const first = targets[0];
    if (!first) return true;
    const threshold = readSettings(vscode.Uri.file(first.promptFile)).confirmCostAboveUsd;
    const problems = await this.service.knownProblems(targets).catch(() => []);
    for (const problem of problems)
      this.logger.warn(`${problem.file}:${problem.line + 1}: ${describePreflightProblem(problem)}`);
    const blocks = problems.some((p) => p.notSent);
    if (threshold < 0 && !blocks) return true;
    const estimate = threshold < 0 ? undefined : await this.service.estimate(targets, profile);
    const costly =
      estimate?.costUsd !== undefined && estimate.costUsd > threshold ? estimate : undefined;
    const cost = costly
      ? `This run sends ${costly.requests} request${costly.requests === 1 ? '' : 's'} and may cost up to $${costly.costUsd!.toFixed(4)} (cached answers are free).`
      : '';
    if (problems.length === 0 && !costly) return true;
    if (problems.length > 0 && !blocks && !costly) {
      void vscode.window.showWarningMessage(summarizePreflightProblems(problems));
      return true;
    }
    const text = [summarizePreflightProblems(problems), cost].filter(Boolean).join(' ');
    const answer = await this.dialogs.ask(text, undefined, problems.length ? 'Run Anyway' : 'Run');
    return answer === 'Run' || answer === 'Run Anyway';
  }

  /** Prompt targets (with case filters) and their case items, from what a request includes. */
  private async targets(
    request: vscode.TestRunRequest,
  ): Promise<{ target: RunTarget; items: vscode.TestItem[] }[]> {
    const include = request.include ?? [...this.controller.items].map(([, item]) => item);
    const exclude = new Set(request.exclude ?? []);
    const byPrompt = new Map<
      string,
      { target: RunTarget; items: vscode.TestItem[]; added: Set<vscode.TestItem>; all: boolean }
    >();
    const addPrompt = async (prompt: vscode.TestItem, only?: vscode.TestItem) => {
      const data = this.data.get(prompt);
      if (data?.kind !== 'prompt' || exclude.has(prompt)) return;
      await this.casesOf(prompt, data);
      const entry = byPrompt.get(data.promptFile) ?? {
        target: { promptFile: data.promptFile },
        items: [],
        added: new Set<vscode.TestItem>(),
        all: false,
      };
      const cases = [...prompt.children]
        .map(([, c]) => c)
        .filter((c) => this.data.get(c)?.kind === 'case');
      const children = only ? [only] : cases;
      // A set, not items.includes: that was quadratic, seconds of the host's thread at 10,000 cases.
      for (const child of children)
        if (!exclude.has(child) && !entry.added.has(child)) {
          entry.added.add(child);
          entry.items.push(child);
        }
      entry.all ||= !only && !cases.some((c) => exclude.has(c));
      byPrompt.set(data.promptFile, entry);
      // Running a base prompt runs the variants under it too.
      if (!only) for (const variant of data.variants) await addPrompt(variant);
    };
    for (const item of include) {
      const data = this.data.get(item);
      if (data?.kind === 'folder') {
        if (item.children.size === 0) await this.resolve(item);
        for (const [, prompt] of item.children) await addPrompt(prompt);
      } else if (data?.kind === 'prompt') {
        await addPrompt(item);
      } else if (data?.kind === 'case' && item.parent) {
        await addPrompt(item.parent, item);
      } else if (!data && item.parent?.parent && this.data.get(item.parent)?.kind === 'case') {
        await addPrompt(item.parent.parent, item.parent); // a scripted turn: its case runs
      }
    }
    return [...byPrompt.values()].map(({ target, items, all }) => ({
      target: all
        ? target
        : { ...target, caseIds: items.map((i) => (this.data.get(i) as { caseId: string }).caseId) },
      items,
    }));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** A prompt item's fixture file and variants, as one string to compare. */
function listingOf(data: ItemData | undefined): string {
  return data?.kind === 'prompt'
    ? [data.fixturesFile, ...data.variants.map((v) => v.id)].join('\n')
    : '';
}

/** A fixture file's text: the open editor's when it is open (unsaved edits count), or the file's. */
async function fixtureText(file: string): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
  if (open) return open.getText();
  return fs.promises.readFile(file, 'utf8').catch(() => undefined);
}

/** Failures in the order of their fixture file (then of the tree). */
function byFixtureOrder(a: vscode.TestItem, b: vscode.TestItem): number {
  return (
    (a.uri?.fsPath ?? '').localeCompare(b.uri?.fsPath ?? '') ||
    (a.range?.start.line ?? 0) - (b.range?.start.line ?? 0)
  );
}

/** A run's error; "No API key" offers to set one. */
async function showRunError(message: string): Promise<void> {
  const noKey = /no API key for '([^']+)'/.exec(message);
  const actions = noKey ? ['Set API Key…'] : [];
  const picked = await vscode.window.showErrorMessage(`PromptOps: ${message}`, ...actions);
  if (picked === 'Set API Key…')
    await vscode.commands.executeCommand('promptops.setApiKey', noKey?.[1]);
}
