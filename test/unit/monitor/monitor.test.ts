import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { loadPrompt, type LoadedPrompt } from '../../../src/core/registry/load';
import { costUsd, BUILT_IN_PRICES } from '../../../src/core/providers/prices';
import { inputsAsCases } from '../../../src/core/shadow/shadow';
import { productionTrendsFromFile } from '../../../src/core/monitor/trends';
import { appendOtlpJson, deployRegistry, spanRecorder } from '../../support/telemetry';
import { runCli, workspace } from '../helpers';

const SOURCE = (rule: string) => `---
model: openai/gpt-4o-mini
input:
  schema:
    ticket: string
output:
  format: json
  schema: { category(enum): [billing, bug, other] }
promptops.guard:
  schema: strict
---
${rule}
Ticket: {{ticket}}
`;
const REV_A = '1'.repeat(40);
const REV_B = '2'.repeat(40);
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 30, 0, 0, 0);

interface Traffic {
  hours: number[];
  perHour: number;
  /** Every `fallbackEvery`-th answer is not JSON (the guard falls back). */
  fallbackEvery: number;
  latencyMs: (i: number) => number;
  input?: (hour: number, i: number) => Record<string, unknown>;
}

/** Reports `traffic` through a loaded prompt, with the times a real application would have had. */
function serve(prompt: LoadedPrompt, traffic: Traffic): void {
  for (const hour of traffic.hours)
    for (let i = 0; i < traffic.perHour; i++) {
      const start = T0 + hour * HOUR + i * 1000;
      prompt.report({
        input: traffic.input?.(hour, i) ?? { ticket: `ticket ${hour}-${i}` },
        answer: i % traffic.fallbackEvery === 0 ? 'Sorry, what?' : '{"category":"bug"}',
        usage: { inputTokens: 100, outputTokens: 10 },
        finishReasons: [i % 10 === 9 ? 'length' : 'stop'],
        startTime: start,
        endTime: start + traffic.latencyMs(i),
      });
    }
}

/** A workspace whose production label moved from version A to B, and the traces both served. */
async function production(
  t: { after: (fn: () => void) => void },
  a: Traffic,
  b: Traffic | undefined,
  telemetry: { recordContent?: boolean } = {},
) {
  const ws = workspace({});
  t.after(() => ws.cleanup());
  const recorder = spanRecorder();
  const options = { root: ws.dir, telemetry: { ...telemetry, tracerProvider: recorder.provider } };
  const key = 'prompts/triage.prompt';
  deployRegistry(ws.dir, [{ prompt: key, label: 'production', rev: REV_A, source: SOURCE('A') }]);
  serve(await loadPrompt('triage', options), a);
  if (b) {
    deployRegistry(ws.dir, [{ prompt: key, label: 'production', rev: REV_B, source: SOURCE('B') }]);
    serve(await loadPrompt('triage', options), b);
  }
  const traces = ws.file('traces.jsonl');
  // As an exporter batches: several requests, one JSON line each.
  const spans = recorder.spans();
  for (let i = 0; i < spans.length; i += 50) appendOtlpJson(traces, spans.slice(i, i + 50));
  return { ws, traces };
}

const steady: Traffic = {
  hours: [0, 1, 2, 3, 4],
  perHour: 40,
  fallbackEvery: 40,
  latencyMs: (i) => 400 + (i % 5) * 10,
};

interface Json {
  flagged: boolean;
  spans: number;
  generations: number;
  versions: {
    version: string;
    label: string;
    requests: number;
    costUsd: number;
    costPerRequest: number;
    inputTokens: number;
    outputTokens: number;
    latencyMs: { p50: number; p95: number };
    fallbackRate: number;
    finishReasons: Record<string, number>;
    buckets: unknown[];
  }[];
  flags: { metric: string; direction: string; scope: string; evidence: string; version: string }[];
}

