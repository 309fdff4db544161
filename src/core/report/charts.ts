import type { DriftSeries } from '../gate/drift';
import type { LabelMove } from '../registry/registry';
import { escapeHtml } from './escape';

export interface ChartSpec {
  title: string;
  values: (number | null)[];
  format: (x: number) => string;
  flag?: string;
}

const W = 420;
const H = 150;
const LEFT = 58;
const RIGHT = 12;
const TOP = 14;
const BOTTOM = 34;

const day = (iso: string) => iso.slice(0, 10);
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** x position of a time between the first and last run (one run: the middle). */
function xScale(times: number[]): (t: number) => number {
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? first;
  const span = last - first;
  return (t) =>
    span === 0 ? (LEFT + W - RIGHT) / 2 : LEFT + ((t - first) / span) * (W - LEFT - RIGHT);
}

function yScale(values: number[]): { y: (v: number) => number; min: number; max: number } {
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    min = Math.max(0, min - pad);
    max = max + pad;
  }
  return { y: (v) => TOP + (1 - (v - min) / (max - min)) * (H - TOP - BOTTOM), min, max };
}

function dateTicks(series: DriftSeries, x: (t: number) => number): string {
  const runs = series.runs;
  const picks = [...new Set([0, Math.floor((runs.length - 1) / 2), runs.length - 1])];
  return picks
    .map((i) => runs[i])
    .filter((r) => r !== undefined)
    .map(
      (r) =>
        `<text x="${x(Date.parse(r.createdAt)).toFixed(1)}" y="${H - 16}" class="tick" text-anchor="middle">${escapeHtml(day(r.createdAt))}</text>`,
    )
    .join('');
}

function moveMarks(moves: LabelMove[], from: number, to: number, x: (t: number) => number): string {
  return moves
    .filter((m) => Date.parse(m.at) >= from && Date.parse(m.at) <= to)
    .map((m) => {
      const at = x(Date.parse(m.at)).toFixed(1);
      const what = `${m.action === 'rollback' ? 'rollback' : 'promotion'}: ${m.label} → ${m.to.slice(0, 7)} by ${m.by}, ${minute(m.at)}`;
      return `<g class="move ${m.action}"><title>${escapeHtml(what)}</title><line x1="${at}" x2="${at}" y1="${TOP}" y2="${H - BOTTOM}"/><text x="${at}" y="${TOP - 3}" text-anchor="middle">${m.action === 'rollback' ? '↶' : '★'}</text></g>`;
    })
    .join('');
}

function pointTitle(series: DriftSeries, i: number, spec: ChartSpec, value: number): string {
  const r = series.runs[i];
  if (!r) return '';
  return `${minute(r.createdAt)} · ${series.model} · ${r.passed}/${r.total} cases · ${spec.title} ${spec.format(value)}`;
}

/** A line chart as inline SVG: dates on the x axis, a tooltip per run, label moves marked. */
export function chartSvg(series: DriftSeries, spec: ChartSpec, moves: LabelMove[]): string {
  const times = series.runs.map((r) => Date.parse(r.createdAt));
  const present = spec.values.filter((v): v is number => v !== null);
  if (present.length === 0) return '';
  const x = xScale(times);
  const { y, min, max } = yScale(present);
  const pts = spec.values.flatMap((v, i) =>
    v === null ? [] : [{ i, v, px: x(times[i] ?? 0), py: y(v) }],
  );
  const line = pts.map((p) => `${p.px.toFixed(1)},${p.py.toFixed(1)}`).join(' ');
  const last = pts[pts.length - 1];
  const dots = pts
    .map(
      (p) =>
        `<circle cx="${p.px.toFixed(1)}" cy="${p.py.toFixed(1)}" r="${p === last ? 4 : 3}" class="${p === last && spec.flag ? 'point flagged' : 'point'}"><title>${escapeHtml(pointTitle(series, p.i, spec, p.v))}</title></circle>`,
    )
    .join('');
  const axis = `<line x1="${LEFT}" x2="${W - RIGHT}" y1="${H - BOTTOM}" y2="${H - BOTTOM}" class="axis"/><line x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${H - BOTTOM}" class="axis"/><text x="${LEFT - 4}" y="${TOP + 4}" class="tick" text-anchor="end">${escapeHtml(spec.format(max))}</text><text x="${LEFT - 4}" y="${H - BOTTOM}" class="tick" text-anchor="end">${escapeHtml(spec.format(min))}</text>`;
  const caption = `${spec.title}: ${last ? spec.format(last.v) : '–'} (${series.runs.length} run${series.runs.length === 1 ? '' : 's'})`;
  const flag = spec.flag
    ? `<p class="flag-note"><b>Flagged</b> (the larger dot): ${escapeHtml(spec.flag)}</p>`
    : '';
  return `<figure class="chart${spec.flag ? ' flagged' : ''}"><figcaption>${escapeHtml(caption)}</figcaption><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(caption)}">${axis}${dateTicks(series, x)}${moveMarks(moves, times[0] ?? 0, times[times.length - 1] ?? 0, x)}<polyline points="${line}" class="line"/>${dots}</svg>${flag}</figure>`;
}

/** Pass rate, cost and p95 latency of one prompt and model, with drift flags explained under the chart. */
export function seriesCharts(series: DriftSeries, moves: LabelMove[]): string {
  const flag = (metric: string) => {
    const f = series.flags.find((x) => x.metric === metric);
    return f ? `${f.metric} ${f.direction} on the latest run: ${f.evidence}` : undefined;
  };
  const specs: ChartSpec[] = [
    {
      title: 'pass rate',
      values: series.runs.map((r) => r.passRate),
      format: (v) => `${Math.round(v * 100)}%`,
      flag: flag('pass rate'),
    },
    {
      title: 'cost',
      values: series.runs.map((r) => r.costUsd),
      format: (v) => `$${v.toFixed(v !== 0 && v < 0.0001 ? 6 : 4)}`,
      flag: flag('cost'),
    },
    {
      title: 'latency p95',
      values: series.runs.map((r) => r.p95),
      format: (v) => `${Math.round(v)} ms`,
      flag: flag('latency p95'),
    },
  ];
  return specs.map((s) => chartSvg(series, s, moves)).join('');
}
