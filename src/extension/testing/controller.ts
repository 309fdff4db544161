import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CaseResult } from '../../core/eval/artifact';
import { EvalConfigError, type EvalProgress } from '../../core/eval/engine';
import { caseLocations, fixturePathFor } from '../../core/eval/fixtures';
import { EXCLUDED_FOLDERS_GLOB, isSearched } from '../../core/discovery/discovery';
import { isPartialFile } from '../../core/language/analysis';
import { variantOf } from '../../core/variants/variants';
import { parsePromptDocument } from '../../core/language/document';
import { formatMessages } from '../../core/language/render';
import type { Logger } from '../../core/types';
import { readSettings } from '../config';
import { runAsBatch } from '../eval/batch-run';
import type { EvalService, RunProfileOptions, RunTarget } from '../eval/service';

type ItemData =
  | { kind: 'folder'; folder: vscode.WorkspaceFolder }
  | { kind: 'prompt'; promptFile: string; fixturesFile: string; variants: vscode.TestItem[] }
  | { kind: 'case'; promptFile: string; fixturesFile: string; caseId: string };

export type ProfileKind = 'run' | 'no-cache' | 'other-model' | 'batch';

export const UNTRUSTED_MESSAGE =
  'PromptOps runs are disabled in untrusted workspaces: a run sends your prompts, and your API keys, to endpoints this workspace configures. Trust the workspace to run evals; lint and preview still work.';

/** The Test Explorer tree of prompts and their fixture cases, and the one path every run takes. */
export class PromptTests implements vscode.Disposable {
  readonly controller: vscode.TestController;
  private readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly profiles = new Map<ProfileKind, vscode.TestRunProfile>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The state each case item last got, by item id (read by the in-editor tests). */
  readonly lastStates = new Map<string, 'passed' | 'failed' | 'errored' | 'skipped'>();

