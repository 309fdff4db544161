import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lintFixtures, lintPrompt, type LintOptions } from '../../../src/core/lint/linter';
import type { LintProblem } from '../../../src/core/lint/types';

/** A throwaway folder with the given files; removed by the returned cleanup. */
export function workspace(files: Record<string, string>): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-lint-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { dir, file: (name) => path.join(dir, name), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export async function promptProblems(text: string, options: LintOptions = {}, file?: string): Promise<LintProblem[]> {
  return lintPrompt(text, file, options);
}

export async function fixtureProblems(prompt: string, fixtures: string, name = 'p.fixtures.yaml'): Promise<LintProblem[]> {
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
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  return result;
}
