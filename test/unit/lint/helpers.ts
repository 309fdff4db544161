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
