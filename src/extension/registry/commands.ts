import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigError, type WorkspaceConfig } from '../../core/config';
import { VersionError } from '../../core/compare/versions';
import { GitError } from '../../core/git/git';
import {
  judgeVersion,
  labelPrompt,
  PromotionRefused,
  rollbackPrompt,
} from '../../core/registry/promote';
import { someNames } from '../../core/text/names';
import { LABEL_NAME, promptKey, readRegistry, RegistryError } from '../../core/registry/registry';
import { readShadowReport, SHADOW_DIR, ShadowError } from '../../core/shadow/shadow';
import { runComparison } from '../compare/commands';
import type { PromptOps } from '../promptops';
import { UNTRUSTED_MESSAGE } from '../testing/controller';
import type { PromptsNode } from './tree';

/** The prompt a command was given: a Prompts view node, a file URI, or the active editor. */
function promptOf(target: unknown): { file: string; rev?: string; label?: string } | undefined {
  if (target instanceof vscode.Uri) return { file: target.fsPath };
  const node = target as PromptsNode | undefined;
  if (node && typeof node === 'object' && 'kind' in node) {
    if (node.kind === 'prompt') return { file: node.file };
    if (node.kind === 'version') return { file: node.file, rev: node.rev };
    if (node.kind === 'label') return { file: node.file, rev: node.target.rev, label: node.label };
  }
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'dotprompt' && document.uri.scheme === 'file'
    ? { file: document.uri.fsPath }
    : undefined;
}

function failure(error: unknown): string {
  if (
    error instanceof RegistryError ||
    error instanceof VersionError ||
    error instanceof GitError ||
    error instanceof ConfigError
  )
    return error.message;
  return `failed: ${error instanceof Error ? error.message : String(error)}`;
}

async function pickLabel(root: string, file: string): Promise<string | undefined> {
  const existing = Object.keys(readRegistry(root).prompts[promptKey(root, file)]?.labels ?? {});
  const names = [...new Set([...existing, 'production', 'staging'])];
  const NEW = '$(add) New label…';
  const picked = await vscode.window.showQuickPick([...names, NEW], {
    title: `Promote ${path.basename(file)} to…`,
  });
  if (picked !== NEW) return picked;
  return vscode.window.showInputBox({
    title: 'Label name',
    validateInput: (v) =>
      LABEL_NAME.test(v) ? undefined : 'Letters, digits, dots, dashes and underscores',
  });
}

/**
 * Points a label at a version (a Prompts view version node, else HEAD). Refused when the
 * version's results are missing, stale or failing, with "Promote Anyway" to force (recorded).
 * Arguments for scripts and tests: (target, label?, { force?, rev? }).
 */
export async function promote(
  root: PromptOps,
  target?: unknown,
  labelArg?: unknown,
  options?: unknown,
): Promise<boolean> {
  if (!vscode.workspace.isTrusted)
    return (void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE), false);
  const prompt = promptOf(target);
  if (!prompt)
    return (
      void vscode.window.showWarningMessage(
        'PromptOps: choose a prompt (or one of its versions) to promote.',
      ),
      false
    );
  const folder = root.evals.rootOf(prompt.file);
  const given = (options ?? {}) as { force?: boolean; rev?: string };
  try {
    const label = typeof labelArg === 'string' ? labelArg : await pickLabel(folder, prompt.file);
    if (!label) return false;
    const { config } = root.evals.config(folder);
    const context = {
      root: folder,
      config,
      rev: given.rev ?? prompt.rev ?? 'HEAD',
    };
    const force = given.force === true;
    // The failing cases are named in either question: the refusal's, or the one asked when a
    // gate lets failures through (gate.minPassRate below 100%).
    const failing = force ? undefined : await failingCases(prompt.file, context);
    if (failing?.allowed) {
      const choice = await root.dialogs.ask(
        `PromptOps: ${failing.text}. Promote it to '${label}' anyway?`,
        'The gate allows it (gate.minPassRate), so the promotion is not recorded as forced.',
        'Promote Anyway',
      );
      if (choice !== 'Promote Anyway') return false;
    }
    let outcome;
    try {
      outcome = await labelPrompt(prompt.file, label, { ...context, force });
    } catch (error) {
      if (!(error instanceof PromotionRefused)) throw error;
      const reasons = error.problems.map((p) => p.message).join('\n');
      const choice = await root.dialogs.ask(
        `PromptOps: not promoted to '${label}'`,
        `${reasons}${failing ? `\n${failing.text}.` : ''}\n\nPromote anyway? The override is recorded in the registry.`,
        'Promote Anyway',
      );
      if (choice !== 'Promote Anyway') return false;
      outcome = await labelPrompt(prompt.file, label, { ...context, force: true });
    }
    root.prompts.refresh();
    void vscode.window.showInformationMessage(
      outcome.moved
        ? `PromptOps: '${label}' of ${outcome.prompt} → ${outcome.to.slice(0, 7)}${outcome.move?.forced ? ' (forced)' : ''}.`
        : `PromptOps: '${label}' already points at ${outcome.to.slice(0, 7)}.`,
    );
    return outcome.moved;
  } catch (error) {
    void vscode.window.showErrorMessage(`PromptOps: ${failure(error)}`);
    return false;
  }
}

