import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readArtifact, type RunArtifact } from '../../../src/core/eval/artifact';
import { collectReport, type ReportData } from '../../../src/core/report/collect';
import { jsonForScript, SHOWN_CHARS, valueText } from '../../../src/core/report/escape';
import { reportHtml } from '../../../src/core/report/html';
import { bundledChartScript } from '../../../src/core/report/script';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');
/** A stand-in for dist/report.js where a test is about the page, not the charts. */
const SCRIPT = 'document.body.dataset.ok = "1";';

/** The examples' triage results with their first case failed on `output`. */
function failedTriage(output: string, expected: unknown = 'bug'): RunArtifact {
  const artifact = readArtifact(path.join(EXAMPLES, '.promptops/results/triage.json'));
  const first = artifact.cases[0];
  assert.ok(first);
  first.status = 'fail';
  first.output = { text: output };
  first.assertions = [
    {
      type: 'equals',
      pass: false,
      score: 0,
      weight: 1,
      reason: 'differs',
      negated: false,
      expected,
    },
  ];
  artifact.summary.failed = 1;
  return artifact;
}

/** A project with `artifact` as triage's results; `raw` replaces its text `"__RAW__"`. */
function project(artifact: RunArtifact, raw?: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  fs.mkdirSync(path.join(root, '.promptops/results'), { recursive: true });
  let text = JSON.stringify(artifact);
  if (raw !== undefined) text = text.replace('"__RAW__"', raw);
  fs.writeFileSync(path.join(root, '.promptops/results/triage.json'), text);
  return root;
}

/** The page without the one inline script: what the data put into it. */
const withoutScript = (html: string, script: string) =>
  html.replace(`<script>${script}</script>`, '');

test('report: matrix, a failure with expected/actual, model output escaped as text', () => {
  const root = project(failedTriage('<script>alert(1)</script> billing'));
  const html = reportHtml(collectReport(root), SCRIPT);
  assert.ok(!withoutScript(html, SCRIPT).includes('<script>'), 'no script tag from model output');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  // The failing cell links to its failure, by an anchor the page makes (never from data).
  assert.match(html, /<td class="fail"><a href="#failure-1">✗ fail<\/a><\/td>/);
  assert.match(html, /<article class="failure fail" id="failure-1">/);
  assert.match(html, /<h5>expected<\/h5><pre class="expected"><del>bug<\/del>/);
  assert.match(html, /1 failing case/);
  assert.match(html, /default-src 'none'/);
});

test('report: the one script runs by its hash; the CSP allows nothing else', () => {
  const html = reportHtml(collectReport(project(failedTriage('x'))), SCRIPT);
  const hash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.equal(csp, `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'`);
  assert.equal(html.match(/<script>/g)?.length, 1, 'one inline script');
  assert.throws(() => reportHtml(collectReport(project(failedTriage('x'))), 'a("</script>")'));
});

