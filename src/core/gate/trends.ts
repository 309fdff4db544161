import type { DriftSeries } from './drift';

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** One small line chart as inline SVG (no scripts, no remote assets); colours from the theme via CSS classes. Production series draw it too (src/core/monitor/trends.ts). */
export function chart(
  title: string,
  values: (number | null)[],
  format: (x: number) => string,
  flagged: boolean,
): string {
  const width = 320;
  const height = 90;
  const pad = 24;
  const present = values.filter((v): v is number => v !== null);
  if (present.length === 0) return '';
  const min = Math.min(...present);
  const max = Math.max(...present);
  const span = max - min || 1;
  const x = (i: number) =>
    pad + (values.length === 1 ? 0 : (i / (values.length - 1)) * (width - 2 * pad));
  const y = (v: number) => height - pad - ((v - min) / span) * (height - 2 * pad);
  const points = values
    .flatMap((v, i) => (v === null ? [] : [`${x(i).toFixed(1)},${y(v).toFixed(1)}`]))
    .join(' ');
  const last = present[present.length - 1] ?? 0;
  return `<figure class="chart${flagged ? ' flagged' : ''}"><figcaption>${escape(title)}: ${escape(format(last))}</figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escape(`${title}, ${values.length} runs, last ${format(last)}`)}"><text x="2" y="${pad - 8}" class="axis">${escape(format(max))}</text><text x="2" y="${height - 4}" class="axis">${escape(format(min))}</text><polyline points="${points}" class="line"/>${values
    .map((v, i) =>
      v === null
        ? ''
        : `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" class="${i === values.length - 1 ? 'last' : 'point'}"/>`,
    )
    .join('')}</svg></figure>`;
}

/** The body of the trends view: per prompt and model, pass rate, cost and p95 latency over runs. */
export function trendsHtml(series: DriftSeries[]): string {
  if (series.length === 0)
    return '<p>No run history yet: run some evals (the history is .promptops/history.jsonl).</p>';
  return series
    .map((s) => {
      const flagged = (metric: string) => s.flags.some((f) => f.metric === metric);
      const flags = s.flags
        .map((f) => `<li>${escape(`${f.metric} ${f.direction}: ${f.evidence}`)}</li>`)
        .join('');
      return `<section><h2>${escape(s.prompt)} <span class="model">${escape(s.model)}</span></h2>${flags ? `<ul class="flags">${flags}</ul>` : ''}<div class="charts">${chart(
        'pass rate',
        s.runs.map((r) => r.passRate),
        (v) => `${Math.round(v * 100)}%`,
        flagged('pass rate'),
      )}${chart(
        'cost',
        s.runs.map((r) => r.costUsd),
        (v) => `$${v.toFixed(4)}`,
        flagged('cost'),
      )}${chart(
        'latency p95',
        s.runs.map((r) => r.p95),
        (v) => `${Math.round(v)} ms`,
        flagged('latency p95'),
      )}</div></section>`;
    })
    .join('\n');
}

/** A label move on a prompt's time line (promotion or rollback), as the trends charts mark it. */
export interface TrendsMove {
  at: string;
  label: string;
  action: 'promotion' | 'rollback';
  to: string;
  by: string;
}

/** One prompt and model of the trends view: its runs, its drift flags, its label moves. */
export interface TrendsSeries extends DriftSeries {
  moves: TrendsMove[];
}

/** The trends view's data: each series with the label moves of its prompt (for the time line). */
export function trendsSeries(
  series: DriftSeries[],
  movesOf: (
    prompt: string,
  ) => { at: string; label: string; action: string; to: string; by: string }[],
): TrendsSeries[] {
  return series.map((s) => ({
    ...s,
    moves: movesOf(s.prompt).map((m) => ({
      at: m.at,
      label: m.label,
      action: m.action === 'rollback' ? 'rollback' : 'promotion',
      to: m.to,
      by: m.by,
    })),
  }));
}
