import * as vscode from 'vscode';
import type { Logger } from '../core/types';
import { commandTable } from './commands';
import { AnalysisCache } from './language/analysisCache';
import { registerLanguageProviders } from './language/providers';
import { ComparePanels } from './compare/panel';
import { TrendsView } from './compare/trends';
import { InlineResults } from './eval/inline';
import { EvalLenses } from './eval/lenses';
import { RESULTS_SCHEME, ResultsView } from './eval/results-view';
import { EvalService } from './eval/service';
import { Dialogs } from './dialogs';
import { LintDiagnostics } from './lint/diagnostics';
import { RULE_DOCS_BASE, RuleDocs } from './lint/rule-docs';
import { PromptsTree } from './registry/tree';
import { PromptTests } from './testing/controller';
import { channelLogger } from './logger';
import { PREVIEW_SCHEME, PreviewProvider } from './preview';

/** The extension's one root object: it owns every disposable the extension creates. */
export class PromptOps implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  readonly logger: Logger;
  readonly analyses: AnalysisCache;
  readonly lint: LintDiagnostics;
  readonly ruleDocs: RuleDocs;
  /** Modal questions (run anyway, promote anyway), answerable by in-editor tests. */
  readonly dialogs = new Dialogs();
  readonly evals: EvalService;
  readonly tests: PromptTests;
  readonly compare: ComparePanels;
  readonly trends: TrendsView;
  readonly prompts: PromptsTree;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.channel = vscode.window.createOutputChannel('PromptOps', { log: true });
    this.logger = channelLogger(this.channel);
    this.analyses = new AnalysisCache();
    const preview = new PreviewProvider(this.logger);
    this.ruleDocs = new RuleDocs(vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules'));
    this.lint = new LintDiagnostics(this.analyses, this.logger, RULE_DOCS_BASE);
    this.evals = new EvalService(context, this.logger);
    this.tests = new PromptTests(this.evals, this.logger, this.dialogs);
    this.compare = new ComparePanels(context.extensionUri);
    this.trends = new TrendsView(context.extensionUri);
    this.prompts = new PromptsTree(this.evals, this.logger);
    const lenses = new EvalLenses(this.evals);
    const results = new ResultsView(this.evals);
    this.disposables.push(
      this.evals,
      this.tests,
      this.compare,
      this.trends,
      this.prompts,
      vscode.window.createTreeView('promptops.prompts', {
        treeDataProvider: this.prompts,
        showCollapseAll: true,
      }),
      lenses,
      results,
      new InlineResults(this.evals),
      vscode.languages.registerCodeLensProvider(
        [
          { language: 'dotprompt', scheme: 'file' },
          { pattern: '**/*.fixtures.{yaml,yml,jsonl}', scheme: 'file' },
        ],
        lenses,
      ),
      vscode.workspace.registerTextDocumentContentProvider(RESULTS_SCHEME, results),
      this.channel,
      this.analyses,
      this.lint,
      this.ruleDocs,
      preview,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, preview),
      ...registerLanguageProviders(this.analyses, this.logger),
      ...Object.entries(commandTable(this)).map(([id, handler]) =>
        vscode.commands.registerCommand(id, handler),
      ),
    );
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
  }
}
