import * as vscode from 'vscode';
import type { RunProfileOptions } from '../eval/service';

/** The Test Explorer's run profiles; the code lens and the palette name them too. */
export type ProfileKind = 'run' | 'no-cache' | 'other-model' | 'batch';

export const PROFILE_LABELS: Record<ProfileKind, string> = {
  run: 'Run',
  'no-cache': 'Run without cache',
  'other-model': 'Run with another model…',
  batch: 'Run as batch (half price, answers within 24 h)',
};

/** `provider/model`: what every model box accepts. */
export function checkModel(value: string): string | undefined {
  return /^[\w.-]+\/\S.*$/.test(value.trim())
    ? undefined
    : 'Write provider/model, for example openai/gpt-4o or ollama/llama3.2';
}

/** The one model box (runs with another model, comparisons): validated, trimmed, prefilled. */
export async function askModel(title: string, value = ''): Promise<string | undefined> {
  const model = await vscode.window.showInputBox({
    title,
    prompt: 'provider/model, for example openai/gpt-4o or ollama/llama3.2',
    value,
    validateInput: checkModel,
  });
  return model?.trim() || undefined;
}

/**
 * What a run profile means, in one place: the options a run takes, asking for the model when the
 * profile needs one. Undefined when the user dismissed the model box (or `given` is not a model). The Test Explorer, the code
 * lens and the command palette all come here.
 */
export async function runOptionsFor(
  kind: ProfileKind,
  /** The other model when the caller already has it (a script, a test); checked as the box checks. */
  given?: string,
): Promise<RunProfileOptions | undefined> {
  if (kind === 'run') return { cache: true };
  if (kind === 'no-cache') return { cache: false };
  // The batch's progress is the caller's (src/extension/eval/batch-run.ts adds onStatus).
  if (kind === 'batch') return { cache: true, batch: {} };
  if (given !== undefined) {
    const problem = checkModel(given);
    if (!problem) return { cache: true, model: given.trim() };
    void vscode.window.showErrorMessage(`PromptOps: ${problem}.`);
    return undefined;
  }
  const model = await askModel('Run with another model');
  return model ? { cache: true, model } : undefined;
}
