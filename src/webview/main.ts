// The compare view. Everything from the comparison (outputs above all) is set with textContent:
// model output is untrusted text and never becomes HTML.
import type { Comparison, FromWebview, ShadowView, ToWebview } from '../shared/messages';
import { el } from './dom';

declare function acquireVsCodeApi(): {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
};

const vscode = acquireVsCodeApi();
type Filter = 'all' | 'changed' | 'regressions' | 'improvements';
let current: Comparison | undefined;
let shadow: ShadowView | undefined;
let filter: Filter = 'all';
const MAX_SHOWN = 20_000;

const pct = (x: number) => `${Math.round(x * 100)}%`;
const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);

function summary(c: Comparison): HTMLElement {
  const section = el('section', undefined, 'summary');
  section.append(el('h1', c.prompt));
  const sides = el('p');
  sides.append(
    el('strong', 'A '),
    document.createTextNode(`${c.a.label} · ${c.a.model}  →  `),
    el('strong', 'B '),
    document.createTextNode(`${c.b.label} · ${c.b.model}`),
  );
  section.append(sides);
  const table = el('table');
  const head = el('tr');
  for (const h of ['', 'A', 'B', 'Δ']) head.append(el('th', h));
  table.append(head);
  const delta = (a: number | null, b: number | null, format: (x: number) => string) =>
    a === null || b === null
      ? '–'
      : b === a
        ? '0'
        : `${b > a ? '+' : '−'}${format(Math.abs(b - a))}`;
  const rows: [string, string, string, string][] = [
    [
      'pass rate',
      pct(c.a.passRate),
      pct(c.b.passRate),
      delta(c.a.passRate, c.b.passRate, (x) => `${Math.round(x * 100)} pt`),
    ],
    [
      'cost',
      `$${c.a.costUsd.toFixed(4)}`,
      `$${c.b.costUsd.toFixed(4)}`,
      delta(c.a.costUsd, c.b.costUsd, (x) => `$${x.toFixed(4)}`),
    ],
    ['tokens', String(c.a.tokens), String(c.b.tokens), delta(c.a.tokens, c.b.tokens, String)],
    [
      'latency p50',
      ms(c.a.latencyP50),
      ms(c.b.latencyP50),
      delta(c.a.latencyP50, c.b.latencyP50, ms),
    ],
    [
      'latency p95',
      ms(c.a.latencyP95),
      ms(c.b.latencyP95),
      delta(c.a.latencyP95, c.b.latencyP95, ms),
    ],
  ];
  for (const [name, a, b, d] of rows) {
    const tr = el('tr');
    tr.append(el('th', name), el('td', a), el('td', b), el('td', d));
    table.append(tr);
  }
  section.append(table);
  const verdict =
    c.regressions + c.improvements === 0
      ? 'no case flipped'
      : c.pValue < 0.05
        ? 'significant at 0.05'
        : 'not significant at 0.05: could be noise';
  section.append(
    el(
      'p',
      `${c.cases.length} shared cases: ${c.regressions} pass→fail, ${c.improvements} fail→pass · exact McNemar p = ${c.pValue.toFixed(3)} (${verdict})`,
      'stats',
    ),
  );
  if (c.onlyA.length || c.onlyB.length)
    section.append(
      el(
        'p',
        `Not compared (the fixtures changed): only in A: ${c.onlyA.join(', ') || '–'}; only in B: ${c.onlyB.join(', ') || '–'}`,
        'note',
      ),
    );
  return section;
}

/** A shadow report's divergence: how far the candidate (B) strays from the baseline (A). */
function shadowSection(view: ShadowView): HTMLElement {
  const s = view.summary;
  const section = el('section', undefined, 'shadow');
  section.append(el('h2', 'Shadow run'));
  section.append(
    el(
      'p',
      `Inputs: ${view.inputs} · ${s.cases} cases, ${s.compared} answered by both${s.errors.baseline || s.errors.candidate ? ` · errors: ${s.errors.baseline} baseline, ${s.errors.candidate} candidate` : ''}`,
      'note',
    ),
  );
  const table = el('table');
  const rate = (x: number | null) => (x === null ? '–' : `${Math.round(x * 1000) / 10}%`);
  const rows: [string, string][] = [
    ['outputs changed', rate(s.changedRate)],
    ['outputs changed shape', rate(s.shapeChangedRate)],
    [
      'outcomes flipped',
      `${rate(s.flipRate)}${s.assertionFlips ? ` · assertions ${s.assertionFlips.passToFail} pass→fail, ${s.assertionFlips.failToPass} fail→pass` : ''}${s.guardFlips ? ` · guard ${s.guardFlips.toFallback} → fallback, ${s.guardFlips.fromFallback} ← fallback` : ''}`,
    ],
    [
      'schema-valid outputs',
      `${rate(s.schemaValidRate.baseline)} → ${rate(s.schemaValidRate.candidate)}`,
    ],
  ];
  for (const [name, value] of rows) {
    const tr = el('tr');
    tr.append(el('th', name), el('td', value));
    table.append(tr);
  }
  section.append(table);
  return section;
}

function filters(): HTMLElement {
  const bar = el('div', undefined, 'filters');
  bar.setAttribute('role', 'toolbar');
  for (const name of ['all', 'changed', 'regressions', 'improvements'] as Filter[]) {
    const button = el('button', name);
    button.setAttribute('aria-pressed', String(filter === name));
    button.addEventListener('click', () => {
      filter = name;
      render();
    });
    bar.append(button);
  }
  return bar;
}

