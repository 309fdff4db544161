import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Comparison } from '../../core/compare/compare';
import type { FromWebview, ShadowView, ToWebview } from '../../shared/messages';

export const COMPARE_SCHEME = 'promptops-compare';
const VIEW_TYPE = 'promptops.compare';

/** The compare webview, one panel at a time, and read-only documents for the diff editor. */
export class ComparePanels
  implements vscode.Disposable, vscode.TextDocumentContentProvider, vscode.WebviewPanelSerializer
{
  private panel: vscode.WebviewPanel | undefined;
  private comparison: Comparison | undefined;
  private shadow: ShadowView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri) {
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(COMPARE_SCHEME, this),
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, this),
    );
  }

  /** What the panel shows (and serves case diffs from): a comparison, with a shadow report's figures. */
  get current(): { comparison: Comparison; shadow?: ShadowView } | undefined {
    if (!this.comparison) return undefined;
    return this.shadow
      ? { comparison: this.comparison, shadow: this.shadow }
      : { comparison: this.comparison };
  }

  /** Shows a comparison; with `shadow`, a shadow report (its divergence figures above the cases). */
  show(comparison: Comparison, shadow?: ShadowView): void {
    this.comparison = comparison;
    this.shadow = shadow;
    const title = `${shadow ? 'Shadow' : 'Compare'} ${path.basename(comparison.prompt)}`;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        VIEW_TYPE,
        title,
        vscode.ViewColumn.Active,
        this.options(),
      );
      this.attach(this.panel);
    }
    this.panel.title = title;
    this.panel.reveal();
    this.post(this.message(comparison));
  }

  private message(comparison: Comparison): ToWebview {
    return this.shadow
      ? { type: 'comparison', comparison, shadow: this.shadow }
      : { type: 'comparison', comparison };
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
      ],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    panel.webview.html = this.html(panel.webview);
    panel.onDidDispose(
      () => {
        if (this.panel === panel) this.panel = undefined;
      },
      undefined,
      this.disposables,
    );
    panel.webview.onDidReceiveMessage(
      (message: FromWebview) => this.received(message),
      undefined,
      this.disposables,
    );
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    // The webview keeps its comparison in its own state and renders it again.
    this.panel = panel;
    panel.webview.options = this.options();
    this.attach(panel);
    const saved = state as { comparison?: Comparison; shadow?: ShadowView } | undefined;
    if (saved?.comparison) {
      this.comparison = saved.comparison;
      this.shadow = saved.shadow;
    }
  }

  private post(message: ToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  private received(message: FromWebview): void {
    if (message.type === 'ready' && this.comparison) this.post(this.message(this.comparison));
    else if (message.type === 'openDiff') void this.openDiff(message.caseId);
  }

  /** Output A and output B of a case in VS Code's diff editor (virtual, read-only documents). */
  async openDiff(caseId: string): Promise<void> {
    const c = this.comparison;
    if (!c) return;
    const uri = (side: 'a' | 'b') =>
      vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${caseId}.${side}.txt`, query: side });
    await vscode.commands.executeCommand(
      'vscode.diff',
      uri('a'),
      uri('b'),
      `${caseId}: ${c.a.label} ↔ ${c.b.label}`,
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const caseId = decodeURIComponent(path.posix.basename(uri.path).replace(/\.[ab]\.txt$/, ''));
    const found = this.comparison?.cases.find((x) => x.id === caseId);
    if (!found) return '';
    const result = uri.query === 'a' ? found.a : found.b;
    const json = result.output?.json;
    return json !== undefined
      ? JSON.stringify(json, null, 2) + '\n'
      : (result.output?.text ?? result.error ?? '');
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(
      vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'),
    );
    const style = webview.asWebviewUri(
      vscode.Uri.joinPath(this.extensionUri, 'media', 'compare.css'),
    );
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
<title>PromptOps comparison</title>
</head><body><main id="root"><p>Running both sides…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body></html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