/**
 * The cases of a version's results that did not pass, in words ("1 of 2 cases of this version did
 * not pass (bob)"); `allowed` when the gate lets them through. Undefined when every case passed.
 */
async function failingCases(
  file: string,
  context: { root: string; config: WorkspaceConfig; rev: string },
): Promise<{ text: string; allowed: boolean } | undefined> {
  const verdict = await judgeVersion(file, context.rev, context);
  const cases = verdict.artifact?.cases ?? [];
  const failed = cases.filter((c) => c.status !== 'pass');
  if (failed.length === 0) return undefined;
  const named = someNames([...new Set(failed.map((c) => c.id))]);
  return {
    text: `${failed.length} of ${cases.length} case${cases.length === 1 ? '' : 's'} of this version did not pass (${named})`,
    allowed: verdict.problems.length === 0,
  };
}

/** Points a label (a Prompts view label node, or the label given) back at its previous version. */
export async function rollback(
  root: PromptOps,
  target?: unknown,
  labelArg?: unknown,
): Promise<boolean> {
  if (!vscode.workspace.isTrusted)
    return (void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE), false);
  const prompt = promptOf(target);
  if (!prompt)
    return (
      void vscode.window.showWarningMessage('PromptOps: choose a label of a prompt to roll back.'),
      false
    );
  const folder = root.evals.rootOf(prompt.file);
  try {
    const label = typeof labelArg === 'string' ? labelArg : (prompt.label ?? 'production');
    const { config } = root.evals.config(folder);
    const outcome = rollbackPrompt(prompt.file, {
      root: folder,
      config,
      label,
    });
    root.prompts.refresh();
    void vscode.window.showInformationMessage(
      `PromptOps: '${label}' of ${outcome.prompt} rolled back ${outcome.from?.slice(0, 7)} → ${outcome.to.slice(0, 7)}.`,
    );
    return true;
  } catch (error) {
    void vscode.window.showErrorMessage(`PromptOps: ${failure(error)}`);
    return false;
  }
}

/** Compares a label's or a version's prompt with the working copy, in the compare view. */
export async function compareWithWorking(root: PromptOps, target?: unknown): Promise<void> {
  const prompt = promptOf(target);
  if (!prompt?.rev)
    return void vscode.window.showWarningMessage(
      'PromptOps: choose a label or a version in the Prompts view to compare.',
    );
  await runComparison(root, vscode.Uri.file(prompt.file), {
    a: { ref: { kind: 'git', rev: prompt.rev } },
    b: { ref: { kind: 'working' } },
  });
}

/** Opens a shadow report (.promptops/shadow/…json) in the compare view. */
export async function openShadowReport(root: PromptOps, target?: unknown): Promise<void> {
  let file = target instanceof vscode.Uri ? target.fsPath : undefined;
  if (!file) {
    const reports = await vscode.workspace.findFiles(
      `${SHADOW_DIR.split(path.sep).join('/')}/**/*.json`,
      undefined,
      200,
    );
    if (!reports.length)
      return void vscode.window.showInformationMessage(
        'PromptOps: no shadow reports yet. Run promptops shadow <file.prompt> first.',
      );
    const picked = await vscode.window.showQuickPick(
      reports.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
      { title: 'Open shadow report' },
    );
    file = picked?.uri.fsPath;
  }
  if (!file) return;
  try {
    if (!fs.existsSync(file)) throw new ShadowError(`${file} does not exist`);
    const report = readShadowReport(file);
    root.compare.show(report.comparison, { inputs: report.inputs.source, summary: report.summary });
  } catch (error) {
    void vscode.window.showErrorMessage(
      `PromptOps: ${error instanceof ShadowError ? error.message : failure(error)}`,
    );
  }
}
