import type { CaseResult, RunArtifact } from '../eval/artifact';
import { wordDiff, type DiffSegment } from '../compare/textdiff';
import { seriesCharts } from './charts';
import type { ReportData, ReportPrompt } from './collect';
import { escapeHtml as h } from './escape';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const usd = (x: number) => `$${x.toFixed(4)}`;
const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);

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

function cellHtml(cell: Cell | undefined): string {
  if (!cell) return '<td class="none" title="not run with this model">–</td>';
  const mark = cell.status === 'pass' ? '✓ pass' : cell.status === 'fail' ? '✗ fail' : '! error';
  const repeats = cell.runs > 1 ? ` ${cell.passed}/${cell.runs}` : '';
  return `<td class="${cell.status}">${mark}${repeats}</td>`;
}

function caseIds(p: ReportPrompt): string[] {
  return [...new Set(p.runs.flatMap((r) => r.cases.map((c) => c.id)))];
}

/** Prompts × cases down, models across: what passed where. */
function matrix(data: ReportData): string {
  const models = [...new Set(data.prompts.flatMap((p) => p.runs.map((r) => r.model.id)))];
  const head = `<tr><th>prompt</th><th>case</th>${models.map((m) => `<th>${h(m)}</th>`).join('')}</tr>`;
  const rows = data.prompts.flatMap((p) =>
    caseIds(p).map((id, i) => {
      const cells = models.map((m) => {
        const run = p.runs.find((r) => r.model.id === m);
        return cellHtml(run && cellOf(run.cases.filter((c) => c.id === id)));
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

const asText = (value: unknown) =>
  typeof value === 'string' ? value : (JSON.stringify(value, null, 2) ?? String(value));

/** One failed case: each failed assertion with its reason, and expected against actual, word by word. */
function failureHtml(run: RunArtifact, c: CaseResult): string {
  const actual = c.output?.text ?? c.error ?? '';
  const failed = c.assertions.filter((a) => !a.pass);
  const checks = failed
    .map((a) => {
      const expected = a.expected === undefined ? undefined : asText(a.expected);
      const diff =
        expected === undefined
          ? ''
          : `<div class="diff"><div><h5>expected</h5><pre class="expected">${segments(wordDiff(expected, actual).filter((s) => s.kind !== 'added'))}</pre></div><div><h5>actual</h5><pre class="actual">${segments(wordDiff(expected, actual).filter((s) => s.kind !== 'removed'))}</pre></div></div>`;
      return `<li><b>${a.negated ? 'not-' : ''}${h(a.type)}</b>: ${h(a.reason)}${diff}</li>`;
    })
    .join('');
  const output =
    failed.some((a) => a.expected !== undefined) && c.status !== 'error'
      ? ''
      : `<h5>${c.status === 'error' ? 'error' : 'actual'}</h5><pre class="actual">${h(actual)}</pre>`;
  return `<article class="failure"><h4>${h(run.prompt.path)} · ${h(c.id)}${c.repeat ? ` (repeat ${c.repeat + 1})` : ''} · <span class="model">${h(run.model.id)}</span> · ${c.status}</h4><ul>${checks}</ul>${output}</article>`;
}

function failures(data: ReportData): string {
  const items = data.prompts.flatMap((p) =>
    p.runs.flatMap((r) => r.cases.filter((c) => c.status !== 'pass').map((c) => failureHtml(r, c))),
  );
  return items.length ? items.join('\n') : '<p class="ok">Every case passed.</p>';
}

/** Cost, tokens and latency per prompt and model; time is the run's wall clock, not the sum of cases. */
function costs(data: ReportData): string {
  const rows = data.prompts.flatMap((p) =>
    p.runs.map(
      (r) =>
        `<tr><td>${h(p.path)}</td><td>${h(r.model.id)}</td><td>${r.summary.passed}/${r.summary.total}</td><td>${pct(r.summary.passRate)}</td><td>${usd(r.summary.costUsd)}</td><td>${r.summary.tokens.total}</td><td>${ms(r.summary.latencyMs.p50)}</td><td>${ms(r.summary.latencyMs.p95)}</td><td>${ms(r.summary.durationMs)}</td><td>${h(r.mode)}</td><td>${h(r.createdAt.slice(0, 16).replace('T', ' '))}</td></tr>`,
    ),
  );
  return `<table><thead><tr><th>prompt</th><th>model</th><th>passed</th><th>pass rate</th><th>cost</th><th>tokens</th><th>latency p50</th><th>latency p95</th><th>run time</th><th>mode</th><th>run at (UTC)</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function trends(data: ReportData): string {
  const sections = data.prompts.flatMap((p) =>
    p.series.map(
      (s) =>
        `<section class="trend"><h3>${h(p.path)} <span class="model">${h(s.model)}</span></h3><div class="charts">${seriesCharts(s, p.labels)}</div></section>`,
    ),
  );
  return sections.length
    ? `<p class="legend">Hover a point for its run. ★ a label promoted, ↶ a rollback; a larger dot is a drift flag, explained under its chart.</p>${sections.join('\n')}`
    : '<p>No run history (.promptops/history.jsonl) yet.</p>';
}

function labels(data: ReportData): string {
  const rows = data.prompts.flatMap((p) =>
    [...p.labels]
      .reverse()
      .map(
        (m) =>
          `<tr><td>${h(m.at.slice(0, 16).replace('T', ' '))}</td><td>${h(p.path)}</td><td>${h(m.label)}</td><td>${m.action === 'rollback' ? 'rollback' : 'promotion'}</td><td>${m.from ? h(m.from.slice(0, 7)) : '–'} → ${h(m.to.slice(0, 7))}</td><td>${h(m.by)}</td><td>${m.forced ? `forced past: ${h(m.forced.join('; '))}` : ''}</td></tr>`,
      ),
  );
  return rows.length
    ? `<table><thead><tr><th>when (UTC)</th><th>prompt</th><th>label</th><th>move</th><th>version</th><th>by</th><th>note</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`
    : '<p>No label has been moved (promptops.registry.yaml).</p>';
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:2em;color:#1f2328;max-width:1200px}h1{margin-bottom:0}.meta{color:#656d76}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f6f8fa}td.pass{background:#dafbe1;color:#116329}td.fail{background:#ffebe9;color:#a40e26;font-weight:600}td.error{background:#fff8c5;color:#7d4e00;font-weight:600}td.none{color:#8c959f}pre{white-space:pre-wrap;margin:0;padding:6px;background:#f6f8fa;border-radius:4px}ins{background:#aceebb;text-decoration:none}del{background:#ffcecb}.failure{border:1px solid #d0d7de;border-left:4px solid #cf222e;padding:.5em 1em;margin:.75em 0}.failure h4{margin:.25em 0}.diff{display:grid;grid-template-columns:1fr 1fr;gap:8px;margin:.4em 0}h5{margin:.3em 0 .2em;color:#656d76}.model{font-weight:normal;color:#656d76;font-family:ui-monospace,monospace}.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{margin:0}.chart figcaption{font-weight:600}.chart .line{fill:none;stroke:#0969da;stroke-width:2}.chart .point{fill:#0969da}.chart .point.flagged{fill:#bc4c00;stroke:#1f2328}.chart .axis{stroke:#8c959f}.chart .tick{font-size:11px;fill:#656d76}.move line{stroke:#8250df;stroke-dasharray:3 3}.move text{fill:#8250df;font-size:12px}.move.rollback line{stroke:#bc4c00}.move.rollback text{fill:#bc4c00}.flag-note{max-width:420px;color:#bc4c00;margin:.2em 0}.ok{color:#116329}`;

/** One self-contained page: no scripts, no remote assets; every file and model text escaped as text. */
export function reportHtml(data: ReportData): string {
  const runs = data.prompts.flatMap((p) => p.runs);
  const failing = runs.reduce((n, r) => n + r.summary.failed + r.summary.errors, 0);
  const skipped = data.skipped.length
    ? `<p class="skipped">Left out (unreadable): ${data.skipped.map((s) => `${h(s.file)}: ${h(s.reason)}`).join('; ')}</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>PromptOps report</title>
<style>${STYLE}</style>
</head><body>
<h1>PromptOps report</h1>
<p class="meta">${data.prompts.length} prompt${data.prompts.length === 1 ? '' : 's'} · ${runs.length} run${runs.length === 1 ? '' : 's'} · ${failing} failing case${failing === 1 ? '' : 's'} · written ${h(data.createdAt.slice(0, 16).replace('T', ' '))} UTC</p>
${skipped}
<h2 id="matrix">Results</h2>
${data.prompts.length ? matrix(data) : '<p>No results (.promptops/results) yet: run promptops eval first.</p>'}
<h2 id="failures">Failures</h2>
${failures(data)}
<h2 id="costs">Cost and latency</h2>
${costs(data)}
<h2 id="trends">Trends</h2>
${trends(data)}
<h2 id="labels">Label history</h2>
${labels(data)}
</body></html>
`;
}