  constructor(
    private readonly service: EvalService,
    private readonly logger: Logger,
  ) {
    this.controller = vscode.tests.createTestController('promptops', 'Prompt evals');
    this.controller.resolveHandler = (item) => this.resolve(item);
    this.controller.refreshHandler = () => this.refresh();
    this.profiles.set(
      'run',
      this.controller.createRunProfile(
        'Run',
        vscode.TestRunProfileKind.Run,
        (request, token) => this.runRequest(request, token, { cache: true }),
        true,
      ),
    );
    this.profiles.set(
      'no-cache',
      this.controller.createRunProfile(
        'Run without cache',
        vscode.TestRunProfileKind.Run,
        (request, token) => this.runRequest(request, token, { cache: false }),
        false,
      ),
    );
    this.profiles.set(
      'other-model',
      this.controller.createRunProfile(
        'Run with another model…',
        vscode.TestRunProfileKind.Run,
        async (request, token) => {
          const model = await vscode.window.showInputBox({
            title: 'Run with another model',
            prompt: 'provider/model, for example openai/gpt-4o or ollama/llama3.2',
            validateInput: (v) => (/^[\w.-]+\/.+/.test(v) ? undefined : 'Write provider/model'),
          });
          if (model) await this.runRequest(request, token, { cache: true, model });
        },
      ),
    );
    this.profiles.set(
      'batch',
      this.controller.createRunProfile(
        'Run as batch (half price, answers within 24 h)',
        vscode.TestRunProfileKind.Run,
        (request, token) => runAsBatch(this, request, token),
        false,
      ),
    );
    const watcher = vscode.workspace.createFileSystemWatcher(
      '**/{*.prompt,*.fixtures.yaml,*.fixtures.yml,*.fixtures.jsonl,*.fixtures.csv}',
    );
    this.disposables.push(
      this.controller,
      watcher,
      watcher.onDidCreate(() => this.refresh()),
      watcher.onDidDelete(() => this.refresh()),
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
    else if (data?.kind === 'prompt') this.resolvePrompt(item, data.promptFile, data.fixturesFile);
  }

  private async resolveFolder(
    item: vscode.TestItem,
    folder: vscode.WorkspaceFolder,
  ): Promise<void> {
    const files = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, '**/*.prompt'),
      EXCLUDED_FOLDERS_GLOB,
    );
    const byFile = new Map<string, vscode.TestItem>();
    for (const uri of files.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
      if (isPartialFile(uri.fsPath) || !isSearched(folder.uri.fsPath, uri.fsPath)) continue;
      const fixturesFile = this.fixturesOf(uri.fsPath);
      if (!fixturesFile) continue;
      const variant = variantOf(uri.fsPath);
      const label = variant
        ? `variant ${variant.variant}`
        : path.relative(folder.uri.fsPath, uri.fsPath);
      const prompt = this.controller.createTestItem(uri.toString(), label, uri);
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

  private resolvePrompt(item: vscode.TestItem, promptFile: string, fixturesFile: string): void {
    let text: string;
    try {
      text =
        vscode.workspace.textDocuments.find((d) => d.uri.fsPath === fixturesFile)?.getText() ??
        fs.readFileSync(fixturesFile, 'utf8');
    } catch {
      item.error = `Cannot read ${path.basename(fixturesFile)}`;
      return;
    }
    item.error = undefined;
    const fixturesUri = vscode.Uri.file(fixturesFile);
    const data = this.data.get(item);
    const variants = data?.kind === 'prompt' ? data.variants : [];
    item.children.replace([
      ...caseLocations(text, fixturesFile).map(({ id, line, tags }) => {
        const child = this.controller.createTestItem(`${item.id}#${id}`, id, fixturesUri);
        child.range = new vscode.Range(line, 0, line, 0);
        // The fixture's tags, so the Test Explorer's filter box finds cases by @tag.
        if (tags) child.tags = tags.map((tag) => new vscode.TestTag(tag));
        this.data.set(child, { kind: 'case', promptFile, fixturesFile, caseId: id });
        return child;
      }),
      ...variants,
    ]);
  }

  async refresh(): Promise<void> {
    this.controller.items.replace([]);
    await this.resolve(undefined);
    for (const [, folder] of this.controller.items) await this.resolve(folder);
  }

  private fileChanged(uri: vscode.Uri): void {
    // Re-read the cases of a prompt whose fixture file changed.
    for (const prompt of this.promptItems()) {
      const data = this.data.get(prompt);
      if (
        data?.kind === 'prompt' &&
        (data.fixturesFile === uri.fsPath || data.promptFile === uri.fsPath)
      )
        this.resolvePrompt(prompt, data.promptFile, data.fixturesFile);
    }
  }

  /** The prompt item of a file, resolving the tree as far as needed. */
  async promptItem(promptFile: string): Promise<vscode.TestItem | undefined> {
    if (this.controller.items.size === 0) await this.resolve(undefined);
    for (const [, folder] of this.controller.items)
      if (folder.children.size === 0) await this.resolve(folder);
    for (const prompt of this.promptItems()) {
      const data = this.data.get(prompt);
      if (data?.kind === 'prompt' && data.promptFile === promptFile) {
        if (prompt.children.size === 0)
          this.resolvePrompt(prompt, data.promptFile, data.fixturesFile);
        return prompt;
      }
    }
    return undefined;
  }

  /** Every run (Test Explorer, code lens, command palette) comes through here. */
  async runRequest(
    request: vscode.TestRunRequest,
    token: vscode.CancellationToken,
    profile: RunProfileOptions,
    onProgress?: (progress: EvalProgress) => void,
  ): Promise<void> {
    const run = this.controller.createTestRun(request, undefined, true);
    try {
      const targets = await this.targets(request);
      const caseItems = targets.flatMap((t) => t.items);
      if (!vscode.workspace.isTrusted) {
        for (const item of caseItems)
          this.report(run, item, 'errored', new vscode.TestMessage(UNTRUSTED_MESSAGE));
        void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
        return;
      }
      if (
        !(await this.confirmCost(
          targets.map((t) => t.target),
          profile,
        ))
      ) {
        for (const item of caseItems) this.report(run, item, 'skipped');
        return;
      }
      for (const item of caseItems) run.enqueued(item);
      await this.service.enqueue(async () => {
        for (const { target, items } of targets) {
          if (token.isCancellationRequested) break;
          const byId = new Map(
            items.map((i) => [(this.data.get(i) as { caseId: string }).caseId, i]),
          );
          for (const item of items) run.started(item);
          try {
            const { artifact } = await this.service.run(target, profile, token, (progress) => {
              onProgress?.(progress);
              const item = progress.latest && byId.get(progress.latest.id);
              if (item && progress.latest) this.reportCase(run, item, progress.latest);
            });
            for (const result of artifact.cases) {
              const item = byId.get(result.id);
              if (item && result.status === 'error' && result.error?.startsWith('cancelled'))
                this.report(run, item, 'skipped');
            }
          } catch (error) {
            const message =
              error instanceof EvalConfigError
                ? error.message
                : `Run failed: ${error instanceof Error ? error.message : String(error)}`;
            this.logger.error(message);
            for (const item of items)
              this.report(run, item, 'errored', new vscode.TestMessage(message));
            void vscode.window.showErrorMessage(`PromptOps: ${message}`);
          }
        }
      });
    } finally {
      run.end();
    }
  }

  private async confirmCost(targets: RunTarget[], profile: RunProfileOptions): Promise<boolean> {
    const first = targets[0];
    if (!first) return true;
    const threshold = readSettings(vscode.Uri.file(first.promptFile)).confirmCostAboveUsd;
    if (threshold < 0) return true;
    const estimate = await this.service.estimate(targets, profile);
    if (estimate.costUsd === undefined || estimate.costUsd <= threshold) return true;
    const answer = await vscode.window.showWarningMessage(
      `This run sends ${estimate.requests} request${estimate.requests === 1 ? '' : 's'} and may cost up to $${estimate.costUsd.toFixed(4)} (cached answers are free).`,
      { modal: true },
      'Run',
    );
    return answer === 'Run';
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
    const addPrompt = (prompt: vscode.TestItem, only?: vscode.TestItem) => {
      const data = this.data.get(prompt);
      if (data?.kind !== 'prompt' || exclude.has(prompt)) return;
      if (prompt.children.size === 0)
        this.resolvePrompt(prompt, data.promptFile, data.fixturesFile);
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
      if (!only) for (const variant of data.variants) addPrompt(variant);
    };
    for (const item of include) {
      const data = this.data.get(item);
      if (data?.kind === 'folder') {
        if (item.children.size === 0) await this.resolve(item);
        for (const [, prompt] of item.children) addPrompt(prompt);
      } else if (data?.kind === 'prompt') {
        addPrompt(item);
      } else if (data?.kind === 'case' && item.parent) {
        addPrompt(item.parent, item);
      }
    }
    return [...byPrompt.values()].map(({ target, items, all }) => ({
      target: all
        ? target
        : { ...target, caseIds: items.map((i) => (this.data.get(i) as { caseId: string }).caseId) },
      items,
    }));
  }

  private report(
    run: vscode.TestRun,
    item: vscode.TestItem,
    state: 'passed' | 'failed' | 'errored' | 'skipped',
    message?: vscode.TestMessage,
    duration?: number,
  ): void {
    this.lastStates.set(item.id, state);
    if (state === 'passed') run.passed(item, duration);
    else if (state === 'failed')
      run.failed(item, message ?? new vscode.TestMessage('failed'), duration);
    else if (state === 'errored')
      run.errored(item, message ?? new vscode.TestMessage('error'), duration);
    else run.skipped(item);
  }

  private reportCase(run: vscode.TestRun, item: vscode.TestItem, result: CaseResult): void {
    const location = item.uri && item.range ? new vscode.Location(item.uri, item.range) : undefined;
    // Model output is shown as text in the run output, never interpreted.
    const answer = result.output?.text ?? '';
    const transcript = `── ${result.id}${result.repeat ? ` #${result.repeat + 1}` : ''}${result.cached ? ' (cached)' : ''}\n${formatMessages(result.messages as never)}\n── answer\n${answer}\n${result.assertions.map((a) => `${a.pass ? '✓' : '✗'} ${a.type}: ${a.reason}`).join('\n')}\n\n`;
    run.appendOutput(transcript.replace(/\r?\n/g, '\r\n'), location, item);
    const duration = result.latencyMs ?? undefined;
    if (result.status === 'pass') return this.report(run, item, 'passed', undefined, duration);
    if (result.status === 'error') {
      if (result.error?.startsWith('cancelled')) return this.report(run, item, 'skipped');
      const message = new vscode.TestMessage(result.error ?? 'error');
      if (location) message.location = location;
      return this.report(run, item, 'errored', message, duration);
    }
    const failed = result.assertions.filter((a) => !a.pass);
    const messages = failed.map((a) => {
      const text = `${a.type}: ${a.reason}`;
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
    this.lastStates.set(item.id, 'failed');
    run.failed(item, messages.length ? messages : [new vscode.TestMessage('failed')], duration);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
