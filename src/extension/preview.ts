import * as vscode from 'vscode';
import * as path from 'node:path';
import { parsePromptDocument } from '../core/language/document';
import { filePartialSource } from '../core/language/partials';
import {
  EMPTY_MESSAGE_MARK,
  formatMessages,
  MISSING_MARK,
  renderPrompt,
  type PreviewMarks,
} from '../core/language/render';
import { sampleInputFor } from '../core/language/sample';
import type { Logger } from '../core/types';
import { LANGUAGE_ID, workspaceRoot } from './language/providers';

export const PREVIEW_SCHEME = 'promptops-preview';
const DEBOUNCE_MS = 250;

/**
 * Read-only rendered previews: `promptops-preview:<prompt path>.rendered?<prompt uri>`.
 * The text comes from the editor's current buffer, so the preview follows unsaved edits.
 */
export class PreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly logger: Logger) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeTextDocument((event) => this.sourceChanged(event.document)),
      // Fixtures and partials feed previews too: refresh them all when any file is saved.
      vscode.workspace.onDidSaveTextDocument(() => this.refreshAll()),
    );
  }

  static uriFor(prompt: vscode.Uri): vscode.Uri {
    return vscode.Uri.from({
      scheme: PREVIEW_SCHEME,
      path: `${prompt.path}.rendered`,
      query: prompt.toString(),
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const promptUri = vscode.Uri.parse(uri.query);
    const name = path.basename(promptUri.path);
    try {
      const document = await vscode.workspace.openTextDocument(promptUri);
      return await this.render(document, name);
    } catch (error) {
      this.logger.error(`preview of ${promptUri.toString()} failed: ${String(error)}`);
      return `Preview of ${name}\n\n✘ Cannot open the prompt: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }

  private async render(document: vscode.TextDocument, name: string): Promise<string> {
    const source = document.getText();
    const parsed = parsePromptDocument(source);
    const fsPath = document.uri.scheme === 'file' ? document.uri.fsPath : undefined;
    const sample = fsPath
      ? sampleInputFor(fsPath, parsed)
      : { input: {}, source: 'no input (unsaved file)' };
    const openText = (file: string) =>
      vscode.workspace.textDocuments
        .find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)
        ?.getText();
    const partials = fsPath
      ? filePartialSource(fsPath, workspaceRoot(document), openText)
      : undefined;
    const result = await renderPrompt(
      source,
      partials ? { input: sample.input, partials } : { input: sample.input },
      parsed,
      { markMissing: true },
    );
    const header = [`Preview of ${name}`, `Input: ${sample.source}`];
    if (sample.warning) header.push(`⚠ ${sample.warning}`);
    if (!result.ok) {
      const where = result.error.range
        ? ` (line ${result.error.range.start.line + 1}, column ${result.error.range.start.character + 1})`
        : '';
      // The message on a line of its own: the preview wraps long lines (its language's default).
      return `${header.join('\n')}\n\n✘ Cannot render${where}:\n${result.error.message}\n`;
    }
    const { model, config } = result.prompt;
    const settings =
      config && Object.keys(config).length ? ` · config ${JSON.stringify(config)}` : '';
    header.push(`Model: ${model ?? '(none)'}${settings}`);
    header.push(...markNotes(result.marks));
    return `${header.join('\n')}\n\n${formatMessages(result.prompt.messages)}\n`;
  }

  private sourceChanged(document: vscode.TextDocument): void {
    if (
      document.languageId !== LANGUAGE_ID &&
      !/\.fixtures\.(ya?ml|jsonl)$/.test(document.fileName)
    )
      return;
    for (const preview of vscode.workspace.textDocuments) {
      if (preview.uri.scheme !== PREVIEW_SCHEME) continue;
      const isSource = preview.uri.query === document.uri.toString();
      // A partial or fixture being edited can affect any preview.
      if (
        isSource ||
        path.basename(document.fileName).startsWith('_') ||
        document.languageId !== LANGUAGE_ID
      )
        this.schedule(preview.uri);
    }
  }

  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.changed.fire(uri);
      }, DEBOUNCE_MS),
    );
  }

  private refreshAll(): void {
    for (const preview of vscode.workspace.textDocuments)
      if (preview.uri.scheme === PREVIEW_SCHEME) this.schedule(preview.uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** What the preview marked, said at its top: the input lacks a value, a message rendered empty. */
function markNotes(marks: PreviewMarks | undefined): string[] {
  const notes: string[] = [];
  if (marks?.missing.length)
    notes.push(
      `⚠ Missing from this input: ${marks.missing.join(', ')} (shown as ${MISSING_MARK(marks.missing[0] ?? '')}; the model would get nothing there)`,
    );
  if (marks?.emptyMessages.length)
    notes.push(
      `⚠ ${marks.emptyMessages.length === 1 ? `The ${marks.emptyMessages[0]} message renders` : `${marks.emptyMessages.length} messages (${marks.emptyMessages.join(', ')}) render`} empty with this input: shown as ${EMPTY_MESSAGE_MARK}, the model gets no text from it`,
    );
  return notes;
}
