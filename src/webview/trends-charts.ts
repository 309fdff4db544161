// The trends charts: pass rate, cost and p95 latency of each prompt and model over time, drawn with
// Chart.js (bundled into the page's script: no remote code, the page's CSP). Dates on the x axis, a
// tooltip per run, label promotions and rollbacks marked on the time line, drift flags explained
// beside the chart they flag. Every text goes in with textContent, never as HTML. The editor's
// trends view (trends.ts) and the reviewers' report page (report.ts) both draw with renderTrends.
import {
  Chart,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
  type TooltipModel,
} from 'chart.js';
import type { TrendsMove, TrendsSeries } from '../shared/messages';
import { el } from './dom';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

type Run = TrendsSeries['runs'][number];
type Metric = 'pass rate' | 'cost' | 'latency p95';

interface MetricSpec {
  metric: Metric;
  value: (run: Run) => number | null;
  format: (value: number) => string;
}

const METRICS: MetricSpec[] = [
  { metric: 'pass rate', value: (r) => r.passRate * 100, format: (v) => `${Math.round(v)}%` },
  {
    metric: 'cost',
    value: (r) => r.costUsd,
    format: (v) => `$${v.toFixed(v !== 0 && Math.abs(v) < 0.0001 ? 6 : 4)}`,
  },
  {
    metric: 'latency p95',
    value: (r) => r.p95,
    format: (v) => `${Math.round(v)} ms`,
  },
];

const themeColour = (name: string, fallback: string) =>
  getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

/** `2026-12-01 19:54` (or `…19:54:07`, or the day alone) in the viewer's time zone. */
function when(time: number, withTime = true, withSeconds = false): string {
  const d = new Date(time);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (!withTime) return day;
  return withSeconds ? `${day} ${clock}:${pad(d.getSeconds())}` : `${day} ${clock}`;
}

/** Label moves as dashed vertical lines across the chart, each with its label name on top. */
function movesPlugin(moves: TrendsMove[]): Plugin<'line'> {
  return {
    id: 'labelMoves',
    afterDatasetsDraw(chart) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      if (!x) return;
      ctx.save();
      ctx.setLineDash([4, 3]);
      ctx.font = '10px sans-serif';
      for (const move of moves) {
        const at = x.getPixelForValue(Date.parse(move.at));
        if (at < chartArea.left - 1 || at > chartArea.right + 1) continue;
        const colour =
          move.action === 'rollback'
            ? themeColour('--vscode-charts-orange', '#d18616')
            : themeColour('--vscode-charts-green', '#388a34');
        ctx.strokeStyle = colour;
        ctx.fillStyle = colour;
        ctx.beginPath();
        ctx.moveTo(at, chartArea.top);
        ctx.lineTo(at, chartArea.bottom);
        ctx.stroke();
        ctx.fillText(
          `${move.action === 'rollback' ? '↶' : '▲'} ${move.label}`,
          at + 3,
          chartArea.top + 9,
        );
      }
      ctx.restore();
    },
  };
}

/** The tooltip as a DOM element (text only), so it reads like the page and tests can see it. */
function externalTooltip(figure: HTMLElement, series: TrendsSeries, spec: MetricSpec) {
  const box = el('div', undefined, 'tooltip');
  box.setAttribute('role', 'tooltip');
  figure.append(box);
  return ({ tooltip }: { tooltip: TooltipModel<'line'> }) => {
    const point = tooltip.dataPoints?.[0];
    if (!tooltip.opacity || !point) {
      box.style.display = 'none';
      return;
    }
    const run = series.runs[point.dataIndex];
    if (!run) return;
    const flag = flagOf(series, spec.metric, point.dataIndex);
    const lines = [
      when(Date.parse(run.createdAt)),
      `${spec.metric}: ${spec.format(point.parsed.y ?? 0)}`,
      `run ${point.dataIndex + 1} of ${series.runs.length} · ${series.model}`,
      `cases: ${run.passed}/${run.total} passed`,
      ...(flag ? [`⚠ ${flag}`] : []),
    ];
    box.replaceChildren(...lines.map((line, i) => el('div', line, i === 0 ? 'tip-title' : '')));
    box.style.display = 'block';
    box.style.left = `${tooltip.caretX + 12}px`;
    box.style.top = `${tooltip.caretY}px`;
  };
}

/** The drift flag of a metric, which falls on the series' last run (drift compares it with those before). */
function flagOf(series: TrendsSeries, metric: Metric, index: number): string | undefined {
  if (index !== series.runs.length - 1) return undefined;
  const flag = series.flags.find((f) => f.metric === metric);
  return flag ? `${metric} ${flag.direction}: ${flag.evidence}` : undefined;
}

