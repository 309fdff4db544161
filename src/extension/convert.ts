// The one border between core data (0-based plain ranges, own enums) and VS Code's types.
import * as vscode from 'vscode';
import type { CompletionKind } from '../core/language/completion';
import type { FoldingRegion, PromptSymbol, SymbolKind } from '../core/language/symbols';
import { Severity, type Position, type Problem, type Range } from '../core/types';

export function toPosition(position: Position): vscode.Position {
  return new vscode.Position(position.line, position.character);
}

export function fromPosition(position: vscode.Position): Position {
  return { line: position.line, character: position.character };
}

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(toPosition(range.start), toPosition(range.end));
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case Severity.Error:
      return vscode.DiagnosticSeverity.Error;
    case Severity.Warning:
      return vscode.DiagnosticSeverity.Warning;
    case Severity.Info:
      return vscode.DiagnosticSeverity.Information;
    case Severity.Hint:
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** `docs` is the folder of rule pages (docs/rules): the code in the Problems panel links there. */
export function toDiagnostic(problem: Problem, docs?: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    toRange(problem.range),
    problem.message,
    toSeverity(problem.severity),
  );
  diagnostic.code = docs
    ? { value: problem.code, target: vscode.Uri.joinPath(docs, `${problem.code}.md`) }
    : problem.code;
  diagnostic.source = 'promptops';
  return diagnostic;
}

const SYMBOL_KINDS: Record<SymbolKind, vscode.SymbolKind> = {
  namespace: vscode.SymbolKind.Namespace,
  property: vscode.SymbolKind.Property,
  field: vscode.SymbolKind.Field,
  event: vscode.SymbolKind.Event,
  module: vscode.SymbolKind.Module,
  string: vscode.SymbolKind.String,
};

export function toDocumentSymbol(symbol: PromptSymbol): vscode.DocumentSymbol {
  const result = new vscode.DocumentSymbol(
    symbol.name,
    symbol.detail,
    SYMBOL_KINDS[symbol.kind],
    toRange(symbol.range),
    toRange(symbol.selectionRange),
  );
  result.children = symbol.children.map(toDocumentSymbol);
  return result;
}

export function toFoldingRange(region: FoldingRegion): vscode.FoldingRange {
  const kind =
    region.kind === 'comment'
      ? vscode.FoldingRangeKind.Comment
      : region.kind === 'region'
        ? vscode.FoldingRangeKind.Region
        : undefined;
  return new vscode.FoldingRange(region.startLine, region.endLine, kind);
}

const COMPLETION_KINDS: Record<CompletionKind, vscode.CompletionItemKind> = {
  variable: vscode.CompletionItemKind.Variable,
  field: vscode.CompletionItemKind.Field,
  helper: vscode.CompletionItemKind.Function,
  partial: vscode.CompletionItemKind.File,
  keyword: vscode.CompletionItemKind.Keyword,
  data: vscode.CompletionItemKind.Constant,
  property: vscode.CompletionItemKind.Property,
};

export function toCompletionKind(kind: CompletionKind): vscode.CompletionItemKind {
  return COMPLETION_KINDS[kind];
}
