// The reviewers' report page (promptops report): its trends charts, drawn by the same code as the
// editor's trends view. The series come in the page as a JSON data block (never executed; `<` is
// escaped in it), are parsed, and drawn with textContent only. Bundled with Chart.js into
// dist/report.js, which the CLI inlines into the page under a CSP hash: no remote code.
import type { TrendsSeries } from '../shared/messages';
import { renderTrends } from './trends-charts';

function draw(): void {
  const data = document.getElementById('trends-data');
  const root = document.getElementById('trends-charts');
  if (!data || !root) return;
  const series = JSON.parse(data.textContent ?? '[]') as TrendsSeries[];
  renderTrends(root, series, 'h3');
  root.dataset.drawn = String(series.length);
}

draw();
