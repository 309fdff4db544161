import * as fs from 'node:fs';
import { parsePromptDocument } from '../language/document';
import { filePartialSource } from '../language/partials';
import { compilePrompt } from '../language/render';
import { lintFixtures, lintPrompt, type LintOptions } from '../lint/linter';
import { checkRequestPrivacy, DEFAULT_PRIVACY, type PrivacyPolicy } from '../privacy/request';
import { someNames } from '../text/names';
import { Severity } from '../types';
import { severityOverrides, type WorkspaceConfig } from '../config';
import { workspaceGenkitRegistry } from '../genkit/scan';
import { configEvalSettings } from './settings';
import { caseLocationsSliced, fixtureHistory, fixturePathFor } from './fixtures';
import { Slicer, SLICE_MS } from '../slicer';
import { readFixturesAsync } from './fixtures-async';
import type { FixtureFile } from './fixtures';

/** One known problem of a run, found before any request: a lint error, or a request privacy blocks. */
export interface PreflightProblem {
  file: string;
  /** 0-based line of the problem in `file`. */
  line: number;
  /** The case it belongs to; undefined for a problem of the prompt (every case has it). */
  caseId?: string;
  /** True when the case will not be sent at all (the privacy policy blocks its request). */
  notSent: boolean;
  message: string;
}

export interface PreflightTarget {
  promptFile: string;
  root?: string;
  caseIds?: string[];
  /** The project's promptops.config.yaml: lint severities, registered helpers, the privacy policy. */
  config?: WorkspaceConfig;
  /** Over the config's privacy policy (the editor's settings). */
  privacy?: PrivacyPolicy;
}

/** The lint settings a project's config gives, as `promptops lint` uses them. */
export function projectLintOptions(root: string, config: WorkspaceConfig): LintOptions {
  return {
    severities: severityOverrides(config),
    root,
    genkit: workspaceGenkitRegistry(root, config),
    graderModel: config.eval?.graderModel ?? null,
    toolDefinitions: config.tools ?? null,
  };
}

const read = (file: string) => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/**
 * What the CLI's preflight and the editor's cost confirmation check first: the lint errors of each
 * prompt and of its fixture file (a missing required input, an unknown assertion type …), and every
 * chosen case whose rendered request the privacy policy would block. Only the chosen cases count.
 */
export async function preflightProblems(
  targets: readonly PreflightTarget[],
): Promise<PreflightProblem[]> {
  const problems: PreflightProblem[] = [];
  // One scan of a project's sources for its registered helpers, however many of its prompts run.
  const byRoot = new Map<string, LintOptions>();
  for (const target of targets) {
    const { root, config } = target;
    let lint = root ? byRoot.get(root) : undefined;
    if (root && !lint) {
      lint = config ? projectLintOptions(root, config) : { root };
      byRoot.set(root, lint);
    }
    problems.push(...(await problemsOf(target, { ...lint, analyses: new Map() })));
  }
  return problems;
}

async function problemsOf(
  target: PreflightTarget,
  options: LintOptions,
): Promise<PreflightProblem[]> {
  const { promptFile } = target;
  const source = read(promptFile);
  if (source === undefined) return [];
  const problems: PreflightProblem[] = (await lintPrompt(source, promptFile, options))
    .filter((p) => p.severity === Severity.Error)
    .map((p) => ({
      file: promptFile,
      line: p.range.start.line,
      notSent: false,
      message: `${p.message} (${p.code})`,
    }));
  const document = parsePromptDocument(source);
  const fixturesFile = fixturePathFor(promptFile, document.frontmatter?.data ?? {});
  const fixturesText = fixturesFile ? read(fixturesFile) : undefined;
  if (!fixturesFile || fixturesText === undefined) return problems;
  const chosenIds = target.caseIds && new Set(target.caseIds);
  const chosen = (id: string | undefined) => !chosenIds || (id !== undefined && chosenIds.has(id));
  // Read as the run reads it first: the lint then takes each case's value from this read.
  const fixtures = await readFixturesAsync(fixturesFile).then(
    (read) => read.fixtures,
    () => undefined, // the lint errors say what is wrong with the file
  );
  // The cases' lines, read only once a problem needs one (a clean run never does).
  let locations: Promise<CaseLines> | undefined;
  const locate = () => (locations ??= caseLocationsSliced(fixturesText, fixturesFile));
  for (const p of await lintFixtures(fixturesText, fixturesFile, options)) {
    if (p.severity !== Severity.Error) continue;
    const caseId = caseAtLine(await locate(), p.range.start.line);
    if (!chosen(caseId)) continue;
    problems.push({
      file: fixturesFile,
      line: p.range.start.line,
      ...(caseId ? { caseId } : {}),
      notSent: false,
      message: `${p.message} (${p.code})`,
    });
  }
  if (fixtures)
    problems.push(
      ...(await blockedCases({ target, source, document, fixturesFile, fixtures, locate, chosen })),
    );
  return problems;
}

