import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { detectDrift, readHistory } from '../../core/gate/drift';
import { trendsSeries, type TrendsSeries } from '../../core/gate/trends';
import { productionTrendsFromFile } from '../../core/monitor/trends';
import { readRegistry } from '../../core/registry/registry';
import type { FromTrends, ToTrends } from '../../shared/messages';

const escapeText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NOTE =
  "Pass rate, cost and p95 latency per run; hover a point for its run. Dashed lines: label promotions (▲) and rollbacks (↶). A red point is a drift flag, explained under its chart: pass rate by Fisher's exact test (p &lt; 0.05); cost and latency at least 3 standard deviations and 20% from the previous runs' mean.";

/**
 * "Show trends": charts of each prompt's runs from .promptops/history.jsonl, drawn in the webview
 * by the bundled Chart.js (dist/trends.js; CSP default-src 'none', the script by nonce).
 */
export class TrendsView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private series: TrendsSeries[] = [];

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** `tracesFile`: OTLP/JSON production traces (promptops.telemetry.tracesFile), relative to `root`. */
  show(root: string, tracesFile = ''): void {
    const panel = this.panel ?? this.createPanel();
    const registry = (() => {
      try {
        return readRegistry(root);
      } catch {
        return undefined; // a broken registry: charts without label moves
      }
    })();
    this.series = trendsSeries(
      detectDrift(readHistory(path.join(root, '.promptops', 'history.jsonl'))),
      (prompt) => registry?.prompts[prompt]?.history ?? [],
    );
    const production = tracesFile
      ? `<h1>Production</h1><p class="note">From ${escapeText(tracesFile)}, per hour; flags as promptops monitor.</p>${productionTrendsFromFile(path.resolve(root, tracesFile))}`
      : '';
    // The page is built anew each time: its script asks for the series once it has loaded.
    panel.webview.html = this.html(panel.webview, production);
    panel.reveal();
  }

  /** What the trends panel shows, while it is open: the page and the series it draws. */
  get shown(): { html: string; series: TrendsSeries[] } | undefined {
    return this.panel ? { html: this.panel.webview.html, series: this.series } : undefined;
  }

  private createPanel(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(
      'promptops.trends',
      'PromptOps trends',
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [
          vscode.Uri.joinPath(this.extensionUri, 'dist'),
          vscode.Uri.joinPath(this.extensionUri, 'media'),
        ],
      },
    );
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    panel.webview.onDidReceiveMessage((message: FromTrends) => {
      if (message.type === 'ready')
        void panel.webview.postMessage({ type: 'trends', series: this.series } satisfies ToTrends);
    });
    this.panel = panel;
    return panel;
  }

  private html(webview: vscode.Webview, production: string): string {
    const nonce = randomBytes(16).toString('base64');
    const asset = (...parts: string[]) =>
      webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...parts));
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';"><link rel="stylesheet" href="${asset('media', 'trends.css')}"><title>PromptOps trends</title></head><body><h1>Trends</h1><p class="note">${NOTE}</p><main id="runs"><p>Drawing the charts…</p></main>${production}<script nonce="${nonce}" src="${asset('dist', 'trends.js')}"></script></body></html>`;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
