import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  compareVariant,
  compareVersions,
  type CompareSide,
  type Comparison,
} from '../../core/compare/compare';
import { variantOf, variantsOf } from '../../core/variants/variants';
import { gitVersions, VersionError, type VersionRef } from '../../core/compare/versions';
import { GitError } from '../../core/git/git';
import { posixRelative } from '../../core/fs/paths';
import { readArtifact, savedRuns } from '../../core/eval/artifact';
import { EvalConfigError } from '../../core/eval/engine';
import type { PromptOps } from '../promptops';
import { UNTRUSTED_MESSAGE } from '../testing/controller';
import { askModel } from '../testing/run-options';
import { parsePromptDocument } from '../../core/language/document';

/** Runs both sides with progress and cancel, then shows the compare view. */
export async function runComparison(
  root: PromptOps,
  prompt: vscode.Uri,
  sides: { a: CompareSide; b: CompareSide },
): Promise<void> {
  await compareWith(root, prompt, (options) => compareVersions(prompt.fsPath, sides, options));
}

type CompareOptions = Parameters<typeof compareVersions>[2];

async function compareWith(
  root: PromptOps,
  prompt: vscode.Uri,
  compute: (options: CompareOptions) => Promise<Comparison>,
): Promise<void> {
  if (!vscode.workspace.isTrusted) return void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `PromptOps: comparing ${path.basename(prompt.fsPath)}`,
      cancellable: true,
    },
    (progress, token) =>
      // The eval queue: one run at a time, and "Cancel Running Evals" stops comparisons too.
      root.evals.enqueue(async () => {
        const { signal, done } = root.evals.cancellable(token);
        try {
          const comparison = await compute({
            // As a test run would run it: the config file's retries, grader and embedding models, the editor's settings.
            ...root.evals.engineOptions(prompt.fsPath),
            signal,
            onProgress: (p) => progress.report({ message: `${p.done}/${p.total}` }),
          });
          root.compare.show(comparison);
        } catch (error) {
          if (signal.aborted)
            void vscode.window.showInformationMessage('PromptOps: comparison cancelled.');
          else void vscode.window.showErrorMessage(`PromptOps: ${comparisonFailure(error)}`);
        } finally {
          done();
        }
      }),
  );
}

function comparisonFailure(error: unknown): string {
  return error instanceof VersionError ||
    error instanceof GitError ||
    error instanceof EvalConfigError
    ? error.message
    : `comparison failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** The `model:` of a prompt's frontmatter (the open document's text when it is open). */
function ownModel(prompt: vscode.Uri): string | undefined {
  try {
    const text =
      vscode.workspace.textDocuments.find((d) => d.uri.fsPath === prompt.fsPath)?.getText() ??
      fs.readFileSync(prompt.fsPath, 'utf8');
    const model = parsePromptDocument(text).frontmatter?.data?.model;
    return typeof model === 'string' ? model : undefined;
  } catch {
    return undefined;
  }
}

function activePrompt(uri: unknown): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'dotprompt' ? document.uri : undefined;
}

/** How many saved runs the version picker lists (newest first); each is read for its figures. */
const SAVED_RUNS_SHOWN = 50;

/** `2026-12-01 19:54 · openai/gpt-4o` / `2/3 passed (67%) · 3 cases · $0.0012` */
function savedRunLabel(run: { id: string; file: string }): { label: string; description: string } {
  const stamp = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)/.exec(run.id);
  const when = stamp ? `${stamp[1]}-${stamp[2]}-${stamp[3]} ${stamp[4]}:${stamp[5]} UTC` : run.id;
  try {
    const { model, summary: s } = readArtifact(run.file);
    return {
      label: `${when} · ${model.id}`,
      description: `${s.passed}/${s.total} passed (${Math.round(s.passRate * 100)}%) · $${s.costUsd.toFixed(4)}${s.cancelled ? ' · cancelled' : ''}`,
    };
  } catch {
    return { label: when, description: 'saved run (unreadable)' };
  }
}

export async function compareWithPrevious(root: PromptOps, uri?: unknown): Promise<void> {
  const prompt = activePrompt(uri);
  if (!prompt)
    return void vscode.window.showWarningMessage(
      'PromptOps: open a prompt to compare its versions.',
    );
  const folder = root.evals.rootOf(prompt.fsPath);
  const items: (vscode.QuickPickItem & { ref?: VersionRef })[] = [];
  try {
    items.push(
      { label: 'Git history', kind: vscode.QuickPickItemKind.Separator },
      ...gitVersions(folder, prompt.fsPath).map((v) => ({
        label: v.rev.slice(0, 7),
        description: v.date,
        detail: v.subject,
        ref: { kind: 'git' as const, rev: v.rev },
      })),
    );
  } catch (error) {
    items.push({
      label: `No git history: ${error instanceof Error ? error.message : String(error)}`,
      kind: vscode.QuickPickItemKind.Separator,
    });
  }
  const runs = savedRuns(folder, posixRelative(folder, prompt.fsPath));
  if (runs.length)
    items.push(
      { label: 'Saved runs', kind: vscode.QuickPickItemKind.Separator },
      ...runs.slice(0, SAVED_RUNS_SHOWN).map((r) => ({
        ...savedRunLabel(r),
        ref: { kind: 'run' as const, id: r.id },
      })),
    );
  const picked = await vscode.window.showQuickPick(
    items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator || items.length > 1),
    { title: 'Compare the working copy with…', matchOnDetail: true },
  );
  if (!picked?.ref) return;
  await runComparison(root, prompt, { a: { ref: picked.ref }, b: { ref: { kind: 'working' } } });
}

export async function compareModels(
  root: PromptOps,
  uri?: unknown,
  models?: unknown,
): Promise<void> {
  const prompt = activePrompt(uri);
  if (!prompt)
    return void vscode.window.showWarningMessage('PromptOps: open a prompt to compare models.');
  const given = Array.isArray(models) ? models.map(String) : [];
  // Model A starts as the prompt's own model: the usual question is "this, or another?".
  const modelA = given[0] ?? (await askModel('Compare models: model A', ownModel(prompt)));
  if (!modelA) return;
  const modelB = given[1] ?? (await askModel('Compare models: model B'));
  if (!modelB) return;
  await runComparison(root, prompt, {
    a: { ref: { kind: 'working' }, model: modelA },
    b: { ref: { kind: 'working' }, model: modelB },
  });
}

/** "Compare with Variant…": the base prompt against one of its `name.variant.prompt` files. */
export async function compareWithVariant(
  root: PromptOps,
  uri?: unknown,
  variant?: unknown,
): Promise<void> {
  const prompt = activePrompt(uri);
  if (!prompt)
    return void vscode.window.showWarningMessage('PromptOps: open a prompt to compare variants.');
  const base = variantOf(prompt.fsPath)?.baseFile ?? prompt.fsPath;
  const variants = variantsOf(base);
  if (!variants.length)
    return void vscode.window.showInformationMessage(
      `PromptOps: ${path.basename(base)} has no variants (add ${path.basename(base, '.prompt')}.<variant>.prompt beside it).`,
    );
  const picked =
    variants.find((v) => v.variant === variant) ??
    (await vscode.window.showQuickPick(
      variants.map((v) => ({ label: v.variant, description: path.basename(v.file), file: v.file })),
      { title: `Compare ${path.basename(base)} with variant…` },
    ));
  if (!picked) return;
  const baseUri = vscode.Uri.file(base);
  await compareWith(root, baseUri, (options) => compareVariant(base, picked.file, {}, options));
}