type CaseLines = readonly { id: string; line: number }[];

/** The case whose item holds `line`: the last one starting at or before it (locations are in line order). */
function caseAtLine(locations: CaseLines, line: number) {
  let low = 0;
  let high = locations.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (locations[middle]!.line <= line) low = middle + 1;
    else high = middle;
  }
  return locations[low - 1]?.id;
}

/** What blockedCases reads: the prompt, its chosen cases, and where their lines are. */
interface BlockedInput {
  target: PreflightTarget;
  source: string;
  document: ReturnType<typeof parsePromptDocument>;
  fixturesFile: string;
  fixtures: FixtureFile;
  locate: () => Promise<CaseLines>;
  chosen: (id: string) => boolean;
}

/** The chosen cases whose rendered messages the privacy policy blocks: they are never sent. */
async function blockedCases({
  target,
  source,
  document,
  fixturesFile,
  fixtures,
  locate,
  chosen,
}: BlockedInput): Promise<PreflightProblem[]> {
  const render = compilePrompt(source, filePartialSource(target.promptFile, target.root), document);
  const policy =
    target.privacy ??
    (target.config ? configEvalSettings(target.config).privacy : undefined) ??
    DEFAULT_PRIVACY;
  let lineOf: Map<string, number> | undefined;
  const problems: PreflightProblem[] = [];
  // A render settles without yielding: 10,000 of them held the extension host for ~0.2 s at once.
  const slicer = new Slicer(SLICE_MS);
  for (const fixture of fixtures.cases) {
    if (fixture.skip || !chosen(fixture.id)) continue;
    await slicer.step();
    const rendered = await render({
      input: fixture.input,
      messages: fixtureHistory(fixture.messages),
    });
    if (!rendered.ok) continue;
    const screened = checkRequestPrivacy(rendered.prompt.messages, policy);
    if (!screened.blocked) continue;
    lineOf ??= new Map((await locate()).map((l) => [l.id, l.line]));
    problems.push({
      file: fixturesFile,
      line: lineOf.get(fixture.id) ?? 0,
      caseId: fixture.id,
      notSent: true,
      message: `not sent: ${screened.blocked}`,
    });
  }
  return problems;
}

/** One line a problem, for the CLI and the editor: `case 'x': message` or `prompt: message`. */
export function describePreflightProblem(problem: PreflightProblem): string {
  const subject = problem.caseId !== undefined ? `case '${problem.caseId}'` : 'the prompt';
  // Some lint messages name the case already.
  const message = problem.message.startsWith(`${subject}: `)
    ? problem.message.slice(subject.length + 2)
    : problem.message;
  return `${subject}: ${message}`;
}

/**
 * The problems in a sentence or two, for a dialog: the cases that will not be sent and why, then
 * the cases (or the prompt) with lint errors, a few named and the rest counted.
 */
export function summarizePreflightProblems(problems: readonly PreflightProblem[]): string {
  const parts: string[] = [];
  const blocked = new Map<string, string>();
  for (const p of problems)
    if (p.notSent && p.caseId !== undefined && !blocked.has(p.caseId))
      blocked.set(p.caseId, p.message.replace(/^not sent: /, ''));
  if (blocked.size) {
    const [first] = blocked.values();
    parts.push(
      `${blocked.size} case${blocked.size === 1 ? '' : 's'} will not be sent (${someNames([...blocked.keys()])}): ${first}.`,
    );
  }
  const linted = problems.filter((p) => !p.notSent);
  const prompt = linted.some((p) => p.caseId === undefined);
  const cases = [...new Set(linted.flatMap((p) => (p.caseId !== undefined ? [p.caseId] : [])))];
  if (prompt) parts.push('The prompt has lint errors.');
  if (cases.length)
    parts.push(
      `${cases.length === 1 ? 'Case' : 'Cases'} with lint errors: ${someNames(cases)} (${describePreflightProblem(linted.find((p) => p.caseId !== undefined)!)}${cases.length > 1 || linted.length > 1 ? ' …' : ''}).`,
    );
  return parts.join(' ');
}
