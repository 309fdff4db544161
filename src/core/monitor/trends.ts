import { chart } from '../gate/trends';
import { listPrice } from '../providers/prices';
import { monitorTraces, type MonitorReport } from './monitor';
import { readTraces, TraceFileError } from './otlp';

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * The production part of the trends view: per prompt, label and version, requests, guard
 * fallback rate, cost per request and p95 latency per time bucket, with monitor's flags.
 */
export function productionTrendsHtml(report: MonitorReport): string {
  if (report.versions.length === 0)
    return '<p>No promptops generation spans in the traces file.</p>';
  return report.versions
    .map((v) => {
      const flags = report.flags.filter(
        (f) => f.prompt === v.prompt && f.label === v.label && f.version === v.version,
      );
      const flagged = (metric: string) => flags.some((f) => f.metric === metric);
      const list = flags
        .map(
          (f) =>
            `<li>${escape(`${f.metric} ${f.direction} (${f.scope === 'version' ? 'since the previous version' : 'over time'}): ${f.evidence}`)}</li>`,
        )
        .join('');
      const b = v.buckets;
      return `<section class="production"><h2>${escape(v.prompt)} <span class="model">${escape(`production · ${v.label || 'no label'} ${v.version.slice(0, 7)} · ${v.requests} requests`)}</span></h2>${list ? `<ul class="flags">${list}</ul>` : ''}<div class="charts">${chart(
        'requests',
        b.map((x) => x.requests),
        (x) => `${Math.round(x)}`,
        false,
      )}${chart(
        'guard fallback rate',
        b.map((x) => (x.requests ? x.fallbacks / x.requests : null)),
        (x) => `${(x * 100).toFixed(1)}%`,
        flagged('guard fallback rate'),
      )}${chart(
        'cost per request',
        b.map((x) => x.costPerRequest),
        (x) => `$${x.toFixed(6)}`,
        flagged('cost per request'),
      )}${chart(
        'latency p95',
        b.map((x) => x.p95),
        (x) => `${Math.round(x)} ms`,
        flagged('latency p95'),
      )}</div></section>`;
    })
    .join('\n');
}

/** The production section of the trends view for a configured traces file (OTLP/JSON). */
export function productionTrendsFromFile(file: string): string {
  try {
    const { records, spans } = readTraces([file]);
    const report = monitorTraces(records, spans, {
      price: (provider, model) => listPrice(provider, model),
    });
    return productionTrendsHtml(report);
  } catch (error) {
    if (error instanceof TraceFileError) return `<p class="flags">${escape(error.message)}</p>`;
    throw error;
  }
}
