import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { latestArtifact, type CaseResult, type RunArtifact } from '../../core/eval/artifact';
import { caseLocations, fixturePathFor } from '../../core/eval/fixtures';
import { variantsOf } from '../../core/variants/variants';
import { isPartialFile } from '../../core/language/analysis';
import { parsePromptDocument } from '../../core/language/document';
import { isFixtureFile, promptForFixtures } from '../../core/discovery/discovery';
import { readSettings } from '../config';
import { differsFromHead } from '../../core/git/git';
import type { EvalService } from './service';

/** `✓ 812 ms · $0.0004 · cached` */
export function caseSummary(result: CaseResult): string {
  const mark = result.status === 'pass' ? '✓' : result.status === 'fail' ? '✗' : '!';
  const parts = [
    result.status === 'error'
      ? `${mark} ${(result.error ?? 'error').slice(0, 60)}`
      : `${mark} ${result.latencyMs === null ? '–' : `${Math.round(result.latencyMs)} ms`}`,
  ];
  if (result.costUsd !== null) parts.push(`$${result.costUsd.toFixed(4)}`);
  if (result.cached) parts.push('cached');
  return parts.join(' · ');
}

export function runSummary(artifact: RunArtifact): string {
  const s = artifact.summary;
  return `${s.passed === s.total ? '✓' : '✗'} ${s.passed}/${s.total} · $${s.costUsd.toFixed(4)}${s.cancelled ? ' · cancelled' : ''}`;
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
    const top = new vscode.Range(0, 0, 0, 0);
    if (document.languageId === 'dotprompt' && !isPartialFile(file)) {
      const fixturesFile = fixturePathFor(
        file,
        parsePromptDocument(document.getText()).frontmatter?.data,
      );
      if (!fixturesFile) return [];
      let count: number;
      try {
        count = caseLocations(
          vscode.workspace.textDocuments.find((d) => d.uri.fsPath === fixturesFile)?.getText() ??
            fs.readFileSync(fixturesFile, 'utf8'),
          fixturesFile,
        ).length;
      } catch {
        return [];
      }
      const lenses = [
        new vscode.CodeLens(top, {
          title: `▶ Run ${count} case${count === 1 ? '' : 's'}`,
          command: 'promptops.run',
          arguments: [document.uri],
        }),
        new vscode.CodeLens(top, {
          title: 'Run without cache',
          command: 'promptops.run',
          arguments: [document.uri, [], 'no-cache'],
        }),
        new vscode.CodeLens(top, {
          title: 'Preview',
          command: 'promptops.preview',
          arguments: [document.uri],
        }),
      ];
      const variants = variantsOf(file);
      if (variants.length)
        lenses.push(
          new vscode.CodeLens(top, {
            title: `Compare with variant… (${variants.map((v) => v.variant).join(', ')})`,
            command: 'promptops.compareWithVariant',
            arguments: [document.uri],
          }),
        );
      const artifact = latestArtifact(
        this.service.rootOf(file),
        file,
        readSettings(document.uri).resultsFolder,
      );
      if (artifact)
        lenses.push(
          new vscode.CodeLens(top, {
            title: runSummary(artifact),
            command: 'promptops.openResults',
            arguments: [document.uri],
          }),
        );
      if (document.isDirty || differsFromHead(file))
        lenses.push(
          new vscode.CodeLens(top, {
            title: '⇄ Compare with HEAD',
            command: 'promptops.compareWithHead',
            arguments: [document.uri],
          }),
        );
      return lenses;
    }
    if (isFixtureFile(file)) {
      const promptFile = promptForFixtures(file);
      if (!promptFile) return [];
      const artifact = latestArtifact(
        this.service.rootOf(promptFile),
        promptFile,
        readSettings(document.uri).resultsFolder,
      );
      return caseLocations(document.getText(), file).flatMap(({ id, line }) => {
        const range = new vscode.Range(line, 0, line, 0);
        const lenses = [
          new vscode.CodeLens(range, {
            title: '▶ Run',
            command: 'promptops.run',
            arguments: [vscode.Uri.file(promptFile), [id]],
          }),
        ];
        const result = artifact?.cases.filter((c) => c.id === id).at(-1);
        if (result)
          lenses.push(
            new vscode.CodeLens(range, {
              title: caseSummary(result),
              command: 'promptops.openResults',
              arguments: [vscode.Uri.file(promptFile)],
            }),
          );
        return lenses;
      });
    }
    return [];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
