import * as vscode from 'vscode';
import { PromptOps } from './promptops';

export interface PromptOpsApi {
  /** Milliseconds `activate` took, for the activation-time figure. */
  activationMs: number;
  /** The root object, for the in-editor tests. */
  root: PromptOps;
}

export function activate(context: vscode.ExtensionContext): PromptOpsApi {
  const started = performance.now();
  try {
    const root = new PromptOps(context);
    context.subscriptions.push(root);
    const activationMs = performance.now() - started;
    root.logger.info(
      `PromptOps ${String(context.extension.packageJSON.version)} activated in ${activationMs.toFixed(1)} ms`,
    );
    return { activationMs, root };
  } catch (error) {
    void vscode.window.showErrorMessage(
      `PromptOps failed to start: ${error instanceof Error ? error.message : String(error)}`,
    );
    throw error;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
