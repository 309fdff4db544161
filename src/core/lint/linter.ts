import * as fs from 'node:fs';
import {
  findPromptAndFixtureFiles,
  isFixtureFile,
  isPromptFile,
  promptForFixtures,
} from '../discovery/discovery';
import type { GenkitRegistry } from '../genkit/scan';
import { analyzePrompt, isPartialFile, type PromptAnalysis } from '../language/analysis';
import { findPartialFile } from '../language/partials';
import { inputSchemaModel, outputSchemaModel } from '../language/schema';
import { LineIndex, looksBinary } from '../language/text';
import { Slicer, SLICE_MS } from '../slicer';
import { Severity } from '../types';
import { buildFixtureContext, type FixtureParseCache } from './fixture-context';
import { RULES } from './registry';
import { isSuppressed, suppressions } from './suppress';
import { offeredTools } from './tool-context';
import type {
  Finding,
  FixtureContext,
  LintProblem,
  PromptContext,
  Rule,
  SeverityOverrides,
  TextContext,
} from './types';

export interface LintOptions {
  /** Severity per rule code, or 'off' (from promptops.config.yaml and settings). */
  severities?: SeverityOverrides;
  /** Current text of a file (an unsaved editor buffer), else undefined to read the disk. */
  readFile?: (file: string) => string | undefined;
  /** Workspace root: partials are looked up from the prompt's folder up to here. */
  root?: string;
  /** Analyses shared within one run, by file, so a prompt is parsed once for itself and its fixtures. */
  analyses?: Map<string, Promise<PromptAnalysis>>;
  /** What the application registers in code or declares in the config (helpers, partials …). */
  genkit?: GenkitRegistry;
  /** eval.graderModel of the workspace; null: none configured (model-graded assertions warn). */
  graderModel?: string | null;
  /** `tools:` of promptops.config.yaml; null: it defines none; undefined: not known (PO113 is quiet). */
  toolDefinitions?: Record<string, unknown> | null;
  /** The previous parses of the fixture file being linted (the editor keeps one per open file). */
  fixtureParses?: FixtureParseCache;
}

function analysisOf(
  file: string | undefined,
  text: string,
  options: LintOptions,
): Promise<PromptAnalysis> {
  if (!file || !options.analyses) return analyzePrompt(text);
  let analysis = options.analyses.get(file);
  if (!analysis) {
    analysis = analyzePrompt(text);
    options.analyses.set(file, analysis);
  }
  return analysis;
}

function read(file: string, options: LintOptions): string | undefined {
  const open = options.readFile?.(file);
  if (open !== undefined) return open;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const RANK: Record<Severity, number> = {
  [Severity.Hint]: 0,
  [Severity.Info]: 1,
  [Severity.Warning]: 2,
  [Severity.Error]: 3,
};

function finish(
  rule: Rule,
  findings: Finding[],
  options: LintOptions,
  suppressed: Map<number, Set<string>>,
): LintProblem[] {
  const override = options.severities?.[rule.code];
  if (override === 'off') return [];
  const base = override ?? rule.defaultSeverity;
  return findings
    .filter((f) => !isSuppressed(suppressed, f.range.start.line, rule.code))
    .map((f) => ({
      code: rule.code,
      message: f.message,
      // A finding may say less than its rule (a named schema is information); never more.
      severity: f.severity && RANK[f.severity] < RANK[base] ? f.severity : base,
      range: f.range,
      fixes: f.fixes ?? [],
    }));
}

function sortProblems(problems: LintProblem[]): LintProblem[] {
  return problems.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.code.localeCompare(b.code),
  );
}

