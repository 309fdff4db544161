import type * as YAML from 'yaml';
import type { GenkitRegistry } from '../genkit/scan';
import type { PromptAnalysis } from '../language/analysis';
import type { SchemaModel } from '../language/schema';
import type { LineIndex } from '../language/text';
import type { OfferedTool } from './tool-context';
import type { Problem, Range, Severity } from '../types';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix: edits to the file the problem is in. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface LintProblem extends Problem {
  fixes: Fix[];
}

export type RuleCategory = 'syntax' | 'schema' | 'template' | 'fixtures' | 'privacy';

export interface RuleMeta {
  code: string;
  name: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** One line, for SARIF and the rule index. */
  summary: string;
  /** Markdown for docs/rules/<code>.md: why it matters and how to fix it. */
  description: string;
  example?: { bad: string; good?: string };
}

export interface Finding {
  range: Range;
  message: string;
  fixes?: Fix[];
  /** Overrides the rule's severity for this finding (e.g. info for documentation values). */
  severity?: Severity;
}

export interface PromptContext {
  file?: string;
  analysis: PromptAnalysis;
  output: SchemaModel;
  /** Template text of a partial by name, undefined when it does not exist. */
  partial(name: string): string | undefined;
  /** Helpers, partials, schemas and formats the application registers (scan + config). */
  genkit?: GenkitRegistry;
  /** The tools the prompt offers, resolved against the config's and the fixture file's definitions. */
  tools: OfferedTool[];
  /** False when the caller did not say what promptops.config.yaml defines (tools undefined). */
  knowsToolDefinitions: boolean;
}

/**
 * One case. For a case read without its document (fixture-values.ts), `node`, `anchor`,
 * `inputNode` and each assertion's `node` parse it when first read: a rule reads them only to
 * place what it reports.
 */
export interface FixtureCaseNode {
  index: number;
  id?: string;
  node: YAML.YAMLMap;
  /** Where the case is: its `id` value, or the case itself. */
  anchor: Range;
  input?: unknown;
  inputNode?: YAML.Node;
  /** The case's assertions, then those of its scripted turns. */
  assertions: { node: YAML.YAMLMap; value: Record<string, unknown> }[];
  /** The tool names the case's `tools:` map scripts (a case without the map has none). */
  toolNames?: string[];
}

export interface FixtureContext {
  file: string;
  text: string;
  lines: LineIndex;
  /**
   * The documents PO300 checks: the YAML file parsed whole (none when it was read case by case),
   * or each JSONL line the document parser read (offset is the line's start; a line that is the
   * JSON of a valid case is read by JSON.parse, its nodes parsed only when a rule asks for them).
   */
  documents: { doc: YAML.Document.Parsed; offset: number }[];
  /**
   * The YAML documents are the file's case items parsed one by one (each a list of one case), and
   * the file put back together was checked against the fixture format: it parses and has its shape.
   */
  caseByCase?: boolean;
  cases: FixtureCaseNode[];
  /** The prompt these fixtures belong to, when found. */
  prompt?: { file: string; analysis: PromptAnalysis; input: SchemaModel; output: SchemaModel };
  /** The configured grader model; null when the caller knows none is configured. */
  graderModel?: string | null;
  rangeOf(node: YAML.Node | null | undefined, documentOffset?: number): Range | undefined;
}

export interface TextContext {
  text: string;
  lines: LineIndex;
  /** `prompt` for .prompt files, `fixtures` for fixture files. */
  kind: 'prompt' | 'fixtures';
  /** For prompts: the analysis, so fixes can declare variables. */
  analysis?: PromptAnalysis;
}

export interface PromptRule extends RuleMeta {
  target: 'prompt';
  check(context: PromptContext): Finding[];
}

export interface FixtureRule extends RuleMeta {
  target: 'fixtures';
  check(context: FixtureContext): Finding[];
}

export interface TextRule extends RuleMeta {
  target: 'text';
  check(context: TextContext): Finding[];
}

export type Rule = PromptRule | FixtureRule | TextRule;

export type SeverityOverrides = Record<string, Severity | 'off'>;
