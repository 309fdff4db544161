import * as vscode from 'vscode';
import { analyzePrompt, type PromptAnalysis } from '../../core/language/analysis';
import { PromptParseCache } from '../../core/language/parse-cache';

/**
 * One analysis per document version, shared by every language feature. Each document keeps its
 * previous parses, so a keystroke re-parses only the part of the template it changed.
 */
export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<
    string,
    { version: number; analysis: Promise<PromptAnalysis>; parses: PromptParseCache }
  >();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidCloseTextDocument((document) =>
      this.entries.delete(document.uri.toString()),
    );
  }

  get(document: vscode.TextDocument): Promise<PromptAnalysis> {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    if (cached && cached.version === document.version) return cached.analysis;
    const parses = cached?.parses ?? new PromptParseCache();
    const analysis = analyzePrompt(document.getText(), { cache: parses });
    this.entries.set(key, { version: document.version, analysis, parses });
    return analysis;
  }

  dispose(): void {
    this.subscription.dispose();
    this.entries.clear();
  }
}
