import type { CaseResult, RunArtifact } from '../eval/artifact';
import { wordDiff, type DiffSegment } from '../compare/textdiff';
import { trendsSeries } from '../gate/trends';
import type { ReportData, ReportPrompt } from './collect';
import { clip, escapeHtml as h, jsonForScript, scriptHash, valueText } from './escape';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const usd = (x: number) => `$${x.toFixed(4)}`;
const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

type Cell = { status: 'pass' | 'fail' | 'error'; passed: number; runs: number };

/** A case's outcome over its repeats: pass only when every repeat passed. */
function cellOf(cases: CaseResult[]): Cell | undefined {
  if (cases.length === 0) return undefined;
  const passed = cases.filter((c) => c.status === 'pass').length;
  const status = cases.some((c) => c.status === 'error')
    ? 'error'
    : passed === cases.length
      ? 'pass'
      : 'fail';
  return { status, passed, runs: cases.length };
}

/** The failures in page order, each with the anchor its matrix cell links to (never from data). */
interface Failure {
  anchor: string;
  prompt: string;
  run: RunArtifact;
  case: CaseResult;
}

function failureList(data: ReportData): Failure[] {
  const list = data.prompts.flatMap((p) =>
    p.runs.flatMap((run) =>
      run.cases.filter((c) => c.status !== 'pass').map((c) => ({ prompt: p.path, run, case: c })),
    ),
  );
  return list.map((f, i) => ({ ...f, anchor: `failure-${i + 1}` }));
}

function cellHtml(cell: Cell | undefined, anchor: string | undefined): string {
  if (!cell) return '<td class="none" title="not run with this model">–</td>';
  const mark = cell.status === 'pass' ? '✓ pass' : cell.status === 'fail' ? '✗ fail' : '! error';
  const repeats = cell.runs > 1 ? ` ${cell.passed}/${cell.runs}` : '';
  const text = anchor ? `<a href="#${anchor}">${mark}${repeats}</a>` : `${mark}${repeats}`;
  return `<td class="${cell.status}">${text}</td>`;
}

function caseIds(p: ReportPrompt): string[] {
  return [...new Set(p.runs.flatMap((r) => r.cases.map((c) => c.id)))];
}

