import type { LineIndex } from '../language/text';

const DIRECTIVE = /promptops-disable-next-line\b([^}\n]*)/;

/**
 * Lines whose problems are suppressed: `{{! promptops-disable-next-line PO401 }}` in a template,
 * `# promptops-disable-next-line PO401 PO402` in YAML. No code means every rule.
 * Returns line → codes (an empty set for all).
 */
export function suppressions(lines: LineIndex): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  if (!lines.text.includes('promptops-disable-next-line')) return result;
  for (let line = 0; line < lines.lineCount; line++) {
    const match = DIRECTIVE.exec(lines.lineText(line));
    if (!match) continue;
    const codes = (match[1] ?? '').replace(/--$|~$/, '').match(/\bPO\d{3}\b/g) ?? [];
    result.set(line + 1, new Set(codes));
  }
  return result;
}

export function isSuppressed(table: Map<number, Set<string>>, line: number, code: string): boolean {
  const codes = table.get(line);
  return codes !== undefined && (codes.size === 0 || codes.has(code));
}
