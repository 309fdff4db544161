import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { Severity } from '../types';
import type { FileResult } from './linter';
import { RULES } from './registry';
import type { Rule } from './types';

export interface JsonProblem {
  file: string;
  code: string;
  severity: Severity;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface LintSummary {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
}

export function summarise(results: FileResult[]): LintSummary {
  const all = results.flatMap((r) => r.problems);
  return {
    errors: all.filter((p) => p.severity === Severity.Error).length,
    warnings: all.filter((p) => p.severity === Severity.Warning).length,
    infos: all.filter((p) => p.severity === Severity.Info || p.severity === Severity.Hint).length,
    files: results.length,
  };
}

/** `file` relative to `cwd`, with forward slashes. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative.startsWith('..') ? file : relative).split(path.sep).join('/');
}

export function toJson(results: FileResult[], cwd: string): JsonProblem[] {
  return results.flatMap((r) =>
    r.problems.map((p) => ({
      file: displayPath(r.file, cwd),
      code: p.code,
      severity: p.severity,
      message: p.message,
      range: p.range,
    })),
  );
}

export function toText(results: FileResult[], cwd: string): string {
  const out: string[] = [];
  for (const result of results) {
    if (result.problems.length === 0) continue;
    out.push(displayPath(result.file, cwd));
    for (const p of result.problems) {
      out.push(
        `  ${`${p.range.start.line + 1}:${p.range.start.character + 1}`.padEnd(8)} ${p.severity.padEnd(8)} ${p.message}  ${p.code}`,
      );
    }
    out.push('');
  }
  const s = summarise(results);
  const total = s.errors + s.warnings + s.infos;
  out.push(
    total === 0
      ? `✔ ${s.files} file${s.files === 1 ? '' : 's'} checked, no problems`
      : `✖ ${total} problem${total === 1 ? '' : 's'} (${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} info) in ${s.files} file${s.files === 1 ? '' : 's'}`,
  );
  return out.join('\n');
}

const LEVEL: Record<Severity, Sarif.Result.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
  hint: 'note',
};

function pascal(name: string): string {
  return name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
}

function ruleDescriptor(rule: Rule, rulesUrl: string | undefined): Sarif.ReportingDescriptor {
  const descriptor: Sarif.ReportingDescriptor = {
    id: rule.code,
    name: pascal(rule.name),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.description.replace(/`/g, '') },
    help: {
      text: rule.description.replace(/`/g, ''),
      markdown: `**${rule.code} ${rule.name}**: ${rule.summary}\n\n${rule.description}`,
    },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: { tags: [rule.category, ...(rule.category === 'privacy' ? ['security'] : [])] },
  };
  if (rulesUrl) descriptor.helpUri = `${rulesUrl.replace(/\/?$/, '/')}${rule.code}.md`;
  return descriptor;
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every rule in the driver (so results can point
 * at them by index), locations relative to %SRCROOT%, 1-based line/column regions.
 */
export function toSarif(
  results: FileResult[],
  options: { cwd: string; version: string; rulesUrl?: string },
): Sarif.Log {
  const index = new Map(RULES.map((rule, i) => [rule.code, i]));
  const sarifResults: Sarif.Result[] = results.flatMap((r) =>
    r.problems.map((p) => ({
      ruleId: p.code,
      ruleIndex: index.get(p.code) ?? -1,
      level: LEVEL[p.severity],
      message: { text: p.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: displayPath(r.file, options.cwd), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: p.range.start.line + 1,
              startColumn: p.range.start.character + 1,
              endLine: p.range.end.line + 1,
              endColumn: p.range.end.character + 1,
            },
          },
        },
      ],
    })),
  );
  const driver: Sarif.ToolComponent = {
    name: 'PromptOps',
    version: options.version,
    semanticVersion: options.version,
    rules: RULES.map((rule) => ruleDescriptor(rule, options.rulesUrl)),
  };
  if (options.rulesUrl) driver.informationUri = options.rulesUrl;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(options.cwd + path.sep).href } },
        results: sarifResults,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}
