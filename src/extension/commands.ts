import * as vscode from 'vscode';
import * as path from 'node:path';
import { showProviders } from './providers/show';
import { caseLocations } from '../core/eval/fixtures';
import { isFixtureFile, promptForFixtures } from '../core/discovery/discovery';
import {
  compareModels,
  compareWithPrevious,
  compareWithVariant,
  runComparison,
} from './compare/commands';
import { readSettings } from './config';
import { runAsBatch } from './eval/batch-run';
import { ResultsView } from './eval/results-view';
import { compareWithWorking, openShadowReport, promote, rollback } from './registry/commands';
import type { PromptOps } from './promptops';
import { LANGUAGE_ID } from './language/providers';
import { PreviewProvider } from './preview';
import type { ProfileKind } from './testing/controller';

/** Every command the extension contributes, in one table; ids match package.json. */
export function commandTable(root: PromptOps): Record<string, (...args: unknown[]) => unknown> {
  return {
    'promptops.preview': (uri?: unknown) =>
      openPreview(uri instanceof vscode.Uri ? uri : undefined),
    'promptops.run': (uri?: unknown, caseIds?: unknown, profile?: unknown) =>
      run(
        root,
        uri instanceof vscode.Uri ? uri : undefined,
        Array.isArray(caseIds) ? caseIds.map(String) : undefined,
        profile === 'no-cache' || profile === 'other-model' ? profile : 'run',
      ),
    'promptops.runPrompt': () => run(root, promptOfActiveEditor(), undefined, 'run'),
    'promptops.runAsBatch': (uri?: unknown) =>
      run(root, uri instanceof vscode.Uri ? uri : promptOfActiveEditor(), undefined, 'batch'),
    'promptops.runAll': () => run(root, undefined, undefined, 'run', true),
    'promptops.runCaseAtCursor': () => runCaseAtCursor(root),
    'promptops.cancelRuns': () => root.evals.cancelAll(),
    'promptops.compareWithPrevious': (uri?: unknown) => compareWithPrevious(root, uri),
    'promptops.compareModels': (uri?: unknown, models?: unknown) =>
      compareModels(root, uri, models),
    'promptops.compareWithVariant': (uri?: unknown, variant?: unknown) =>
      compareWithVariant(root, uri, variant),
    'promptops.compareWithHead': (uri?: unknown) =>
      uri instanceof vscode.Uri
        ? runComparison(root, uri, {
            a: { ref: { kind: 'git', rev: 'HEAD' } },
            b: { ref: { kind: 'working' } },
          })
        : undefined,
    'promptops.showTrends': () => {
      // The project of the file in the editor (nested projects keep their own history), else the first folder's.
      const active = vscode.window.activeTextEditor?.document.uri;
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (active?.scheme === 'file' && vscode.workspace.getWorkspaceFolder(active))
        return root.trends.show(root.evals.rootOf(active.fsPath));
      if (!folder)
        return void vscode.window.showWarningMessage(
          'PromptOps: open a folder to see its run history.',
        );
      {
        // The setting is relative to the workspace folder; the history is the project's.
        const traces = readSettings(folder.uri).tracesFile;
        root.trends.show(
          root.evals.rootOf(folder.uri.fsPath),
          traces ? path.resolve(folder.uri.fsPath, traces) : '',
        );
      }
    },
    'promptops.openCaseDiff': (caseId?: unknown) =>
      typeof caseId === 'string' ? root.compare.openDiff(caseId) : undefined,
    'promptops.showProviders': () => showProviders(root),
    'promptops.setApiKey': () => setApiKey(root),
    'promptops.clearApiKey': () => clearApiKey(root),
    'promptops.selectModel': () => selectModel(),
    'promptops.openResults': async (uri?: unknown) => {
      const prompt = uri instanceof vscode.Uri ? uri : promptOfActiveEditor();
      if (!prompt)
        return void vscode.window.showWarningMessage(
          'PromptOps: open a prompt (or its fixture file) to see its results.',
        );
      const document = await vscode.workspace.openTextDocument(ResultsView.uriFor(prompt));
      await vscode.window.showTextDocument(
        await vscode.languages.setTextDocumentLanguage(document, 'markdown'),
        { preview: true, viewColumn: vscode.ViewColumn.Beside },
      );
    },
    'promptops.promote': (target?: unknown, label?: unknown, options?: unknown) =>
      promote(root, target, label, options),
    'promptops.rollback': (target?: unknown, label?: unknown) => rollback(root, target, label),
    'promptops.compareWithWorking': (target?: unknown) => compareWithWorking(root, target),
    'promptops.refreshPrompts': () => root.prompts.refresh(),
    'promptops.openShadowReport': (uri?: unknown) => openShadowReport(root, uri),
    'promptops.showLog': () => root.channel.show(),
    'promptops.lintWorkspace': async () => {
      const { files, problems } = await root.lint.lintWorkspace();
      void vscode.window.showInformationMessage(
        `PromptOps: ${problems} problem${problems === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}.`,
      );
      return { files, problems };
    },
  };
}