/** Prompts × cases down, models across: what passed where; a failed cell links to its failure. */
function matrix(data: ReportData, failures: Failure[]): string {
  const models = [...new Set(data.prompts.flatMap((p) => p.runs.map((r) => r.model.id)))];
  const anchors = new Map<RunArtifact, Map<string, string>>();
  for (const f of failures) {
    const byCase = anchors.get(f.run) ?? new Map<string, string>();
    if (!byCase.has(f.case.id)) byCase.set(f.case.id, f.anchor);
    anchors.set(f.run, byCase);
  }
  const head = `<tr><th>prompt</th><th>case</th>${models.map((m) => `<th>${h(m)}</th>`).join('')}</tr>`;
  const rows = data.prompts.flatMap((p) =>
    caseIds(p).map((id, i) => {
      const cells = models.map((m) => {
        const run = p.runs.find((r) => r.model.id === m);
        const anchor = run && anchors.get(run)?.get(id);
        return cellHtml(run && cellOf(run.cases.filter((c) => c.id === id)), anchor);
      });
      const name =
        i === 0 ? `<th scope="row" rowspan="${caseIds(p).length}">${h(p.path)}</th>` : '';
      return `<tr>${name}<td>${h(id)}</td>${cells.join('')}</tr>`;
    }),
  );
  return `<table class="matrix"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function segments(parts: DiffSegment[]): string {
  return parts
    .map((p) =>
      p.kind === 'same'
        ? h(p.text)
        : `<${p.kind === 'added' ? 'ins' : 'del'}>${h(p.text)}</${p.kind === 'added' ? 'ins' : 'del'}>`,
    )
    .join('');
}

const more = (n: number) =>
  n ? `<p class="clipped">… ${n.toLocaleString('en')} more characters not shown</p>` : '';

/** A long text as a block: the first SHOWN_CHARS characters, and how many more there are. */
function textBlock(className: string, text: string): string {
  const shown = clip(text);
  return `<pre class="${className}">${h(shown.text)}</pre>${more(shown.more)}`;
}

/** Expected beside actual, word by word (both cut to what the page shows first). */
function diffHtml(expectedText: string, actualText: string): string {
  const expected = clip(expectedText);
  const actual = clip(actualText);
  const words = wordDiff(expected.text, actual.text);
  const side = (name: 'expected' | 'actual', drop: DiffSegment['kind'], cut: number) =>
    `<div><h5>${name}</h5><pre class="${name}">${segments(words.filter((s) => s.kind !== drop))}</pre>${more(cut)}</div>`;
  return `<div class="diff">${side('expected', 'added', expected.more)}${side('actual', 'removed', actual.more)}</div>`;
}

/** One failed case: each failed assertion with its reason, and expected against actual, word by word. */
function failureHtml(f: Failure): string {
  const c = f.case;
  const actual = c.output?.text ?? c.error ?? '';
  const failed = c.assertions.filter((a) => !a.pass);
  const checks = failed
    .map((a) => {
      const diff = a.expected === undefined ? '' : diffHtml(valueText(a.expected), actual);
      return `<li><b>${a.negated ? 'not-' : ''}${h(a.type)}</b>: ${h(clip(a.reason).text)}${diff}</li>`;
    })
    .join('');
  const output =
    failed.some((a) => a.expected !== undefined) && c.status !== 'error'
      ? ''
      : `<h5>${c.status === 'error' ? 'error' : 'actual'}</h5>${textBlock('actual', actual)}`;
  return `<article class="failure ${c.status}" id="${f.anchor}"><h4>${h(f.prompt)} · ${h(c.id)}${c.repeat ? ` (repeat ${c.repeat + 1})` : ''} · <span class="model">${h(f.run.model.id)}</span> · ${c.status}</h4><ul>${checks}</ul>${output}</article>`;
}

function failuresHtml(failures: Failure[]): string {
  return failures.length
    ? failures.map(failureHtml).join('\n')
    : '<p class="ok">Every case passed.</p>';
}

/** Cost, tokens and latency per prompt and model; time is the run's wall clock, not the sum of cases. */
function costs(data: ReportData): string {
  const rows = data.prompts.flatMap((p) =>
    p.runs.map(
      (r) =>
        `<tr><td>${h(p.path)}</td><td>${h(r.model.id)}</td><td>${r.summary.passed}/${r.summary.total}</td><td>${pct(r.summary.passRate)}</td><td>${usd(r.summary.costUsd)}</td><td>${r.summary.tokens.total}</td><td>${ms(r.summary.latencyMs.p50)}</td><td>${ms(r.summary.latencyMs.p95)}</td><td>${ms(r.summary.durationMs)}</td><td>${h(r.mode)}</td><td>${h(minute(r.createdAt))}</td></tr>`,
    ),
  );
  return `<table class="costs"><thead><tr><th>prompt</th><th>model</th><th>passed</th><th>pass rate</th><th>cost</th><th>tokens</th><th>latency p50</th><th>latency p95</th><th>run time</th><th>mode</th><th>run at (UTC)</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

const TRENDS_NOTE =
  "Pass rate, cost and p95 latency per run, in your time zone; hover a point for its run. Dashed lines: label promotions (▲) and rollbacks (↶). A red point is a drift flag, explained under its chart: pass rate by Fisher's exact test (p &lt; 0.05); cost and latency at least 3 standard deviations and 20% from the previous runs' mean.";

/** The trends charts: the series as a JSON data block, drawn by the bundled Chart.js script. */
function trends(data: ReportData): string {
  const series = data.prompts.flatMap((p) => trendsSeries(p.series, () => p.labels));
  if (series.length === 0) return '<p>No run history (.promptops/history.jsonl) yet.</p>';
  return `<p class="legend">${TRENDS_NOTE}</p><div id="trends-charts"><noscript>The charts need JavaScript (the page's own script; nothing is fetched). The figures of the latest runs are in the tables above.</noscript></div>
<script type="application/json" id="trends-data">${jsonForScript(series)}</script>`;
}

function labels(data: ReportData): string {
  const rows = data.prompts.flatMap((p) =>
    [...p.labels]
      .reverse()
      .map(
        (m) =>
          `<tr class="${m.action === 'rollback' ? 'rollback' : 'promotion'}"><td>${h(minute(m.at))}</td><td>${h(p.path)}</td><td>${h(m.label)}</td><td>${m.action === 'rollback' ? '↶ rollback' : '▲ promotion'}</td><td>${m.from ? h(m.from.slice(0, 7)) : '–'} → ${h(m.to.slice(0, 7))}</td><td>${h(m.by)}</td><td>${m.forced ? `forced past: ${h(m.forced.join('; '))}` : ''}</td></tr>`,
      ),
  );
  return rows.length
    ? `<table class="labels"><thead><tr><th>when (UTC)</th><th>prompt</th><th>label</th><th>move</th><th>version</th><th>by</th><th>note</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`
    : '<p>No label has been moved (promptops.registry.yaml).</p>';
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:2em;color:#1f2328;max-width:1200px}h1{margin-bottom:0}.meta,.legend{color:#656d76}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:break-word}th{background:#f6f8fa}td.pass{background:#dafbe1;color:#116329}td.fail{background:#ffebe9;color:#a40e26;font-weight:600}td.error{background:#fff8c5;color:#7d4e00;font-weight:600}td a{color:inherit}td.none{color:#8c959f}pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;padding:6px;background:#f6f8fa;border-radius:4px;max-height:24em;overflow:auto}ins{background:#aceebb;text-decoration:none}del{background:#ffcecb}.failure{border:1px solid #d0d7de;border-left:4px solid #cf222e;padding:.5em 1em;margin:.75em 0}.failure.error{border-left-color:#bf8700}.failure:target{outline:2px solid #0969da}.failure h4{margin:.25em 0;overflow-wrap:anywhere}.diff{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin:.4em 0}.diff>div{min-width:0}h5{margin:.3em 0 .2em;color:#656d76}.clipped{color:#656d76;font-style:italic;margin:.2em 0}.model{font-weight:normal;color:#656d76;font-family:ui-monospace,monospace}.charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}.chart{position:relative;border:1px solid #d0d7de;border-radius:4px;padding:.5em}.chart.flagged{border-color:#cf222e}.chart figcaption{font-weight:600;margin-bottom:.2em}.chart .flag{color:#a40e26;font-size:.85em;max-width:380px;margin:.3em 0 0}.chart .note{color:#656d76}.moves{font-size:.9em;color:#656d76;padding-left:1.2em}.tooltip{display:none;position:absolute;pointer-events:none;z-index:2;white-space:nowrap;font-size:.85em;padding:.35em .6em;border-radius:3px;background:#fff;border:1px solid #d0d7de;box-shadow:0 1px 3px rgba(0,0,0,.15)}.tooltip .tip-title{font-weight:600}.ok{color:#116329}`;

/**
 * One self-contained page: no remote assets, every file and model text escaped as text. The one
 * script is `chartScript` (dist/report.js: Chart.js and the trends drawing), inline and allowed
 * by its hash; the chart data is a JSON block it reads, never markup or code.
 */
export function reportHtml(data: ReportData, chartScript: string): string {
  if (/<\/script|<!--/i.test(chartScript))
    throw new Error('the chart script cannot be inlined: it holds </script or <!--');
  const runs = data.prompts.flatMap((p) => p.runs);
  const failing = runs.reduce((n, r) => n + r.summary.failed + r.summary.errors, 0);
  const failures = failureList(data);
  const skipped = data.skipped.length
    ? `<p class="skipped">Left out (unreadable): ${data.skipped.map((s) => `${h(s.file)}: ${h(clip(s.reason, 500).text)}`).join('; ')}</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src ${scriptHash(chartScript)}">
<meta name="referrer" content="no-referrer">
<title>PromptOps report</title>
<style>${STYLE}</style>
</head><body>
<h1>PromptOps report</h1>
<p class="meta">${data.prompts.length} prompt${data.prompts.length === 1 ? '' : 's'} · ${runs.length} run${runs.length === 1 ? '' : 's'} · ${failing} failing case${failing === 1 ? '' : 's'} · written ${h(minute(data.createdAt))} UTC</p>
${skipped}
<h2 id="matrix">Results</h2>
${data.prompts.length ? matrix(data, failures) : '<p>No results (.promptops/results) yet: run promptops eval first.</p>'}
<h2 id="failures">Failures</h2>
${failuresHtml(failures)}
<h2 id="costs">Cost and latency</h2>
${costs(data)}
<h2 id="trends">Trends</h2>
${trends(data)}
<h2 id="labels">Label history</h2>
${labels(data)}
<script>${chartScript}</script>
</body></html>
`;
}
