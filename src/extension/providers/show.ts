import * as vscode from 'vscode';
import type { ResolvedProvider } from '../../core/providers/presets';
import type { PromptOps } from '../promptops';

/** The same list as `promptops providers`, for a workspace folder (the config's providers over the presets). */
export function providerList(root: PromptOps, folder: string): ResolvedProvider[] {
  const registry = root.evals.registry(folder);
  return registry.names().map((name) => registry.describe(name));
}

function item(p: ResolvedProvider): vscode.QuickPickItem {
  const keys = p.apiKeyEnv.names.length
    ? p.apiKeyEnv.names
        .map((n) => `${n} ${p.apiKeyEnv.set.includes(n) ? 'set' : 'not set'}`)
        .join(', ') + ` (from ${p.apiKeyEnv.origin})`
    : 'no key needed';
  return {
    label: p.name,
    description: p.baseURL ? `${p.baseURL.value} (from ${p.baseURL.origin})` : 'no baseURL',
    detail: `${p.label ? `${p.label} · ` : ''}key: ${keys}`,
  };
}

/** "PromptOps: Show Providers": every preset and configured provider, where each setting came from. */
export async function showProviders(root: PromptOps): Promise<ResolvedProvider[]> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage('PromptOps: open a folder to see its providers.');
    return [];
  }
  let providers: ResolvedProvider[];
  try {
    providers = providerList(root, folder.uri.fsPath);
  } catch (error) {
    void vscode.window.showErrorMessage(
      `PromptOps: ${error instanceof Error ? error.message : String(error)}`,
    );
    return [];
  }
  void vscode.window.showQuickPick(providers.map(item), {
    title: 'PromptOps providers (keys are never shown)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return providers;
}