test('monitor: per version figures from the SDK-serialised OTLP/JSON, no flag on steady traffic (exit 0)', async (t) => {
  const { ws, traces } = await production(t, steady, undefined);
  const result = await runCli(ws.dir, ['monitor', traces, '--json']);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as Json;
  assert.equal(report.flagged, false);
  assert.equal(report.generations, 200);
  const [a] = report.versions;
  assert.equal(a?.version, REV_A);
  assert.equal(a?.label, 'production');
  assert.equal(a?.requests, 200);
  assert.equal(a?.inputTokens, 20_000);
  assert.equal(a?.outputTokens, 2_000);
  const perRequest = costUsd(BUILT_IN_PRICES['gpt-4o-mini'], 100, 10)!;
  assert.ok(Math.abs((a?.costUsd ?? 0) - 200 * perRequest) < 1e-12);
  assert.ok(Math.abs((a?.costPerRequest ?? 0) - perRequest) < 1e-12);
  assert.deepEqual(a?.latencyMs, { p50: 420, p95: 440 });
  assert.equal(a?.fallbackRate, 5 / 200);
  assert.deepEqual(a?.finishReasons, { stop: 180, length: 20 });
  assert.equal(a?.buckets.length, 5);
  const text = await runCli(ws.dir, ['monitor', traces]);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /^prompts\/triage\.prompt$/m);
  assert.match(
    text.stdout,
    /production 1111111 · 200 requests · .* p50 420 ms p95 440 ms · fallback 2\.5% · finish stop 90%, length 10%/,
  );
  // One request per file, pretty-printed (an OTLP/HTTP JSON body saved as is), reads the same.
  const first = fs.readFileSync(traces, 'utf8').split('\n')[0]!;
  fs.writeFileSync(ws.file('request.json'), JSON.stringify(JSON.parse(first), null, 2));
  const single = JSON.parse(
    (await runCli(ws.dir, ['monitor', 'request.json', '--json'])).stdout,
  ) as Json;
  assert.equal(single.generations, 50);
});

test('monitor: a version that falls back more and runs slower is flagged between versions and over time (exit 1)', async (t) => {
  const worse: Traffic = {
    hours: [5, 6, 7, 8, 9],
    perHour: 40,
    fallbackEvery: 4,
    latencyMs: (i) => 900 + (i % 5) * 10,
  };
  const { ws, traces } = await production(t, steady, worse);
  const result = await runCli(ws.dir, ['monitor', traces, '--json']);
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout) as Json;
  assert.deepEqual(
    report.versions.map((v) => [v.version, v.requests, v.fallbackRate]),
    [
      [REV_A, 200, 0.025],
      [REV_B, 200, 0.25],
    ],
  );
  const between = report.flags.filter((f) => f.scope === 'version');
  assert.deepEqual(between.map((f) => [f.metric, f.direction, f.version]).sort(), [
    ['guard fallback rate', 'rise', REV_B],
    ['latency p95', 'rise', REV_B],
  ]);
  assert.match(
    between.find((f) => f.metric === 'guard fallback rate')!.evidence,
    /2\.5% \(1111111, 200 requests\) → 25\.0% \(2222222, 200 requests\) \(Fisher's exact test, p = 0\.0000\)/,
  );
  // Within version B, hour by hour, nothing changed.
  assert.deepEqual(
    report.flags.filter((f) => f.scope === 'time'),
    [],
  );
  const text = await runCli(ws.dir, ['monitor', traces]);
  assert.match(
    text.stdout,
    /^! prompts\/triage\.prompt production 2222222: guard fallback rate rise since the previous version: /m,
  );
  // The editor's Trends view: the same series and flags, charted per version.
  const html = productionTrendsFromFile(traces);
  assert.equal((html.match(/<section class="production">/g) ?? []).length, 2);
  assert.match(html, /production · production 2222222 · 200 requests/);
  assert.match(html, /<figure class="chart flagged"><figcaption>guard fallback rate: 25\.0%/);
  assert.match(html, /<li>guard fallback rate rise \(since the previous version\): /);
  fs.writeFileSync(ws.file('torn.jsonl'), '{\n"x"\n');
  assert.match(
    productionTrendsFromFile(ws.file('torn.jsonl')),
    /<p class="flags">.*torn\.jsonl:1: not OTLP\/JSON/,
  );
});

