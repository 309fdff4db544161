import * as vscode from 'vscode';
import { analyzePrompt, type PromptAnalysis } from '../../core/language/analysis';

/** One analysis per document version, shared by every language feature. */
export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<
    string,
    { version: number; analysis: Promise<PromptAnalysis> }
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
    const analysis = analyzePrompt(document.getText());
    this.entries.set(key, { version: document.version, analysis });
    return analysis;
  }

  dispose(): void {
    this.subscription.dispose();
    this.entries.clear();
  }
}
