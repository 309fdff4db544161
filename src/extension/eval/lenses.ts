import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { lastResultOf, latestArtifact } from '../../core/eval/artifact';
import { caseSummary, runSummary } from './summary-text';

export { caseSummary, runSummary } from './summary-text';
import { caseLocations, fixturePathFor } from '../../core/eval/fixtures';
import { variantsOf } from '../../core/variants/variants';
import { isPartialFile } from '../../core/language/analysis';
import { parsePromptDocument } from '../../core/language/document';
import { isFixtureFile, promptForFixtures } from '../../core/discovery/discovery';
import { readSettings } from '../config';
import { differsFromHead } from '../../core/git/git';
import { otherModelResults } from '../../core/eval/model-results';
import type { EvalService } from './service';

const TOP = new vscode.Range(0, 0, 0, 0);

/** How many cases a prompt's fixture file has; undefined without one (or when it cannot be read). */
function caseCount(file: string, text: string): number | undefined {
  const fixturesFile = fixturePathFor(file, parsePromptDocument(text).frontmatter?.data);
  if (!fixturesFile) return undefined;
  try {
    return caseLocations(
      vscode.workspace.textDocuments.find((d) => d.uri.fsPath === fixturesFile)?.getText() ??
        fs.readFileSync(fixturesFile, 'utf8'),
      fixturesFile,
    ).length;
  } catch {
    return undefined;
  }
}

/** Run lenses above prompts and above each case of a fixture file, with the last results. */
export class EvalLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: EvalService) {
    this.subscription = service.onDidFinish(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file') return [];
    const file = document.uri.fsPath;
    if (document.languageId === 'dotprompt' && !isPartialFile(file))
      return this.promptLenses(document);
    if (isFixtureFile(file)) return this.fixtureLenses(document);
    return [];
  }

  /** Above a prompt: run, run without cache, preview, variants, its results, other models, HEAD. */
  private promptLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const file = document.uri.fsPath;
    const count = caseCount(file, document.getText());
    if (count === undefined) return [];
    const lens = (title: string, command: string, ...args: unknown[]) =>
      new vscode.CodeLens(TOP, { title, command, arguments: [document.uri, ...args] });
    const lenses = [
      lens(`▶ Run ${count} case${count === 1 ? '' : 's'}`, 'promptops.run'),
      lens('Run without cache', 'promptops.run', [], 'no-cache'),
      lens('Preview', 'promptops.preview'),
    ];
    const variants = variantsOf(file);
    if (variants.length)
      lenses.push(
        lens(
          `Compare with variant… (${variants.map((v) => v.variant).join(', ')})`,
          'promptops.compareWithVariant',
        ),
      );
    const root = this.service.rootOf(file);
    const artifact = latestArtifact(root, file, readSettings(document.uri).resultsFolder);
    // A failing result opens the first failure; a passing one the results.
    if (artifact)
      lenses.push(
        artifact.summary.passed < artifact.summary.total
          ? lens(runSummary(artifact), 'promptops.showFailures')
          : lens(runSummary(artifact), 'promptops.openResults'),
      );
    // Runs with another model are theirs, labelled with the model, never the prompt's own result.
    for (const other of otherModelResults(root, file))
      lenses.push(
        lens(`${other.model.id}: ${runSummary(other)}`, 'promptops.openResults', other.model.id),
      );
    if (document.isDirty || differsFromHead(file))
      lenses.push(lens('⇄ Compare with HEAD', 'promptops.compareWithHead'));
    return lenses;
  }

  /** Above each case of a fixture file: run it, and its last result. */
  private fixtureLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const promptFile = promptForFixtures(document.uri.fsPath);
    if (!promptFile) return [];
    const promptUri = vscode.Uri.file(promptFile);
    const artifact = latestArtifact(
      this.service.rootOf(promptFile),
      promptFile,
      readSettings(document.uri).resultsFolder,
    );
    return caseLocations(document.getText(), document.uri.fsPath).flatMap(({ id, line }) => {
      const range = new vscode.Range(line, 0, line, 0);
      const lenses = [
        new vscode.CodeLens(range, {
          title: '▶ Run',
          command: 'promptops.run',
          arguments: [promptUri, [id]],
        }),
      ];
      const result = artifact && lastResultOf(artifact.cases, id);
      if (result)
        lenses.push(
          new vscode.CodeLens(range, {
            title: caseSummary(result),
            command: 'promptops.openResults',
            arguments: [promptUri],
          }),
        );
      return lenses;
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