test('monitor: the latest hour against the hours before it (over time)', async (t) => {
  const spike: Traffic = { ...steady, hours: [5], fallbackEvery: 2, latencyMs: () => 2000 };
  const { ws, traces } = await production(t, { ...steady, hours: [0, 1, 2, 3, 4] }, undefined);
  // The same version, a bad sixth hour: append it to the same file.
  const recorder = spanRecorder();
  serve(
    await loadPrompt('triage', { root: ws.dir, telemetry: { tracerProvider: recorder.provider } }),
    spike,
  );
  appendOtlpJson(traces, recorder.spans());
  const result = await runCli(ws.dir, ['monitor', traces, '--json', '--window', '3']);
  assert.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as Json;
  assert.deepEqual(report.flags.map((f) => [f.scope, f.metric, f.direction]).sort(), [
    ['time', 'guard fallback rate', 'rise'],
    ['time', 'latency p95', 'rise'],
  ]);
});

test('monitor: bad input is a one-line usage error (exit 2)', async (t) => {
  const ws = workspace({
    'bad.jsonl': '{"resourceSpans": []}\nnot json\n{}\n',
    'empty.jsonl': '{"resourceSpans": []}\n',
  });
  t.after(() => ws.cleanup());
  const bad = await runCli(ws.dir, ['monitor', 'bad.jsonl']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^promptops monitor: bad\.jsonl:2: not OTLP\/JSON/);
  assert.equal((await runCli(ws.dir, ['monitor'])).code, 2);
  assert.match(
    (await runCli(ws.dir, ['monitor', 'empty.jsonl'])).stderr,
    /no promptops generation spans/,
  );
  assert.match(
    (await runCli(ws.dir, ['monitor', 'missing.jsonl'])).stderr,
    /cannot read missing\.jsonl: ENOENT/,
  );
  assert.match(
    (await runCli(ws.dir, ['monitor', 'empty.jsonl', '--bucket', 'soon'])).stderr,
    /--bucket takes/,
  );
});

test('capture: a seeded, redacted, deduplicated sample of recorded inputs, as cases shadow --inputs reads', async (t) => {
  const input = (hour: number, i: number) => ({
    ticket: `order ${(hour * 40 + i) % 25}: mail me at ada${(hour * 40 + i) % 25}@lovelace.dev`,
  });
  const { ws, traces } = await production(t, { ...steady, input }, undefined, {
    recordContent: true,
  });
  const run = (out: string, seed = '7') =>
    runCli(ws.dir, [
      'capture',
      traces,
      '--prompt',
      'prompts/triage.prompt',
      '--sample',
      '10',
      '--seed',
      seed,
      '--out',
      out,
    ]);
  const first = await run('a.production.jsonl');
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stdout,
    /a\.production\.jsonl: 10 of 25 distinct inputs \(200 recorded in 200 generations of prompts\/triage\.prompt\), seed 7/,
  );
  const text = fs.readFileSync(ws.file('a.production.jsonl'), 'utf8');
  const cases = text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; input: { ticket: string } });
  assert.equal(cases.length, 10);
  assert.equal(new Set(cases.map((c) => c.input.ticket)).size, 10);
  for (const c of cases) assert.match(c.input.ticket, /^order \d+: mail me at \[EMAIL_1\]$/);
  assert.ok(!text.includes('lovelace.dev'));
  // Reproducible: the same seed gives the same file; another seed another sample.
  await run('b.production.jsonl');
  assert.equal(fs.readFileSync(ws.file('b.production.jsonl'), 'utf8'), text);
  await run('c.production.jsonl', '8');
  assert.notEqual(fs.readFileSync(ws.file('c.production.jsonl'), 'utf8'), text);
  assert.equal(inputsAsCases(text, 'a.production.jsonl').trim().split('\n').length, 10);
  // Without recorded inputs there is nothing to sample: exit 1 with the reason.
  const { ws: bare, traces: noContent } = await production(t, steady, undefined);
  const none = await runCli(bare.dir, [
    'capture',
    noContent,
    '--prompt',
    'prompts/triage.prompt',
    '--sample',
    '5',
    '--out',
    'x.jsonl',
  ]);
  assert.equal(none.code, 1);
  assert.match(
    none.stderr,
    /200 generations of prompts\/triage\.prompt in the traces, none with a recorded input/,
  );
  assert.equal(
    (
      await runCli(bare.dir, [
        'capture',
        noContent,
        '--prompt',
        'prompts/triage.prompt',
        '--out',
        'x.jsonl',
      ])
    ).code,
    2,
  );
});