function chartConfig(
  series: TrendsSeries,
  spec: MetricSpec,
  figure: HTMLElement,
): ChartConfiguration<'line'> {
  const times = series.runs.map((r) => Date.parse(r.createdAt));
  const first = Math.min(...times, ...series.moves.map((m) => Date.parse(m.at)));
  const last = Math.max(...times);
  // One run: an hour either side, so the axis still reads as dates. Runs minutes apart (a
  // session of edits): spread over the chart, the ticks with seconds.
  const span = last - first;
  const short = span > 0 && span < 10 * 60_000;
  const pad = span === 0 ? 3_600_000 : span * (short ? 0.08 : 0.04);
  const accent = themeColour('--vscode-charts-blue', '#1a85ff');
  const warn = themeColour('--vscode-charts-red', '#e51400');
  const flagged = series.flags.some((f) => f.metric === spec.metric);
  const data = series.runs.map((r, i) => ({ x: times[i] ?? 0, y: spec.value(r) }));
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: spec.metric,
          data: data.filter((d): d is { x: number; y: number } => d.y !== null),
          borderColor: flagged ? warn : accent,
          backgroundColor: accent,
          pointBackgroundColor: series.runs.map((_, i) =>
            flagged && i === series.runs.length - 1 ? warn : accent,
          ),
          pointRadius: series.runs.map((_, i) => (flagged && i === series.runs.length - 1 ? 5 : 3)),
          pointHoverRadius: 6,
          borderWidth: 2,
          tension: 0,
        },
      ],
    },
    options: {
      animation: false,
      responsive: false,
      interaction: { mode: 'nearest', intersect: false, axis: 'x' },
      scales: {
        x: {
          type: 'linear',
          min: first - pad,
          max: last + pad,
          ticks: {
            maxTicksLimit: 4,
            callback: (value) => when(Number(value), span < 2 * 86_400_000, short),
          },
        },
        y: {
          ...(spec.metric === 'pass rate' ? { min: 0, max: 100 } : { beginAtZero: true }),
          ticks: { maxTicksLimit: 5, callback: (value) => spec.format(Number(value)) },
        },
      },
      plugins: {
        tooltip: { enabled: false, external: externalTooltip(figure, series, spec) },
      },
    },
    plugins: [movesPlugin(series.moves)],
  };
}

function chartFigure(series: TrendsSeries, spec: MetricSpec): HTMLElement {
  const values = series.runs.map(spec.value).filter((v): v is number => v !== null);
  const lastValue = values.at(-1);
  const figure = el('figure', undefined, 'chart');
  const flag = series.flags.find((f) => f.metric === spec.metric);
  if (flag) figure.classList.add('flagged');
  figure.append(
    el(
      'figcaption',
      `${spec.metric}${lastValue === undefined ? '' : `: ${spec.format(lastValue)}`}`,
    ),
  );
  if (values.length === 0) {
    figure.append(el('p', 'no figures recorded', 'note'));
    return figure;
  }
  const canvas = el('canvas');
  canvas.width = 380;
  canvas.height = 170;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute(
    'aria-label',
    `${spec.metric} of ${series.prompt} with ${series.model}: ${values.length} runs, last ${lastValue === undefined ? '–' : spec.format(lastValue)}`,
  );
  figure.append(canvas);
  // The flag explained where it shows: what moved, and why it counts.
  if (flag)
    figure.append(
      el(
        'p',
        `⚠ ${spec.metric} ${flag.direction} on the last run (red point): ${flag.evidence}`,
        'flag',
      ),
    );
  new Chart(canvas, chartConfig(series, spec, figure));
  return figure;
}

function movesList(moves: TrendsMove[]): HTMLElement | undefined {
  if (!moves.length) return undefined;
  const list = el('ul', undefined, 'moves');
  for (const m of moves)
    list.append(
      el(
        'li',
        `${m.action === 'rollback' ? '↶ rollback' : '▲ promotion'}: ${m.label} → ${m.to.slice(0, 7)} by ${m.by}, ${when(Date.parse(m.at))}`,
      ),
    );
  return list;
}

/**
 * Draws every series into `root` (its children are replaced): a heading (`h2` in the trends view,
 * `h3` under the report's own headings), three charts each, the label moves.
 */
export function renderTrends(
  root: HTMLElement,
  all: TrendsSeries[],
  headingTag: 'h2' | 'h3' = 'h2',
): void {
  if (all.length === 0) {
    root.replaceChildren(
      el('p', 'No run history yet: run some evals (the history is .promptops/history.jsonl).'),
    );
    return;
  }
  root.replaceChildren();
  for (const series of all) {
    const section = el('section');
    const heading = el(headingTag, `${series.prompt} `);
    heading.append(el('span', series.model, 'model'));
    section.append(heading);
    const charts = el('div', undefined, 'charts');
    section.append(charts);
    for (const spec of METRICS) charts.append(chartFigure(series, spec));
    const moves = movesList(series.moves);
    if (moves) section.append(moves);
    root.append(section);
  }
}
