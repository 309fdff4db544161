import { lintFixtures, lintPrompt, type LintOptions } from '../../../src/core/lint/linter';
import type { LintProblem } from '../../../src/core/lint/types';

export { workspace } from '../helpers';
import { workspace } from '../helpers';

export async function promptProblems(
  text: string,
  options: LintOptions = {},
  file?: string,
): Promise<LintProblem[]> {
  return lintPrompt(text, file, options);
}

export async function fixtureProblems(
  prompt: string,
  fixtures: string,
  name = 'p.fixtures.yaml',
): Promise<LintProblem[]> {
  const ws = workspace({ 'p.prompt': prompt, [name]: fixtures });
  try {
    return await lintFixtures(fixtures, ws.file(name));
  } finally {
    ws.cleanup();
  }
}

export function codes(problems: LintProblem[]): string[] {
  return problems.map((p) => p.code);
}

/** Applies a fix's edits to text (edits given in document coordinates, applied from the end). */
export function applyEdits(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const edit of sorted)
    result =
      result.slice(0, offset(edit.range.start)) +
      edit.newText +
      result.slice(offset(edit.range.end));
  return result;
}

/** The prompt the fixture-rule tests lint their fixture files against. */
export const FIXTURE_PROMPT = `---
input:
  schema:
    subject: string
    plan?(enum): [free, pro]
    count?: integer
  default:
    count: 1
output:
  format: json
  schema:
    category(enum): [billing, bug]
    score: number
---
{{subject}} {{plan}} {{count}}`;

const GREET_PROMPT = '---\ninput:\n  schema:\n    name: string\n---\nHello {{name}}';

/** Lint problems of a fixture file beside a one-input prompt, as [code, message, line, severity]. */
export async function fixtureFindings(
  fixtures: string,
  options: { graderModel?: string | null; prompt?: string; files?: Record<string, string> } = {},
) {
  const ws = workspace({
    'p.prompt': options.prompt ?? GREET_PROMPT,
    'p.fixtures.yaml': fixtures,
    ...options.files,
  });
  try {
    const found = await lintFixtures(fixtures, ws.file('p.fixtures.yaml'), {
      ...(options.graderModel !== undefined ? { graderModel: options.graderModel } : {}),
    });
    return found.map((p) => [p.code, p.message, p.range.start.line, p.severity]);
  } finally {
    ws.cleanup();
  }
}
