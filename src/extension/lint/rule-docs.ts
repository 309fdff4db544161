import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { openRendered } from '../rendered';

export const RULE_DOCS_SCHEME = 'promptops-rule';
const CODE = /^PO\d{3}$/;

/** `promptops-rule:/PO201.md`: a rule's page, what a diagnostic's code links to. */
export function ruleDocUri(code: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/${code}.md` });
}

/** The folder the diagnostics' code links point into (joined with `PO201.md`). */
export const RULE_DOCS_BASE = vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: '/' });

/**
 * The rule pages (docs/rules in the extension), read-only and rendered. A diagnostic's code link
 * is opened by VS Code itself, as a text editor on the page: that editor is swapped for the
 * rendered preview, so a page never opens as editable Markdown source.
 */
export class RuleDocs implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly folder: vscode.Uri) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(RULE_DOCS_SCHEME, this),
      vscode.window.onDidChangeVisibleTextEditors((editors) => void this.renderOpened(editors)),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const code = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    if (!CODE.test(code)) return `# ${code}\n\nNo such PromptOps rule.\n`;
    try {
      return fs.readFileSync(vscode.Uri.joinPath(this.folder, `${code}.md`).fsPath, 'utf8');
    } catch {
      return `# ${code}\n\nNo page for this rule: see the rules in docs/lint.md.\n`;
    }
  }

  /** Opens a rule's page rendered (the quick fix "Show documentation", the palette). */
  async show(code?: string): Promise<void> {
    const picked = code ?? (await this.pick());
    if (picked) await openRendered(ruleDocUri(picked), false);
  }

  private async pick(): Promise<string | undefined> {
    let codes: string[];
    try {
      codes = fs
        .readdirSync(this.folder.fsPath)
        .map((f) => f.replace(/\.md$/, ''))
        .filter((c) => CODE.test(c))
        .sort();
    } catch {
      codes = [];
    }
    return vscode.window.showQuickPick(codes, { title: 'PromptOps rule documentation' });
  }

  private async renderOpened(editors: readonly vscode.TextEditor[]): Promise<void> {
    // Without the built-in Markdown preview the read-only source is what there is.
    if (!vscode.extensions.getExtension('vscode.markdown-language-features')) return;
    for (const editor of editors) {
      if (editor.document.uri.scheme !== RULE_DOCS_SCHEME) continue;
      const uri = editor.document.uri;
      const tabs = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter(
          (t) =>
            t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString(),
        );
      await openRendered(uri, false);
      await vscode.window.tabGroups.close(tabs);
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
