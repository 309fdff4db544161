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
import { latestArtifact } from '../core/eval/artifact';
import { readSettings } from './config';
import { runAsBatch } from './eval/batch-run';
import { ResultsView } from './eval/results-view';
import { compareWithWorking, openShadowReport, promote, rollback } from './registry/commands';
import type { PromptOps } from './promptops';
import { LANGUAGE_ID } from './language/providers';
import { PreviewProvider } from './preview';
import { openRendered } from './rendered';
import type { LastRun, ProfileKind } from './testing/controller';

/** Every command the extension contributes, in one table; ids match package.json. */
export function commandTable(root: PromptOps): Record<string, (...args: unknown[]) => unknown> {
  return {
    'promptops.preview': (uri?: unknown) =>
      openPreview(uri instanceof vscode.Uri ? uri : undefined),
    // Returns what the run ended with (each case's state, the failures), for scripts and tests.
    'promptops.run': (uri?: unknown, caseIds?: unknown, profile?: unknown, model?: unknown) =>
      run(
        root,
        uri instanceof vscode.Uri ? uri : undefined,
        Array.isArray(caseIds) ? caseIds.map(String) : undefined,
        profile === 'no-cache' || profile === 'other-model' ? profile : 'run',
        false,
        typeof model === 'string' ? model : undefined,
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
    'promptops.showTrends': () => showTrends(root),
    'promptops.openCaseDiff': (caseId?: unknown) =>
      typeof caseId === 'string' ? root.compare.openDiff(caseId) : undefined,
    'promptops.showProviders': () => showProviders(root),
    'promptops.setApiKey': (provider?: unknown) =>
      setApiKey(root, typeof provider === 'string' ? provider : undefined),
    'promptops.clearApiKey': () => clearApiKey(root),
    'promptops.selectModel': () => selectModel(),
    'promptops.openResults': (uri?: unknown, model?: unknown) =>
      openResults(uri instanceof vscode.Uri ? uri : undefined, model),
    'promptops.showRuleDoc': (code?: unknown) =>
      root.ruleDocs.show(typeof code === 'string' ? code : undefined),
    'promptops.showFailures': (uri?: unknown) =>
      showFailures(root, uri instanceof vscode.Uri ? uri : undefined),
    'promptops.promote': (target?: unknown, label?: unknown, options?: unknown) =>
      promote(root, target, label, options),
    'promptops.rollback': (target?: unknown, label?: unknown) => rollback(root, target, label),
    'promptops.compareWithWorking': (target?: unknown) => compareWithWorking(root, target),
    'promptops.refreshPrompts': () => root.prompts.refresh(),
    'promptops.openShadowReport': (uri?: unknown) => openShadowReport(root, uri),
    'promptops.showLog': () => root.channel.show(),
    'promptops.lintWorkspace': async () => {
      const result = await root.lint.lintWorkspace();
      const { files, problems, withProblems } = result;
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      void vscode.window.showInformationMessage(
        `PromptOps: ${plural(problems, 'problem')}${problems ? ` in ${plural(withProblems, 'file')}` : ''} (${plural(files, 'file')} checked).`,
      );
      return result;
    },
  };
}

/**
 * The run history of the project of the file in the editor (nested projects keep their own),
 * else of the first folder; production series from that folder's traces file when one is set.
 */
function showTrends(root: PromptOps): void {
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder =
    active?.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(active) : undefined;
  const folder = activeFolder ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder)
    return void vscode.window.showWarningMessage(
      'PromptOps: open a folder to see its run history.',
    );
  // The setting is relative to the workspace folder; the history is the project's.
  const traces = readSettings(folder.uri).tracesFile;
  root.trends.show(
    root.evals.rootOf(activeFolder && active ? active.fsPath : folder.uri.fsPath),
    traces ? path.resolve(folder.uri.fsPath, traces) : '',
  );
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
  model?: string,
): Promise<LastRun | undefined> {
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
  const request = new vscode.TestRunRequest(include, undefined, root.tests.profile(profile));
  if (profile === 'batch') {
    await runAsBatch(root.tests, request);
    return root.tests.lastRun;
  }
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'PromptOps',
      cancellable: true,
    },
    (progress, token) => {
      let reported = 0;
      return root.tests.runWith(
        profile,
        request,
        token,
        (p) => {
          // The count first: a narrow notification cuts the end of the line.
          const share = p.total ? (p.done / p.total) * 100 : 0;
          progress.report({
            message: `${p.done}/${p.total} · ${p.prompt} · ✓${p.passed} ✗${p.failed} !${p.errors} · $${p.costUsd.toFixed(4)}`,
            increment: Math.max(0, share - reported),
          });
          reported = Math.max(reported, share);
        },
        model,
      );
    },
  );
  if (outcome) void announceFailures(outcome);
  return outcome;
}