function output(c: Comparison['cases'][number], side: 'a' | 'b'): HTMLElement {
  const pre = el('pre', undefined, 'output');
  let shown = 0;
  for (const segment of c.words) {
    if (segment.kind === (side === 'a' ? 'added' : 'removed')) continue;
    if (shown > MAX_SHOWN) {
      pre.append(
        el('span', '… (truncated; open the diff editor for the whole output)', 'truncated'),
      );
      break;
    }
    const text = segment.text.slice(0, MAX_SHOWN - shown + 1);
    shown += text.length;
    pre.append(
      segment.kind === 'same'
        ? document.createTextNode(text)
        : el(segment.kind === 'added' ? 'ins' : 'del', text),
    );
  }
  return pre;
}

type ToolCallChanges = NonNullable<Comparison['cases'][number]['toolCalls']>;

const args = (value: unknown) => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
};

/** A's tool calls against B's, a changed call marked first of all (text only). */
function toolCallChanges(changes: ToolCallChanges): HTMLElement {
  const changed = changes.filter((c) => c.kind !== 'same').length;
  const section = el('div', undefined, 'tool-calls');
  section.append(
    el('h3', `Tool calls · ${changed ? `${changed} changed` : 'the same on both sides'}`),
  );
  const list = el('ul');
  for (const change of changes) {
    const line =
      change.kind === 'same'
        ? `= ${change.name}(${args(change.before)})`
        : change.kind === 'args-changed'
          ? `~ ${change.name}: A (${args(change.before)}) → B (${args(change.after)})`
          : change.kind === 'removed'
            ? `− ${change.name}(${args(change.before)}) only in A`
            : `+ ${change.name}(${args(change.after)}) only in B`;
    list.append(el('li', line, change.kind === 'same' ? 'same' : 'changed'));
  }
  section.append(list);
  return section;
}

/** Each side's transcript, folded (model text set as text). */
function transcripts(texts: { a: string; b: string }): HTMLElement {
  const details = el('details', undefined, 'transcripts');
  details.append(el('summary', 'Transcripts'));
  const sides = el('div', undefined, 'sides');
  for (const side of ['a', 'b'] as const) {
    const column = el('div', undefined, 'side');
    column.append(
      el('h3', side.toUpperCase()),
      el('pre', texts[side].slice(0, MAX_SHOWN), 'output'),
    );
    sides.append(column);
  }
  details.append(sides);
  return details;
}

function caseRow(c: Comparison['cases'][number]): HTMLElement {
  const article = el(
    'article',
    undefined,
    `case ${c.change === 'pass→fail' ? 'regression' : c.change === 'fail→pass' ? 'improvement' : ''}`,
  );
  const header = el('header');
  header.append(el('h2', c.id), el('span', c.change, 'change'));
  const input = JSON.stringify(c.input);
  header.append(el('code', input.length > 160 ? `${input.slice(0, 160)}…` : input, 'input'));
  const diff = el('button', 'Open in diff editor');
  diff.addEventListener('click', () => vscode.postMessage({ type: 'openDiff', caseId: c.id }));
  header.append(diff);
  article.append(header);
  const sides = el('div', undefined, 'sides');
  for (const side of ['a', 'b'] as const) {
    const result = c[side];
    const column = el('div', undefined, 'side');
    column.append(
      el(
        'h3',
        `${side.toUpperCase()} · ${result.status} · ${ms(result.latencyMs)}${result.costUsd === null ? '' : ` · $${result.costUsd.toFixed(4)}`}`,
      ),
    );
    column.append(output(c, side));
    const list = el('ul', undefined, 'assertions');
    for (const a of result.assertions)
      list.append(
        el('li', `${a.pass ? '✓' : '✗'} ${a.type}: ${a.reason}`, a.pass ? 'pass' : 'fail'),
      );
    if (result.error) list.append(el('li', `! ${result.error}`, 'fail'));
    column.append(list);
    sides.append(column);
  }
  article.append(sides);
  if (c.toolCalls?.length) article.append(toolCallChanges(c.toolCalls));
  if (c.transcripts) article.append(transcripts(c.transcripts));
  if (c.json?.length)
    article.append(el('p', `JSON: ${c.json.map((j) => `${j.path} ${j.kind}`).join(', ')}`, 'json'));
  return article;
}

function render(): void {
  const root = document.getElementById('root');
  if (!root || !current) return;
  const c = current;
  const shown = c.cases.filter(
    (x) =>
      filter === 'all' ||
      (filter === 'changed' && (x.outputChanged || x.change === 'error')) ||
      (filter === 'regressions' && x.change === 'pass→fail') ||
      (filter === 'improvements' && x.change === 'fail→pass'),
  );
  root.replaceChildren(
    summary(c),
    ...(shadow ? [shadowSection(shadow)] : []),
    filters(),
    ...shown.map(caseRow),
  );
  if (shown.length === 0) root.append(el('p', 'No case matches this filter.', 'note'));
  const template = el('details');
  template.append(el('summary', 'Template A → B'));
  const pre = el('pre', undefined, 'template');
  for (const s of c.template)
    pre.append(
      s.kind === 'same'
        ? document.createTextNode(s.text)
        : el(s.kind === 'added' ? 'ins' : 'del', s.text),
    );
  template.append(pre);
  root.append(template);
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  if (event.data?.type !== 'comparison') return;
  current = event.data.comparison;
  shadow = event.data.shadow;
  vscode.setState({ comparison: current, shadow });
  render();
});

const saved = vscode.getState() as { comparison?: Comparison; shadow?: ShadowView } | undefined;
if (saved?.comparison) {
  current = saved.comparison;
  shadow = saved.shadow;
  render();
}
vscode.postMessage({ type: 'ready' });
