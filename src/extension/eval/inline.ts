import * as vscode from 'vscode';
import { lastResultOf, latestArtifact, type RunArtifact } from '../../core/eval/artifact';
import { caseLocations } from '../../core/eval/fixtures';
import { isFixtureFile, promptForFixtures } from '../../core/discovery/discovery';
import { readSettings } from '../config';
import { caseSummary, runSummary } from './lenses';
import type { EvalService } from './service';

/** Results after each case line of a fixture file, a hover with the answer, and a status bar item. */
export class InlineResults implements vscode.Disposable, vscode.HoverProvider {
  private readonly pass: vscode.TextEditorDecorationType;
  private readonly fail: vscode.TextEditorDecorationType;
  private readonly status: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly service: EvalService) {
    // The gutter mark at each case is the Testing API's own (case items carry their range);
    // these add the result after the line.
    const after = (color: string) => ({
      after: { margin: '0 0 0 2em', color: new vscode.ThemeColor(color) },
    });
    this.pass = vscode.window.createTextEditorDecorationType(after('testing.iconPassed'));
    this.fail = vscode.window.createTextEditorDecorationType(after('testing.iconFailed'));
    this.status = vscode.window.createStatusBarItem(
      'promptops.lastRun',
      vscode.StatusBarAlignment.Left,
      50,
    );
    this.status.name = 'PromptOps last run';
    this.disposables.push(
      this.pass,
      this.fail,
      this.status,
      service.onDidFinish(({ artifact, promptFile, otherModel }) => {
        this.showStatus(artifact, promptFile, otherModel);
        this.decorateAll();
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()),
      vscode.languages.registerHoverProvider({ pattern: '**/*.fixtures.{yaml,yml,jsonl}' }, this),
    );
    this.decorateAll();
  }

  private artifactFor(fixturesFile: string): RunArtifact | undefined {
    const promptFile = promptForFixtures(fixturesFile);
    return promptFile
      ? latestArtifact(
          this.service.rootOf(promptFile),
          promptFile,
          readSettings(vscode.Uri.file(promptFile)).resultsFolder,
        )
      : undefined;
  }

  /** The last run; one with another model says so (its results are kept apart from the prompt's). */
  private showStatus(artifact: RunArtifact, promptFile: string, otherModel?: string): void {
    const rate = `${Math.round(artifact.summary.passRate * 100)}% passed`;
    this.status.text = `$(beaker) ${runSummary(artifact)}${otherModel ? ` · ${otherModel}` : ''}`;
    this.status.tooltip = otherModel
      ? `PromptOps: last run of ${artifact.prompt.path} with another model, ${otherModel} (kept apart from the prompt's own results), ${rate}. Click for its results.`
      : `PromptOps: last run of ${artifact.prompt.path} (${artifact.model.id}), ${rate}. Click for the results.`;
    this.status.command = {
      title: 'Open Last Results',
      command: 'promptops.openResults',
      arguments: [vscode.Uri.file(promptFile), ...(otherModel ? [otherModel] : [])],
    };
    this.status.show();
  }

  decorateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.scheme !== 'file' || !isFixtureFile(editor.document.fileName))
        continue;
      const artifact = this.artifactFor(editor.document.fileName);
      const passed: vscode.DecorationOptions[] = [];
      const failed: vscode.DecorationOptions[] = [];
      for (const { id, line } of caseLocations(
        editor.document.getText(),
        editor.document.fileName,
      )) {
        const result = artifact && lastResultOf(artifact.cases, id);
        if (!result) continue;
        const end = editor.document.lineAt(line).range.end;
        const decoration: vscode.DecorationOptions = {
          range: new vscode.Range(end, end),
          renderOptions: { after: { contentText: caseSummary(result) } },
        };
        (result.status === 'pass' ? passed : failed).push(decoration);
      }
      editor.setDecorations(this.pass, passed);
      editor.setDecorations(this.fail, failed);
    }
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const location = caseLocations(document.getText(), document.fileName).find(
      (l) => l.line === position.line,
    );
    const cases = location && this.artifactFor(document.fileName)?.cases;
    const result = cases && lastResultOf(cases, location.id);
    if (!result) return undefined;
    const markdown = new vscode.MarkdownString();
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    markdown.appendMarkdown(`**${result.id}**: ${result.status} · ${caseSummary(result)}\n\n`);
    // The model's answer is untrusted text: shown in a code block, never as markdown or HTML.
    if (result.output) markdown.appendCodeblock(result.output.text.slice(0, 4000), 'text');
    if (result.error) markdown.appendText(`Error: ${result.error}\n`);
    for (const a of result.assertions)
      markdown.appendText(`${a.pass ? '✓' : '✗'} ${a.type}: ${a.reason}\n`);
    return new vscode.Hover(markdown);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
