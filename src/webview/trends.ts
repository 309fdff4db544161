// The editor's trends view: the extension sends the series, renderTrends draws them with Chart.js
// (bundled into dist/trends.js; the webview's CSP, no remote code).
import type { FromTrends, ToTrends } from '../shared/messages';
import { renderTrends } from './trends-charts';

declare function acquireVsCodeApi(): { postMessage(message: FromTrends): void };

window.addEventListener('message', (event: MessageEvent<ToTrends>) => {
  const root = document.getElementById('runs');
  if (root && event.data?.type === 'trends') renderTrends(root, event.data.series);
});
acquireVsCodeApi().postMessage({ type: 'ready' });
