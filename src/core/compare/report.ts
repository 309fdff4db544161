import type { Comparison, SideSummary } from './compare';
import type { DiffSegment } from './textdiff';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const usd = (x: number) => `$${x.toFixed(4)}`;
const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);

function delta(
  a: number | null,
  b: number | null,
  format: (x: number) => string,
  points = false,
): string {
  if (a === null || b === null) return '–';
  const d = b - a;
  if (d === 0) return '0';
  return `${d > 0 ? '+' : '−'}${points ? `${Math.round(Math.abs(d) * 100)} pt` : format(Math.abs(d))}`;
}

/** A fence longer than any run of backticks in the text, so model output cannot close it. */
function fence(text: string, lang = ''): string {
  const ticks = '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((t) => t.length + 1)));
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function significance(c: Comparison): string {
  const n = c.regressions + c.improvements;
  const verdict =
    n === 0
      ? 'no case flipped'
      : c.pValue < 0.05
        ? c.improvements > c.regressions
          ? 'B is better (significant at 0.05)'
          : 'B is worse (significant at 0.05)'
        : 'not significant at 0.05: could be noise';
  return `exact McNemar p = ${c.pValue.toFixed(3)} (${verdict})`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, '\\$&');
}

/** Markdown fit for a pull-request comment; model outputs only inside fences. */
export function comparisonMarkdown(c: Comparison): string {
  const lines = [
    `### PromptOps comparison: ${escapeMarkdown(c.prompt)}`,
    '',
    `**A** ${escapeMarkdown(c.a.label)} · \`${c.a.model}\` → **B** ${escapeMarkdown(c.b.label)} · \`${c.b.model}\``,
    '',
    ...figuresTable(c),
    '',
    `${c.cases.length} shared case${c.cases.length === 1 ? '' : 's'}: **${c.regressions} pass→fail**, **${c.improvements} fail→pass**; ${significance(c)}.`,
  ];
  if (c.onlyA.length || c.onlyB.length)
    lines.push(
      '',
      `Not compared (the fixtures changed): only in A: ${c.onlyA.join(', ') || '–'}; only in B: ${c.onlyB.join(', ') || '–'}.`,
    );
  lines.push(...changedCasesMarkdown(c), ...templateDiffMarkdown(c));
  return lines.join('\n') + '\n';
}

/** Pass rate, cost, tokens and latency of A and B, with the change. */
function figuresTable(c: Comparison): string[] {
  const row = (name: string, f: (s: SideSummary) => string, d: string) =>
    `| ${name} | ${f(c.a)} | ${f(c.b)} | ${d} |`;
  return [
    '| | A | B | Δ |',
    '| --- | --- | --- | --- |',
    row('pass rate', (s) => pct(s.passRate), delta(c.a.passRate, c.b.passRate, pct, true)),
    row('cost', (s) => usd(s.costUsd), delta(c.a.costUsd, c.b.costUsd, usd)),
    row(
      'tokens',
      (s) => String(s.tokens),
      delta(c.a.tokens, c.b.tokens, (x) => String(x)),
    ),
    row(
      'latency p50',
      (s) => ms(s.latencyP50),
      delta(c.a.latencyP50, c.b.latencyP50, (x) => ms(x)),
    ),
    row(
      'latency p95',
      (s) => ms(s.latencyP95),
      delta(c.a.latencyP95, c.b.latencyP95, (x) => ms(x)),
    ),
  ];
}

/** The cases whose outcome or output changed, each A's and B's output as a fenced diff. */
function changedCasesMarkdown(c: Comparison): string[] {
  const changed = c.cases.filter(
    (x) =>
      x.outputChanged ||
      x.change === 'pass→fail' ||
      x.change === 'fail→pass' ||
      x.change === 'error',
  );
  if (!changed.length) return [];
  const lines = [
    '',
    `<details><summary>${changed.length} changed case${changed.length === 1 ? '' : 's'}</summary>`,
    '',
  ];
  for (const x of changed) {
    lines.push(`**${escapeMarkdown(x.id)}**: ${x.change}`, '');
    const a = (x.a.output?.text ?? x.a.error ?? '')
      .split('\n')
      .map((l) => `- ${l}`)
      .join('\n');
    const b = (x.b.output?.text ?? x.b.error ?? '')
      .split('\n')
      .map((l) => `+ ${l}`)
      .join('\n');
    lines.push(fence(`${a}\n${b}`, 'diff'), '');
  }
  lines.push('</details>');
  return lines;
}

/** The template's changes from A to B, when it changed. */
function templateDiffMarkdown(c: Comparison): string[] {
  if (!c.template.some((s) => s.kind !== 'same')) return [];
  return [
    '',
    '<details><summary>Template A → B</summary>',
    '',
    fence(
      c.template
        .flatMap((s) =>
          s.text
            .replace(/\n$/, '')
            .split('\n')
            .map((l) => `${s.kind === 'added' ? '+' : s.kind === 'removed' ? '-' : ' '} ${l}`),
        )
        .join('\n'),
      'diff',
    ),
    '',
    '</details>',
  ];
}

function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function segments(parts: DiffSegment[]): string {
  return parts
    .map((p) =>
      p.kind === 'same'
        ? html(p.text)
        : `<${p.kind === 'added' ? 'ins' : 'del'}>${html(p.text)}</${p.kind === 'added' ? 'ins' : 'del'}>`,
    )
    .join('');
}

/** A self-contained page: no scripts, no remote assets, every output escaped as text. */
export function comparisonHtml(c: Comparison): string {
  const rows = c.cases
    .map(
      (x) =>
        `<tr class="${x.change === 'pass→fail' ? 'regression' : x.change === 'fail→pass' ? 'improvement' : ''}"><td>${html(x.id)}</td><td>${html(x.change)}</td><td><pre>${segments(x.words.filter((s) => s.kind !== 'added'))}</pre></td><td><pre>${segments(x.words.filter((s) => s.kind !== 'removed'))}</pre></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>PromptOps comparison: ${html(c.prompt)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}pre{white-space:pre-wrap;margin:0}ins{background:#cfc;text-decoration:none}del{background:#fcc}.regression{background:#fee}.improvement{background:#efe}</style>
</head><body>
<h1>${html(c.prompt)}</h1>
<p><b>A</b> ${html(c.a.label)} · ${html(c.a.model)} → <b>B</b> ${html(c.b.label)} · ${html(c.b.model)}</p>
<p>Pass rate ${pct(c.a.passRate)} → ${pct(c.b.passRate)} · ${c.regressions} pass→fail, ${c.improvements} fail→pass · ${html(significance(c))} · cost ${usd(c.a.costUsd)} → ${usd(c.b.costUsd)}</p>
<table><thead><tr><th>case</th><th>change</th><th>output A</th><th>output B</th></tr></thead><tbody>
${rows}
</tbody></table>
</body></html>
`;
}
