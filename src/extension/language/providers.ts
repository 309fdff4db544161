import * as vscode from 'vscode';
import * as path from 'node:path';
import { complete } from '../../core/language/completion';
import { definitionAt, hoverAt } from '../../core/language/navigation';
import { findPartialFile, listPartials } from '../../core/language/partials';
import { documentSymbols, foldingRegions } from '../../core/language/symbols';
import type { Logger } from '../../core/types';
import {
  fromPosition,
  toCompletionKind,
  toDocumentSymbol,
  toFoldingRange,
  toPosition,
  toRange,
} from '../convert';
import type { AnalysisCache } from './analysisCache';

export const LANGUAGE_ID = 'dotprompt';
const SELECTOR: vscode.DocumentSelector = [{ language: LANGUAGE_ID }];

type Guard = <T>(what: string, work: () => Promise<T | undefined>) => Promise<T | undefined>;

/** A provider must never throw into the editor: log and answer nothing instead. */
function guardWith(logger: Logger): Guard {
  return async (what, work) => {
    try {
      return await work();
    } catch (error) {
      logger.error(
        `${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      return undefined;
    }
  };
}

/** Registers outline, folding, hover, completion and definition for `.prompt` files. */
export function registerLanguageProviders(
  cache: AnalysisCache,
  logger: Logger,
): vscode.Disposable[] {
  const guard = guardWith(logger);
  return [
    vscode.languages.registerDocumentSymbolProvider(SELECTOR, {
      provideDocumentSymbols: (document) =>
        guard('outline', async () =>
          documentSymbols(await cache.get(document)).map(toDocumentSymbol),
        ),
    }),
    vscode.languages.registerFoldingRangeProvider(SELECTOR, {
      provideFoldingRanges: (document) =>
        guard('folding', async () => foldingRegions(await cache.get(document)).map(toFoldingRange)),
    }),
    registerHover(cache, guard),
    registerCompletion(cache, guard),
    registerDefinition(cache, guard),
  ];
}

function registerHover(cache: AnalysisCache, guard: Guard): vscode.Disposable {
  return vscode.languages.registerHoverProvider(SELECTOR, {
    provideHover: (document, position) =>
      guard('hover', async () => {
        const hover = hoverAt(
          await cache.get(document),
          fromPosition(position),
          partialResolver(document),
        );
        if (!hover) return undefined;
        const markdown = new vscode.MarkdownString(hover.markdown);
        markdown.isTrusted = false;
        markdown.supportHtml = false;
        return new vscode.Hover(markdown, toRange(hover.range));
      }),
  });
}

function toCompletionItem(item: ReturnType<typeof complete>[number]): vscode.CompletionItem {
  const result = new vscode.CompletionItem(item.label, toCompletionKind(item.kind));
  result.insertText = item.snippet ? new vscode.SnippetString(item.insertText) : item.insertText;
  result.range = toRange(item.range);
  if (item.detail) result.detail = item.detail;
  if (item.documentation) result.documentation = new vscode.MarkdownString(item.documentation);
  if (item.sortText) result.sortText = item.sortText;
  return result;
}

function registerCompletion(cache: AnalysisCache, guard: Guard): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    SELECTOR,
    {
      provideCompletionItems: (document, position) =>
        guard('completion', async () => {
          const partials =
            document.uri.scheme === 'file'
              ? listPartials(document.uri.fsPath, workspaceRoot(document)).map((p) => p.name)
              : [];
          const items = complete(await cache.get(document), fromPosition(position), { partials });
          return items.map(toCompletionItem);
        }),
    },
    '{',
    '.',
    '>',
    '"',
    '#',
    '@',
  );
}

function registerDefinition(cache: AnalysisCache, guard: Guard): vscode.Disposable {
  return vscode.languages.registerDefinitionProvider(SELECTOR, {
    provideDefinition: (document, position) =>
      guard('definition', async () => {
        const target = definitionAt(
          await cache.get(document),
          fromPosition(position),
          partialResolver(document),
        );
        if (!target) return undefined;
        const uri = target.file ? vscode.Uri.file(target.file) : document.uri;
        return new vscode.Location(
          uri,
          target.file ? toPosition(target.range.start) : toRange(target.range),
        );
      }),
  });
}

export function workspaceRoot(document: vscode.TextDocument): string | undefined {
  return vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
}

function partialResolver(
  document: vscode.TextDocument,
): ((name: string) => string | undefined) | undefined {
  if (document.uri.scheme !== 'file') return undefined;
  return (name) => {
    const file = findPartialFile(document.uri.fsPath, name, workspaceRoot(document));
    return file ? path.normalize(file) : undefined;
  };
}