/** Lints a `.prompt` (or partial) file's text. `file` locates partials and fixtures. */
export async function lintPrompt(
  text: string,
  file: string | undefined,
  options: LintOptions = {},
  analysis?: PromptAnalysis,
): Promise<LintProblem[]> {
  const resolved = analysis ?? (await analysisOf(file, text, options));
  const output = await outputSchemaModel(resolved.document);
  const partialCache = new Map<string, string | undefined>();
  const context: PromptContext = {
    analysis: resolved,
    output,
    tools: await offeredTools(resolved, file, options.toolDefinitions, (f) => read(f, options)),
    knowsToolDefinitions: options.toolDefinitions !== undefined,
    partial(name) {
      if (!partialCache.has(name)) {
        const partialFile = file ? findPartialFile(file, name, options.root) : undefined;
        const registered = options.genkit?.partials.get(name);
        partialCache.set(
          name,
          partialFile
            ? read(partialFile, options)
            : registered
              ? (registered.text ?? '')
              : undefined,
        );
      }
      return partialCache.get(name);
    },
  };
  if (file) context.file = file;
  if (options.genkit) context.genkit = options.genkit;
  const textContext: TextContext = {
    text,
    lines: resolved.document.lines,
    kind: 'prompt',
    analysis: resolved,
  };
  const suppressed = suppressions(resolved.document.lines);
  // A partial has no schema of its own: variable rules would only report noise there.
  const partial = file !== undefined && isPartialFile(file);
  const problems: LintProblem[] = [];
  for (const rule of RULES) {
    if (rule.target === 'prompt') {
      if (partial && (rule.code === 'PO201' || rule.code === 'PO202')) continue;
      problems.push(...finish(rule, rule.check(context), options, suppressed));
    } else if (rule.target === 'text' && resolved.document.analysed) {
      problems.push(...finish(rule, rule.check(textContext), options, suppressed));
    }
  }
  return sortProblems(problems);
}

/** Lints a fixture file's text against its prompt's schemas, plus the privacy rules. */
export async function lintFixtures(
  text: string,
  file: string,
  options: LintOptions = {},
): Promise<LintProblem[]> {
  const lines = new LineIndex(text);
  if (looksBinary(text)) {
    return [
      {
        code: 'PO300',
        message: 'This fixture file contains binary data (NUL bytes).',
        severity: Severity.Error,
        range: lines.range(0, 1),
        fixes: [],
      },
    ];
  }
  let prompt: FixtureContext['prompt'];
  const promptFile = promptForFixtures(file, options);
  const promptText = promptFile ? read(promptFile, options) : undefined;
  if (promptFile && promptText !== undefined) {
    const analysis = await analysisOf(promptFile, promptText, options);
    prompt = {
      file: promptFile,
      analysis,
      input: await inputSchemaModel(analysis.document),
      output: await outputSchemaModel(analysis.document),
    };
  }
  // A 10,000-case file is read and checked in slices: the editor's only thread stays free.
  const slicer = new Slicer(SLICE_MS);
  const context = await buildFixtureContext(text, file, prompt, options.fixtureParses, slicer);
  if (options.graderModel !== undefined) context.graderModel = options.graderModel;
  const textContext: TextContext = { text, lines: context.lines, kind: 'fixtures' };
  const suppressed = suppressions(context.lines);
  const problems: LintProblem[] = [];
  for (const rule of RULES) {
    if (rule.target === 'fixtures')
      problems.push(...finish(rule, rule.check(context), options, suppressed));
    else if (rule.target === 'text')
      problems.push(...finish(rule, rule.check(textContext), options, suppressed));
    await slicer.step();
  }
  return sortProblems(problems);
}

export interface FileResult {
  file: string;
  problems: LintProblem[];
}

/** Lints one file from disk (or its open buffer), by its kind. Other files give no problems. */
export async function lintFile(file: string, options: LintOptions = {}): Promise<FileResult> {
  const text = read(file, options);
  if (text === undefined) return { file, problems: [] };
  if (isPromptFile(file)) return { file, problems: await lintPrompt(text, file, options) };
  if (isFixtureFile(file)) return { file, problems: await lintFixtures(text, file, options) };
  return { file, problems: [] };
}

export async function lintPaths(
  paths: string[],
  options: LintOptions = {},
  onProgress?: (done: number, total: number, file: string) => void,
  signal?: AbortSignal,
): Promise<FileResult[]> {
  const files = findPromptAndFixtureFiles(paths);
  const shared: LintOptions = { ...options, analyses: options.analyses ?? new Map() };
  const results: FileResult[] = [];
  for (const [index, file] of files.entries()) {
    if (signal?.aborted) break;
    results.push(await lintFile(file, shared));
    // A prompt and its fixture file sort next to each other: a few recent analyses are enough.
    if ((shared.analyses?.size ?? 0) > 16) shared.analyses?.clear();
    onProgress?.(index + 1, files.length, file);
  }
  return results;
}
