// Telemetry test support: a deployed registry (labels + version snapshots, no git, as an
// application ships it), the OpenTelemetry SDK with its in-memory exporter, and OTLP/JSON files
// written by the SDK's own JSON serialisation (what an OTLP/HTTP JSON exporter sends and the
// Collector's file exporter writes, one ExportTraceServiceRequest a line).
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { sha256 } from '../../src/core/hash';

/** Writes promptops.registry.yaml and .promptops/versions/ so `loadPrompt` finds each labelled text. */
export function deployRegistry(
  root: string,
  versions: { prompt: string; label: string; rev: string; source: string }[],
): void {
  const prompts: Record<string, { labels: Record<string, unknown>; history: [] }> = {};
  for (const v of versions) {
    const hash = sha256(v.source);
    const dir = path.join(root, '.promptops', 'versions');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${hash}.prompt`), v.source);
    prompts[v.prompt] ??= { labels: {}, history: [] };
    prompts[v.prompt]!.labels[v.label] = { rev: v.rev, sha256: hash };
    fs.mkdirSync(path.dirname(path.join(root, v.prompt)), { recursive: true });
    fs.writeFileSync(path.join(root, v.prompt), v.source);
  }
  fs.writeFileSync(
    path.join(root, 'promptops.registry.yaml'),
    JSON.stringify({ version: 1, prompts }, null, 2),
  );
}

/** A tracer provider of the SDK whose finished spans stay in memory. */
export function spanRecorder(): {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  spans: () => ReadableSpan[];
} {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { provider, exporter, spans: () => exporter.getFinishedSpans() };
}

/** Appends the spans as one OTLP/JSON ExportTraceServiceRequest line, serialised by the SDK. */
export function appendOtlpJson(file: string, spans: ReadableSpan[]): void {
  const bytes = JsonTraceSerializer.serializeRequest([...spans]);
  if (!bytes) throw new Error('the SDK serialised nothing');
  fs.appendFileSync(file, Buffer.from(bytes).toString('utf8') + '\n');
}

/** Every attribute value and event of the spans, as one text (to look for content that must not be there). */
export function everythingRecorded(spans: ReadableSpan[]): string {
  return JSON.stringify(
    spans.map((s) => ({
      name: s.name,
      attributes: s.attributes,
      events: s.events.map((e) => ({ name: e.name, attributes: e.attributes })),
      status: s.status,
    })),
  );
}