test('report: hostile model text, labels and history stay text, and nothing can link out', () => {
  const hostile = [
    '<script>window.pwned=1</script>',
    '</style><style>body{display:none}</style>',
    '<img src="http://203.0.113.9/x.png" onerror="window.pwned=2">',
    '[click](javascript:alert(1)) <a href="javascript:alert(2)">here</a>',
    '<!-- </script><script>window.pwned=3</script>',
    '\u2028\u2029',
  ].join('\n');
  const data = collectReport(project(failedTriage(hostile, { html: '</script><b>x</b>' })));
  const prompt = data.prompts[0];
  assert.ok(prompt);
  prompt.labels = [
    {
      label: 'production',
      action: 'label',
      from: null,
      to: 'a'.repeat(40),
      sha256: 'b'.repeat(64),
      by: '</script><script>window.pwned=4</script> <x@y>',
      at: '2026-12-01T10:00:00.000Z',
    },
  ];
  prompt.series = [
    {
      prompt: '</script><script>window.pwned=5</script>',
      model: 'local/<b>m</b>',
      runs: [
        {
          createdAt: '2026-12-01T09:00:00.000Z',
          passRate: 0.5,
          passed: 1,
          total: 2,
          costUsd: 0,
          p95: 10,
        },
      ],
      flags: [],
    },
  ];
  const html = reportHtml(data, SCRIPT);
  const page = withoutScript(html, SCRIPT);
  // Only the page's own elements: one style, one JSON data block, no links but its anchors.
  assert.equal(page.match(/<style>/g)?.length, 1);
  assert.equal(page.match(/<\/style>/g)?.length, 1);
  assert.equal(page.match(/<script\b/gi)?.length, 1, 'only the data block');
  assert.equal(page.match(/<\/script>/gi)?.length, 1, 'only the data block closes');
  assert.ok(!/<img|<a href="(?!#failure-\d+")|onerror="|<!--/i.test(page), 'no element from data');
  // The diff marks words (<ins>, <del>); without the marks, the text is all there, escaped.
  const text = page.replace(/<\/?(ins|del)>/g, '');
  assert.ok(
    text.includes('[click](javascript:alert(1)) &lt;a href=&quot;javascript:alert(2)&quot;&gt;'),
  );
  assert.ok(page.includes('&lt;/script&gt;&lt;script&gt;window.pwned=4'), 'the label history');
  // The data block reads back to the same strings.
  const block = /<script type="application\/json" id="trends-data">([^<]*)<\/script>/.exec(page);
  assert.ok(block?.[1], 'the data block holds no < at all');
  const series = JSON.parse(block[1]) as { prompt: string; moves: { by: string }[] }[];
  assert.equal(series[0]?.prompt, '</script><script>window.pwned=5</script>');
  assert.match(series[0]?.moves[0]?.by ?? '', /^<\/script>/);
  assert.ok(!/[\u2028\u2029]/.test(jsonForScript('\u2028\u2029')));
});

test('report: a huge output is cut to what the page shows; deep JSON prints without overflow', () => {
  const huge = 'word '.repeat(400_000); // 2 MB
  // 100,000 levels deep: JSON.parse reads it; JSON.stringify would overflow the stack.
  const deep = '{"next":'.repeat(100_000) + '"bottom"' + '}'.repeat(100_000);
  const root = project(failedTriage(huge, '__RAW__'), deep);
  const html = reportHtml(collectReport(root), SCRIPT);
  assert.ok(html.length < 6 * SHOWN_CHARS + 200_000, `page is ${html.length} characters`);
  assert.match(html, /… 1,980,000 more characters not shown/);
  const expected = /<pre class="expected">([^]*?)<\/pre>/.exec(html)?.[1] ?? '';
  assert.match(expected, /&quot;…&quot;/, 'printed to a depth, then …');
  assert.ok(valueText(JSON.parse(deep)).length < 5_000);
});

test('report: the other models columns come from the runs with another model', () => {
  const own = failedTriage('billing');
  const root = project(own);
  const other = structuredClone(own);
  other.model.id = 'local/other';
  other.cases.forEach((c) => (c.status = 'pass'));
  fs.mkdirSync(path.join(root, '.promptops/models/local_other'), { recursive: true });
  fs.writeFileSync(
    path.join(root, '.promptops/models/local_other/triage.json'),
    JSON.stringify(other),
  );
  const data: ReportData = collectReport(root);
  assert.deepEqual(
    data.prompts[0]?.runs.map((r) => r.model.id),
    [own.model.id, 'local/other'],
  );
  const html = reportHtml(data, SCRIPT);
  assert.match(html, new RegExp(`<th>${own.model.id}</th><th>local/other</th>`));
});

test('report: the chart script is the bundled dist/report.js, and it can be inlined', () => {
  const script = bundledChartScript();
  assert.ok(script, 'npm run build writes dist/report.js');
  assert.ok(script.length > 50_000, 'Chart.js is bundled in');
  assert.ok(!script.includes('sourceMappingURL'));
  const html = reportHtml(collectReport(project(failedTriage('x'))), script);
  assert.ok(html.includes(`<script>${script}</script>`));
});
