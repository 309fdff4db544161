import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { openPrompt, positionOf, waitFor, workspaceFile } from './util';

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

function summary(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`)
    .sort();
}

describe('Lint in the Problems panel', () => {
  it('reports codes at exact ranges, with severities, linked to the rule docs', async () => {
    const { document } = await openPrompt('lint-me.prompt');
    const diagnostics = await waitFor('diagnostics', () => {
      const list = vscode.languages.getDiagnostics(document.uri);
      return list.length >= 3 ? list : undefined;
    });
    assert.deepEqual(summary(document.uri), ['PO201@7:8', 'PO202@4:4', 'PO401@8:18']);
    const undeclared = diagnostics.find((d) => codeOf(d) === 'PO201');
    assert.equal(undeclared?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(undeclared?.source, 'promptops');
    assert.equal(
      undeclared?.message,
      "'custmer' is not declared in the input schema; did you mean 'customer'?",
    );
    assert.ok(undeclared?.range.isEqual(new vscode.Range(7, 8, 7, 15)));
    const target = typeof undeclared?.code === 'object' ? undeclared.code.target : undefined;
    // The rule's page, read-only (opened rendered: see below).
    assert.equal(target?.toString(), 'promptops-rule:/PO201.md');
    assert.equal(
      diagnostics.find((d) => codeOf(d) === 'PO401')?.severity,
      vscode.DiagnosticSeverity.Warning,
    );
  });

  it("opens a rule's page rendered and read-only, from the code link and from the quick fix", async () => {
    const { document } = await openPrompt('lint-me.prompt');
    await vscode.commands.executeCommand('workbench.action.closeOtherEditors');
    const diagnostic = await waitFor('PO201', () =>
      vscode.languages.getDiagnostics(document.uri).find((d) => codeOf(d) === 'PO201'),
    );
    const rendered = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter(
          (t) =>
            t.input instanceof vscode.TabInputWebview &&
            t.input.viewType.includes('markdown.preview') &&
            t.label.includes('PO201'),
        );
    const source = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter(
          (t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'promptops-rule',
        );
    // The code link in the Problems panel and the hover: VS Code opens its target as an editor.
    const target = typeof diagnostic.code === 'object' ? diagnostic.code.target : undefined;
    assert.ok(target);
    await vscode.commands.executeCommand('vscode.open', target);
    await waitFor('the rule page, rendered', () => rendered().length === 1);
    await waitFor('no editable source tab left', () => source().length === 0);
    const page = await vscode.workspace.openTextDocument(target);
    assert.match(page.getText(), /^# PO201/);
    await vscode.commands.executeCommand('workbench.action.closeOtherEditors');
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.closeOtherEditors');
    await waitFor('the page closed', () => rendered().length === 0);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      diagnostic.range,
    );
    const docs = actions.find((a) => a.title === 'Show documentation for PO201');
    assert.ok(docs?.command, actions.map((a) => a.title).join(', '));
    await vscode.commands.executeCommand(docs.command.command, ...(docs.command.arguments ?? []));
    await waitFor('the rule page from the quick fix, rendered', () => rendered().length === 1);
    assert.equal(source().length, 0, 'not opened as an editable source');
  });

  it('applies a quick fix that changes the document as intended and clears the problem', async () => {
    const editor = await openPrompt('lint-me.prompt');
    const uri = editor.document.uri;
    await waitFor('PO201', () => summary(uri).includes('PO201@7:8'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(7, 8, 7, 15),
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes("Change to 'customer'"), titles.join(', '));
    assert.ok(titles.includes("Declare 'custmer' in input.schema"), titles.join(', '));
    const rename = actions.find((a) => a.title === "Change to 'customer'");
    assert.equal(rename?.isPreferred, true);
    assert.ok(rename?.edit && (await vscode.workspace.applyEdit(rename.edit)));
    assert.equal(editor.document.lineAt(7).text, 'Hello {{customer}}, answer in a {{tone}} tone.');
    await waitFor('the problems to be re-linted', () => summary(uri).join() === 'PO401@8:18');

    const pii = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      new vscode.Range(8, 18, 8, 43),
    );
    const variable = pii.find((a) => a.title === 'Replace with a template variable {{email}}');
    assert.ok(variable?.edit && (await vscode.workspace.applyEdit(variable.edit)));
    assert.equal(editor.document.lineAt(9).text, 'Escalations go to {{email}}.');
    assert.equal(editor.document.lineAt(6).text, '    email: string');
    await waitFor('no problems left', () => summary(uri).length === 0);
    await editor.document.save();
  });

  it('re-lints a fixture file when its prompt schema changes on disk', async () => {
    const fixtures = await vscode.workspace.openTextDocument(
      workspaceFile('lint-me.fixtures.yaml'),
    );
    await vscode.window.showTextDocument(fixtures);
    await waitFor('PO303 on extra', () => summary(fixtures.uri).includes('PO303@2:40'));
    const prompt = await vscode.workspace.openTextDocument(workspaceFile('lint-me.prompt'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(prompt.uri, positionOf(prompt, '    tone?: string'), '    extra?: integer\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await prompt.save();
    await waitFor(
      'the fixture problems to follow the schema',
      () => !summary(fixtures.uri).includes('PO303@2:40'),
      20_000,
    );
  });

  it('lints the whole workspace from a command, including files never opened', async () => {
    const result = await vscode.commands.executeCommand<{
      files: number;
      problems: number;
      withProblems: number;
    }>('promptops.lintWorkspace');
    assert.ok(result.files >= 6, `files: ${result.files}`);
    // Files with problems, not files checked: what "N problems in M files" counts.
    assert.ok(
      result.withProblems >= 1 && result.withProblems < result.files,
      JSON.stringify(result),
    );
    const broken = workspaceFile('broken.prompt');
    assert.deepEqual(summary(broken), ['PO100@2:24', 'PO200@4:6']);
  });
});

describe('Lint with a promptops.config.yaml that does not load', () => {
  const folder = (name: string) => workspaceFile(name).fsPath;
  const PROMPT = `---\nmodel: openai/gpt-4o-mini\ntools: [lookup]\ninput:\n  schema:\n    name: string\n---\nHello {{nmae}}.\n`;

  before(() => {
    for (const [name, config] of [
      ['config-broken', 'tools: [unclosed\n'],
      ['config-no-tools', 'eval:\n  concurrency: 2\n'],
    ]) {
      fs.mkdirSync(folder(name!), { recursive: true });
      fs.writeFileSync(path.join(folder(name!), 'promptops.config.yaml'), config!);
      fs.writeFileSync(path.join(folder(name!), 'tools.prompt'), PROMPT);
    }
  });

  after(() => {
    for (const name of ['config-broken', 'config-no-tools'])
      fs.rmSync(folder(name), { recursive: true, force: true });
  });

  async function codesOf(name: string): Promise<string[]> {
    const document = await vscode.workspace.openTextDocument(
      vscode.Uri.file(path.join(folder(name), 'tools.prompt')),
    );
    await vscode.window.showTextDocument(document);
    // PO201 (the misspelt variable) shows that this document has been linted.
    await waitFor(`${name}: linted`, () =>
      summary(document.uri).some((s) => s.startsWith('PO201')),
    );
    return summary(document.uri).map((s) => s.split('@')[0]!);
  }

  it('does not claim a tool has no definition while the config is broken', async () => {
    assert.ok((await codesOf('config-no-tools')).includes('PO113'), 'control: PO113 fires');
    assert.ok(!(await codesOf('config-broken')).includes('PO113'));
  });
});
