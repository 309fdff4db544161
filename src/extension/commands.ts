import * as vscode from 'vscode';
import type { PromptOps } from './promptops';
import { LANGUAGE_ID } from './language/providers';
import { PreviewProvider } from './preview';

/** Every command the extension contributes, in one table; ids match package.json. */
export function commandTable(root: PromptOps): Record<string, (...args: unknown[]) => unknown> {
  return {
    'promptops.preview': (uri?: unknown) => openPreview(uri instanceof vscode.Uri ? uri : undefined),
    'promptops.showLog': () => root.channel.show(),
    'promptops.lintWorkspace': async () => {
      const { files, problems } = await root.lint.lintWorkspace();
      void vscode.window.showInformationMessage(`PromptOps: ${problems} problem${problems === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.`);
      return { files, problems };
    },
  };
}

async function openPreview(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri = target ?? (editor?.document.languageId === LANGUAGE_ID ? editor.document.uri : undefined);
  if (!uri) {
    void vscode.window.showWarningMessage('PromptOps: open a .prompt file to preview it.');
    return undefined;
  }
  const previewUri = PreviewProvider.uriFor(uri);
  const document = await vscode.workspace.openTextDocument(previewUri);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return previewUri;
}
