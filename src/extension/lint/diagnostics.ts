import * as path from 'node:path';
import * as vscode from 'vscode';
import { findConfigFile, loadConfig, severityOverrides } from '../../core/config';
import { isFixtureFile, isPromptFile, promptForFixtures } from '../../core/discovery/discovery';
import {
  lintFile,
  lintFixtures,
  lintPaths,
  lintPrompt,
  type LintOptions,
} from '../../core/lint/linter';
import { FixtureParseCache } from '../../core/lint/fixture-context';
import type { Fix, LintProblem } from '../../core/lint/types';
import { GenkitScanner, workspaceGenkitRegistry } from '../../core/genkit/scan';
import type { Logger } from '../../core/types';
import { readSettings } from '../config';
import { toDiagnostic, toRange } from '../convert';
import type { AnalysisCache } from '../language/analysisCache';

export const LINT_SOURCE = 'promptops';

/** The Problems-panel entries of PromptOps, and the quick fixes behind them. */
export class LintDiagnostics implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection(LINT_SOURCE);
  private readonly fixes = new Map<string, { diagnostic: vscode.Diagnostic; fixes: Fix[] }[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly versions = new Map<string, number>();
  /** Per open fixture file: its case items as last parsed, so an edit re-parses only its case. */
  private readonly fixtureParses = new Map<string, FixtureParseCache>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Per workspace folder: Genkit registrations found in its sources, rescanned on change. */
  private readonly scanners = new Map<string, GenkitScanner>();
  /** Fires after a file's diagnostics were replaced (tests wait on it). */
  readonly onDidLint = this.changed.event;

  constructor(
    private readonly analyses: AnalysisCache,
    private readonly logger: Logger,
    private readonly ruleDocs?: vscode.Uri,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(
      '**/{*.prompt,*.fixtures.yaml,*.fixtures.yml,*.fixtures.jsonl,promptops.config.yaml}',
    );
    const sources = vscode.workspace.createFileSystemWatcher('**/*.{ts,tsx,js,jsx,mjs,cjs,py,go}');
    const sourceChanged = (uri: vscode.Uri) => this.sourceChanged(uri);
    this.disposables.push(
      this.collection,
      this.changed,
      watcher,
      sources,
      sources.onDidChange(sourceChanged),
      sources.onDidCreate(sourceChanged),
      sources.onDidDelete(sourceChanged),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.closed(d)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('promptops.lint')) this.relintOpen();
      }),
      watcher.onDidChange((uri) => this.dependencyChanged(uri)),
      watcher.onDidCreate((uri) => this.dependencyChanged(uri)),
      watcher.onDidDelete((uri) => this.dependencyChanged(uri)),
      vscode.languages.registerCodeActionsProvider(
        [{ language: 'dotprompt' }, { pattern: '**/*.fixtures.{yaml,yml,jsonl}' }],
        this,
        { providedCodeActionKinds: LintDiagnostics.providedCodeActionKinds },
      ),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private options(uri: vscode.Uri): LintOptions {
    const settings = readSettings(uri);
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    let fileOverrides = {};
    let config: ReturnType<typeof loadConfig> | undefined;
    let configBroken = false;
    let graderModel: string | null = null;
    const configFile = folder ? findConfigFile(path.dirname(uri.fsPath), folder) : undefined;
    if (configFile) {
      try {
        config = loadConfig(configFile);
        fileOverrides = severityOverrides(config);
        graderModel = config.eval?.graderModel ?? null;
      } catch (error) {
        configBroken = true;
        this.logger.warn(
          `ignoring ${configFile}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    const options: LintOptions = {
      severities: { ...fileOverrides, ...settings.lintRules },
      graderModel,
      // A config that does not load says nothing about tools: PO113 stays quiet until it does.
      toolDefinitions: configBroken ? undefined : (config?.tools ?? null),
      readFile: (file) =>
        vscode.workspace.textDocuments
          .find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)
          ?.getText(),
    };
    if (folder) {
      options.root = folder;
      options.genkit = workspaceGenkitRegistry(folder, config, this.scanner(folder));
    }
    return options;
  }

  private scanner(folder: string): GenkitScanner {
    let scanner = this.scanners.get(folder);
    if (!scanner) this.scanners.set(folder, (scanner = new GenkitScanner(folder)));
    return scanner;
  }

  /** A source file changed: its Genkit registrations may have, so rescan and relint open prompts. */
  private sourceChanged(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    const scanner = folder ? this.scanners.get(folder) : undefined;
    if (!scanner) return;
    scanner.invalidate();
    this.relintOpen();
  }

  private lintable(document: vscode.TextDocument): boolean {
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled') return false;
    return document.languageId === 'dotprompt' || isFixtureFile(document.fileName);
  }

  private schedule(document: vscode.TextDocument, delay?: number): void {
    if (!this.lintable(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    const wait = delay ?? readSettings(document.uri).lintDebounceMs;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lintDocument(document);
      }, wait),
    );
  }

  /** Lints an open document now (its current, possibly unsaved, text). */
  async lintDocument(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    const version = document.version;
    this.versions.set(key, version);
    if (!readSettings(document.uri).lintEnabled) {
      this.set(document.uri, []);
      return;
    }
    try {
      const file = document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
      const options = this.options(document.uri);
      const problems =
        document.languageId === 'dotprompt'
          ? await lintPrompt(document.getText(), file, options, await this.analyses.get(document))
          : await lintFixtures(document.getText(), file ?? document.fileName, {
              ...options,
              fixtureParses: this.fixtureParsesOf(key),
            });
      if (this.versions.get(key) !== version) return; // a newer edit is being linted
      this.set(document.uri, problems);
    } catch (error) {
      this.logger.error(
        `lint of ${document.uri.toString()} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  private fixtureParsesOf(key: string): FixtureParseCache {
    let parses = this.fixtureParses.get(key);
    if (!parses) this.fixtureParses.set(key, (parses = new FixtureParseCache()));
    return parses;
  }

  private set(uri: vscode.Uri, problems: LintProblem[]): void {
    const entries = problems.map((problem) => ({
      diagnostic: toDiagnostic(problem, this.ruleDocs),
      fixes: problem.fixes,
    }));
    this.fixes.set(uri.toString(), entries);
    this.collection.set(
      uri,
      entries.map((e) => e.diagnostic),
    );
    this.changed.fire(uri);
  }

  private closed(document: vscode.TextDocument): void {
    this.fixtureParses.delete(document.uri.toString());
    // Keep diagnostics of files on disk (a workspace lint put them there); drop those of untitled buffers.
    if (document.uri.scheme === 'untitled') {
      this.collection.delete(document.uri);
      this.fixes.delete(document.uri.toString());
    }
  }

  private relintOpen(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  /**
   * A file on disk changed. Partials and the config affect every prompt; a prompt's schema
   * affects its fixture file; a fixture file is linted itself if it is not open.
   */
  private dependencyChanged(uri: vscode.Uri): void {
    const file = uri.fsPath;
    const name = path.basename(file);
    if (name === 'promptops.config.yaml' || (isPromptFile(file) && name.startsWith('_'))) {
      this.relintOpen();
      return;
    }
    const open = (target: string) =>
      vscode.workspace.textDocuments.find(
        (d) => d.uri.scheme === 'file' && d.uri.fsPath === target,
      );
    const relintFile = (target: string) => {
      const document = open(target);
      if (document) this.schedule(document, 0);
      else if (this.collection.has(vscode.Uri.file(target))) void this.lintFromDisk(target);
    };
    if (isPromptFile(file)) {
      for (const candidate of ['.fixtures.yaml', '.fixtures.yml', '.fixtures.jsonl'].map((suffix) =>
        file.replace(/\.prompt$/, suffix),
      ))
        relintFile(candidate);
    } else if (isFixtureFile(file)) {
      relintFile(file);
      const prompt = promptForFixtures(file);
      if (prompt) relintFile(prompt);
    }
  }

  private async lintFromDisk(file: string): Promise<void> {
    const uri = vscode.Uri.file(file);
    try {
      const result = await lintFile(file, this.options(uri));
      this.set(uri, result.problems);
    } catch (error) {
      this.logger.error(`lint of ${file} failed: ${String(error)}`);
    }
  }

  /** Lints every prompt and fixture file of the workspace, with progress and cancel. */
  /** `files` checked, `problems` found, and in how many files (`withProblems`). */
  async lintWorkspace(): Promise<{ files: number; problems: number; withProblems: number }> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: 'PromptOps: linting prompts',
        cancellable: true,
      },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        let files = 0;
        let problems = 0;
        let withProblems = 0;
        for (const folder of folders) {
          const options = this.options(folder.uri);
          let last = 0;
          const results = await lintPaths(
            [folder.uri.fsPath],
            options,
            (done, total, file) => {
              const percent = Math.floor((done / total) * 100);
              progress.report({
                message: `${done}/${total} ${path.basename(file)}`,
                increment: percent - last,
              });
              last = percent;
            },
            controller.signal,
          );
          for (const result of results) {
            this.set(vscode.Uri.file(result.file), result.problems);
            files++;
            problems += result.problems.length;
            if (result.problems.length) withProblems++;
          }
        }
        this.logger.info(
          `workspace lint: ${problems} problem(s) in ${files} file(s)${token.isCancellationRequested ? ' (cancelled)' : ''}`,
        );
        return { files, problems, withProblems };
      },
    );
  }

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const entries = this.fixes.get(document.uri.toString()) ?? [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== LINT_SOURCE) continue;
      const entry = entries.find(
        (e) =>
          e.diagnostic.range.isEqual(diagnostic.range) &&
          codeOf(e.diagnostic) === codeOf(diagnostic) &&
          e.diagnostic.message === diagnostic.message,
      );
      for (const fix of entry?.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        const edit = new vscode.WorkspaceEdit();
        for (const textEdit of fix.edits)
          edit.replace(document.uri, toRange(textEdit.range), textEdit.newText);
        action.edit = edit;
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred ?? false;
        actions.push(action);
      }
      const code = codeOf(diagnostic);
      if (this.ruleDocs && code && !actions.some((a) => a.title === docsTitle(code))) {
        const docs = new vscode.CodeAction(docsTitle(code), vscode.CodeActionKind.QuickFix);
        docs.command = { title: docs.title, command: 'promptops.showRuleDoc', arguments: [code] };
        docs.diagnostics = [diagnostic];
        actions.push(docs);
      }
    }
    return actions;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code ?? '');
}

const docsTitle = (code: string) => `Show documentation for ${code}`;
