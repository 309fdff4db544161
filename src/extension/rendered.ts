import * as vscode from 'vscode';

/**
 * Markdown of ours (results, rule docs) opens rendered, not as an editable source: the built-in
 * Markdown preview of a read-only virtual document. `toSide`: beside the editor, else in its group.
 */
export async function openRendered(uri: vscode.Uri, toSide = true): Promise<void> {
  try {
    await vscode.commands.executeCommand(
      toSide ? 'markdown.showPreviewToSide' : 'markdown.showPreview',
      uri,
    );
  } catch {
    // no Markdown preview (the built-in extension disabled): the read-only source instead
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, {
      preview: true,
      ...(toSide ? { viewColumn: vscode.ViewColumn.Beside } : {}),
    });
  }
}
