import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  detectDrift,
  fisherTails,
  readHistory,
  type HistoryEntry,
} from '../../../src/core/gate/drift';
import { runCli, workspace } from '../helpers';

function entry(
  day: number,
  passed: number,
  total: number,
  costUsd = 0.01,
  p95 = 800,
  prompt = 'p.prompt',
): HistoryEntry {
  return {
    createdAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
    prompt,
    model: 'openai/gpt-4o-mini',
    summary: {
      total,
      passed,
      failed: total - passed,
      errors: 0,
      passRate: passed / total,
      costUsd,
      tokens: { input: 0, output: 0, total: 0 },
      latencyMs: { p50: p95 / 2, p95 },
      durationMs: 1,
      cancelled: false,
    },
  };
}

test("Fisher's exact tails match a hand-computed hypergeometric case", () => {
  // Baseline 9/10, latest 2/5: P(X ≤ 2) with N=15, K=11, n=5 = (C(11,1)C(4,4) + C(11,2)C(4,3)) / C(15,5) = (11 + 220) / 3003.
  const { lower } = fisherTails(9, 10, 2, 5);
  assert.ok(Math.abs(lower - 231 / 3003) < 1e-12, String(lower));
  assert.ok(
    Math.abs(fisherTails(5, 10, 5, 10).lower - fisherTails(5, 10, 5, 10).upper) < 1e-12,
    'symmetric when equal',
  );
});

test('noise is not flagged; a real drop, a rise and a cost spike are', () => {
  const noisy = [
    entry(1, 18, 20),
    entry(2, 19, 20),
    entry(3, 17, 20),
    entry(4, 19, 20),
    entry(5, 18, 20),
    entry(6, 17, 20),
  ];
  assert.deepEqual(detectDrift(noisy)[0]?.flags, []);
  const dropped = detectDrift([...noisy, entry(7, 9, 20)])[0];
  assert.equal(dropped?.flags[0]?.metric, 'pass rate');
  assert.equal(dropped?.flags[0]?.direction, 'drop');
  assert.match(
    dropped?.flags[0]?.evidence ?? '',
    /^90% over the last 6 runs → 45% \(Fisher's exact test, p = 0\.0\d+\)/,
  );
  const low = [entry(1, 5, 20), entry(2, 6, 20), entry(3, 5, 20), entry(4, 6, 20)];
  assert.equal(detectDrift([...low, entry(5, 18, 20)])[0]?.flags[0]?.direction, 'rise');
  const spend = [
    entry(1, 18, 20, 0.01),
    entry(2, 18, 20, 0.011),
    entry(3, 18, 20, 0.01),
    entry(4, 18, 20, 0.011),
    entry(5, 18, 20, 0.05),
  ];
  assert.deepEqual(
    detectDrift(spend)[0]?.flags.map((f) => [f.metric, f.direction]),
    [['cost', 'rise']],
  );
  assert.deepEqual(
    detectDrift([entry(1, 20, 20), entry(2, 2, 20)])[0]?.flags,
    [],
    'too little history to judge',
  );
});

test('promptops drift reads the history, tolerates a torn last line, and exits 1 on a drop', async (t) => {
  const ws = workspace({});
  t.after(ws.cleanup);
  fs.mkdirSync(ws.file('.promptops'), { recursive: true });
  const lines = [
    entry(1, 18, 20),
    entry(2, 19, 20),
    entry(3, 18, 20),
    entry(4, 19, 20),
    entry(5, 8, 20),
  ].map((e) => JSON.stringify(e));
  fs.writeFileSync(
    ws.file('.promptops/history.jsonl'),
    lines.join('\n') + '\n{"createdAt": "2026-11-06T00:0',
  );
  assert.equal(readHistory(ws.file('.promptops/history.jsonl')).length, 5);
  const result = await runCli(ws.dir, ['drift', '--window', '4']);
  assert.equal(result.code, 1);
  assert.match(
    result.stdout,
    /! p\.prompt \(openai\/gpt-4o-mini\) {2}\S{5} {2}5 runs, last 40% · \$0\.0100 · p95 800 ms\n {4}pass rate drop: 93% over the last 4 runs → 40%/,
  );
  const json = JSON.parse((await runCli(ws.dir, ['drift', '--json'])).stdout) as { worse: boolean };
  assert.equal(json.worse, true);
  assert.match(
    (await runCli(ws.dir, ['drift', '--window', '1'])).stderr,
    /--window takes a whole number ≥ 3/,
  );
});

test('the trends view is inline SVG with every label escaped and flagged series marked', async () => {
  const { trendsHtml } = await import('../../../src/core/gate/trends');
  const history = [
    entry(1, 18, 20),
    entry(2, 19, 20),
    entry(3, 18, 20),
    entry(4, 19, 20),
    entry(5, 8, 20, 0.01, 800, '<img src=x onerror=alert(1)>.prompt'),
  ];
  history.slice(0, 4).forEach((e) => (e.prompt = '<img src=x onerror=alert(1)>.prompt'));
  const html = trendsHtml(detectDrift(history));
  assert.equal((html.match(/<svg /g) ?? []).length, 3, 'pass rate, cost, latency');
  assert.doesNotMatch(html, /<img|<script/);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;\.prompt/);
  assert.match(html, /<figure class="chart flagged"><figcaption>pass rate: 40%/);
  assert.match(trendsHtml([]), /No run history yet/);
});
