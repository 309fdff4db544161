import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectDrift, readHistory } from '../../core/gate/drift';
import { trendsHtml } from '../../core/gate/trends';
import { productionTrendsFromFile } from '../../core/monitor/trends';

const escapeText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** "Show trends": charts of each prompt's runs from .promptops/history.jsonl. No scripts in this view. */
export class TrendsView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** `tracesFile`: OTLP/JSON production traces (promptops.telemetry.tracesFile), relative to `root`. */
  show(root: string, tracesFile = ''): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'promptops.trends',
        'PromptOps trends',
        vscode.ViewColumn.Active,
        {
          enableScripts: false,
          localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
        },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    const series = detectDrift(readHistory(path.join(root, '.promptops', 'history.jsonl')));
    const production = tracesFile
      ? `<h1>Production</h1><p class="note">From ${escapeText(tracesFile)}, per hour; flags as promptops monitor.</p>${productionTrendsFromFile(path.resolve(root, tracesFile))}`
      : '';
    const webview = this.panel.webview;
    const style = webview.asWebviewUri(
      vscode.Uri.joinPath(this.extensionUri, 'media', 'trends.css'),
    );
    webview.html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource};"><link rel="stylesheet" href="${style}"><title>PromptOps trends</title></head><body><h1>Trends</h1><p class="note">Pass rate, cost and p95 latency per run. Flags: pass rate by Fisher's exact test (p &lt; 0.05); cost and latency at least 3 standard deviations and 20% from the previous runs' mean.</p>${trendsHtml(series)}${production}</body></html>`;
    this.panel.reveal();
  }

  /** What the trends panel shows, while it is open. */
  get html(): string | undefined {
    return this.panel?.webview.html;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