/** A prompt's results (or a model's), rendered and read-only beside the editor. */
async function openResults(uri: vscode.Uri | undefined, model: unknown): Promise<void> {
  const prompt = uri ?? promptOfActiveEditor();
  if (!prompt)
    return void vscode.window.showWarningMessage(
      'PromptOps: open a prompt (or its fixture file) to see its results.',
    );
  await openRendered(ResultsView.uriFor(prompt, typeof model === 'string' ? model : undefined));
}

/**
 * The first failure of a prompt (or of the last run): its case in the fixture file, with the
 * failure's message in the test peek when this session ran it.
 */
async function showFailures(root: PromptOps, prompt: vscode.Uri | undefined): Promise<void> {
  const last = root.tests.lastRun;
  const ran = last?.failures.filter((f) => !prompt || f.parent?.uri?.fsPath === prompt.fsPath);
  if (last && ran?.length) return showFirstFailure({ ...last, failures: ran });
  if (!prompt) return showFirstFailure(undefined);
  // Results from before this session: no peek to open, so the case and its result inline.
  const item = await root.tests.promptItem(prompt.fsPath);
  const artifact = latestArtifact(
    root.evals.rootOf(prompt.fsPath),
    prompt.fsPath,
    readSettings(prompt).resultsFolder,
  );
  const failing = artifact?.cases.find((c) => c.status !== 'pass');
  const caseItem = failing && item?.children.get(`${item.id}#${failing.id}`);
  if (!caseItem?.uri || !caseItem.range)
    return void vscode.window.showInformationMessage(
      `PromptOps: ${vscode.workspace.asRelativePath(prompt)} has no failing case.`,
    );
  await vscode.window.showTextDocument(caseItem.uri, {
    selection: new vscode.Range(caseItem.range.start, caseItem.range.start),
  });
}

/** After a run from a lens or the palette: what failed, and a way to it. */
async function announceFailures(outcome: LastRun): Promise<void> {
  const failed = outcome.failures.length;
  if (failed === 0) return;
  const total = outcome.states.size;
  const picked = await vscode.window.showWarningMessage(
    `PromptOps: ${failed} of ${total} case${total === 1 ? '' : 's'} failed${outcome.model ? ` with ${outcome.model}` : ''}.`,
    'Show failures',
  );
  if (picked === 'Show failures') await showFirstFailure(outcome);
}

/** Opens the first failure of the last run at its case, with its message in the test peek. */
export async function showFirstFailure(outcome: LastRun | undefined): Promise<void> {
  const item = outcome?.failures[0];
  if (!item?.uri || !item.range)
    return void vscode.window.showInformationMessage('PromptOps: the last run had no failures.');
  await vscode.window.showTextDocument(item.uri, {
    selection: new vscode.Range(item.range.start, item.range.start),
  });
  await vscode.commands.executeCommand('vscode.revealTestInExplorer', item);
  await vscode.commands.executeCommand('testing.goToNextMessage');
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

async function setApiKey(root: PromptOps, given?: string): Promise<void> {
  const provider = given ?? (await pickProvider(root, 'PromptOps: Set API Key'));
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