async function openPreview(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const editor = vscode.window.activeTextEditor;
  const uri =
    target ?? (editor?.document.languageId === LANGUAGE_ID ? editor.document.uri : undefined);
  if (!uri) {
    void vscode.window.showWarningMessage('PromptOps: open a .prompt file to preview it.');
    return undefined;
  }
  const previewUri = PreviewProvider.uriFor(uri);
  const document = await vscode.workspace.openTextDocument(previewUri);
  await vscode.window.showTextDocument(document, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
    preserveFocus: true,
  });
  return previewUri;
}

function promptOfActiveEditor(): vscode.Uri | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.uri.scheme !== 'file') return undefined;
  if (document.languageId === LANGUAGE_ID) return document.uri;
  if (isFixtureFile(document.fileName)) {
    const prompt = promptForFixtures(document.fileName);
    return prompt ? vscode.Uri.file(prompt) : undefined;
  }
  return undefined;
}

/** Lenses and palette commands run through the Test Explorer's run handler: one path for every run. */
async function run(
  root: PromptOps,
  prompt: vscode.Uri | undefined,
  caseIds: string[] | undefined,
  profile: ProfileKind,
  all = false,
): Promise<void> {
  let include: vscode.TestItem[] | undefined;
  if (!all) {
    if (!prompt)
      return void vscode.window.showWarningMessage(
        'PromptOps: open a prompt with a fixture file to run its cases.',
      );
    const item = await root.tests.promptItem(prompt.fsPath);
    if (!item)
      return void vscode.window.showWarningMessage(
        `PromptOps: ${vscode.workspace.asRelativePath(prompt)} has no fixture file to run.`,
      );
    include = caseIds?.length
      ? [...item.children].map(([, c]) => c).filter((c) => caseIds.includes(c.label))
      : [item];
  }
  const runProfile = root.tests.profile(profile);
  const request = new vscode.TestRunRequest(include, undefined, runProfile);
  if (profile === 'batch') return runAsBatch(root.tests, request);
  const options = profile === 'no-cache' ? { cache: false } : { cache: true };
  if (profile === 'other-model') {
    const model = await vscode.window.showInputBox({
      title: 'Run with another model',
      prompt: 'provider/model',
    });
    if (!model) return;
    Object.assign(options, { model });
  }
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'PromptOps: running evals',
      cancellable: true,
    },
    (progress, token) =>
      root.tests.runRequest(request, token, options, (p) =>
        progress.report({
          message: `${p.prompt} ${p.done}/${p.total} · ✓${p.passed} ✗${p.failed} !${p.errors} · $${p.costUsd.toFixed(4)}`,
        }),
      ),
  );
}

async function runCaseAtCursor(root: PromptOps): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isFixtureFile(editor.document.fileName))
    return void vscode.window.showWarningMessage(
      'PromptOps: put the cursor on a case in a fixture file.',
    );
  const line = editor.selection.active.line;
  const here = caseLocations(editor.document.getText(), editor.document.fileName)
    .filter((l) => l.line <= line)
    .at(-1);
  const prompt = promptForFixtures(editor.document.fileName);
  if (!here || !prompt)
    return void vscode.window.showWarningMessage('PromptOps: no case at the cursor.');
  await run(root, vscode.Uri.file(prompt), [here.id], 'run');
}

async function pickProvider(root: PromptOps, title: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  let names = ['openai', 'ollama'];
  try {
    names = root.evals.registry(folder).names();
  } catch {
    // a broken config file: offer the presets
  }
  return vscode.window.showQuickPick(names, { title, placeHolder: 'Provider' });
}

async function setApiKey(root: PromptOps): Promise<void> {
  const provider = await pickProvider(root, 'PromptOps: Set API Key');
  if (!provider) return;
  const key = await vscode.window.showInputBox({
    title: `API key for ${provider}`,
    password: true,
    ignoreFocusOut: true,
    prompt: 'Stored in VS Code SecretStorage, never in a file.',
  });
  if (!key) return;
  await root.evals.setApiKey(provider, key.trim());
  void vscode.window.showInformationMessage(
    `PromptOps: API key for ${provider} saved in SecretStorage.`,
  );
}

async function clearApiKey(root: PromptOps): Promise<void> {
  const provider = await pickProvider(root, 'PromptOps: Clear API Key');
  if (!provider) return;
  await root.evals.clearApiKey(provider);
  void vscode.window.showInformationMessage(`PromptOps: API key for ${provider} removed.`);
}

async function selectModel(): Promise<void> {
  const current = vscode.workspace.getConfiguration('promptops').get<string>('eval.model', '');
  const model = await vscode.window.showInputBox({
    title: 'PromptOps: Default model for runs',
    prompt: "provider/model for every run, or empty to use each prompt's own model",
    value: current,
  });
  if (model === undefined) return;
  await vscode.workspace
    .getConfiguration('promptops')
    .update('eval.model', model.trim(), vscode.ConfigurationTarget.Workspace);
}
