import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, hoverText, openPrompt, positionOf, waitFor, workspaceFile } from './util';

interface Api {
  activationMs: number;
}

describe('PromptOps in a real VS Code', () => {
  it('activates in a workspace with prompts, and reports its activation time', async () => {
    const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const started = Date.now();
    await openPrompt('greet.prompt');
    await waitFor('activation', () => extension.isActive);
    assert.ok(extension.exports.activationMs > 0);
    console.log(
      `    activation: activate() ${extension.exports.activationMs.toFixed(1)} ms; active ${Date.now() - started} ms after the first prompt opened`,
    );
  });

  it('gives .prompt files the dotprompt language', async () => {
    const editor = await openPrompt('greet.prompt');
    assert.equal(editor.document.languageId, 'dotprompt');
    const partial = await vscode.workspace.openTextDocument(workspaceFile('_signature.prompt'));
    assert.equal(partial.languageId, 'dotprompt');
  });

  it('lists the frontmatter and each message in the outline', async () => {
    const { document } = await openPrompt('greet.prompt');
    const symbols = await waitFor('symbols', () =>
      vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
        'vscode.executeDocumentSymbolProvider',
        document.uri,
      ),
    );
    assert.deepEqual(
      symbols.map((s) => s.name),
      ['frontmatter', 'system', 'user'],
    );
    const frontmatter = symbols[0];
    assert.deepEqual(
      frontmatter?.children.map((c) => c.name),
      ['model', 'config', 'input'],
    );
    assert.deepEqual(
      frontmatter?.children[2]?.children.map((c) => c.name),
      ['name', 'city', 'friends'],
    );
    // Optional inputs (`city?`, `friends?`) are marked in the outline.
    assert.deepEqual(
      frontmatter?.children[2]?.children.map((c) => c.detail.endsWith('(optional)')),
      [false, true, true],
    );
    assert.equal(symbols[1]?.kind, vscode.SymbolKind.Event);
    assert.deepEqual(
      symbols[1]?.children.map((c) => c.name),
      ['> signature'],
    );
    assert.equal(symbols[2]?.range.start.line, positionOf(document, '{{role "user"}}').line);
  });

  it('folds the frontmatter, each message and multi-line blocks', async () => {
    const { document } = await openPrompt('greet.prompt');
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>(
      'vscode.executeFoldingRangeProvider',
      document.uri,
    );
    const pairs = ranges.map((r) => `${r.start}-${r.end}`);
    assert.ok(pairs.includes('0-12'), `frontmatter fold in ${pairs.join(', ')}`);
    const each = positionOf(document, '{{#each').line;
    assert.ok(pairs.includes(`${each}-${each + 1}`), `each fold in ${pairs.join(', ')}`);
  });

  it('completes declared variables and helpers inside {{ }}', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'dotprompt',
      content:
        '---\ninput:\n  schema:\n    user(object):\n      name: string\n    topic: string\n---\nHello {{}} and {{user.}}\n',
    });
    const inside = positionOf(document, '{{}}', 2);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      inside,
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const expected of ['user', 'topic', 'role', 'json', 'history'])
      assert.ok(labels.includes(expected), `${expected} in ${labels.join(', ')}`);
    const topic = list.items.find((i) => i.label === 'topic');
    assert.equal(topic?.kind, vscode.CompletionItemKind.Variable);
    assert.equal(topic?.detail, 'string');
    const member = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      positionOf(document, '{{user.}}', 7),
    );
    assert.ok(
      member.items.some((i) => i.label === 'name' && i.kind === vscode.CompletionItemKind.Field),
    );
  });

  it('completes partial names from _name.prompt files', async () => {
    const { document } = await openPrompt('greet.prompt');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      positionOf(document, '{{> signature', 4),
    );
    assert.ok(
      list.items.some((i) => i.label === 'signature' && i.kind === vscode.CompletionItemKind.File),
    );
  });

  it('shows the type and description of a variable on hover', async () => {
    const { document } = await openPrompt('greet.prompt');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      positionOf(document, 'Greet {{name}}', 9),
    );
    const text = hoverText(hovers);
    assert.match(text, /\*\*name\*\*: `string`/);
    assert.match(text, /the person to greet/);
    const friend = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      positionOf(document, 'friend.name', 8),
    );
    assert.match(hoverText(friend), /\*\*friends\.name\*\*: `string`[\s\S]*the friend's name/);
  });

  it('goes from a variable to its schema entry and from a partial to its file', async () => {
    const { document } = await openPrompt('greet.prompt');
    const toSchema = await vscode.commands.executeCommand<
      (vscode.Location | vscode.LocationLink)[]
    >('vscode.executeDefinitionProvider', document.uri, positionOf(document, '{{city}}', 3));
    const schemaTarget = toSchema[0];
    assert.ok(schemaTarget && 'range' in schemaTarget);
    assert.equal(schemaTarget.range.start.line, positionOf(document, 'city?: string').line);
    const toPartial = await vscode.commands.executeCommand<
      (vscode.Location | vscode.LocationLink)[]
    >('vscode.executeDefinitionProvider', document.uri, positionOf(document, '{{> signature', 5));
    const partialTarget = toPartial[0];
    assert.ok(partialTarget && 'uri' in partialTarget);
    assert.equal(path.basename(partialTarget.uri.fsPath), '_signature.prompt');
  });

  it('previews the rendered prompt beside the editor with the first fixture case, following edits', async () => {
    const editor = await openPrompt('greet.prompt');
    const previewUri = await vscode.commands.executeCommand<vscode.Uri>('promptops.preview');
    assert.ok(previewUri, 'the command returns the preview URI');
    const preview = await waitFor('preview document', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === previewUri.toString()),
    );
    const text = preview.getText();
    assert.match(
      text,
      /^Preview of greet\.prompt\nInput: fixture case "greet-ada" \(greet\.fixtures\.yaml\)\nModel: openai\/gpt-4o-mini · config \{"temperature":0\.3\}/,
    );
    assert.match(
      text,
      /━━ system ━━\nYou write short, warm greetings\.\nSign every greeting with "— the PromptOps team"\./,
    );
    assert.match(text, /━━ user ━━\nGreet Ada from Lisbon\.\nMention Grace\.\n$/);
    const visible = vscode.window.visibleTextEditors.some(
      (e) => e.document.uri.toString() === previewUri.toString(),
    );
    assert.ok(visible, 'the preview is shown beside the editor');

    const edit = new vscode.WorkspaceEdit();
    edit.insert(editor.document.uri, positionOf(editor.document, 'Greet {{name}}'), 'Kindly. ');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the preview to follow the edit', () =>
      preview.getText().includes('Kindly. Greet Ada'),
    );
    await vscode.commands.executeCommand('undo');
  });

  it('says why and where a broken template does not render, without throwing', async () => {
    const { document } = await openPrompt('broken.prompt');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      document.uri,
    );
    assert.ok(Array.isArray(symbols));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(4, 8),
    );
    assert.ok(Array.isArray(hovers));
    const previewUri = await vscode.commands.executeCommand<vscode.Uri>('promptops.preview');
    const preview = await waitFor('preview document', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === previewUri.toString()),
    );
    assert.match(preview.getText(), /✘ Cannot render \(line 3, column \d+\):\nYAML: /);
  });

  it('marks what the input lacks in the preview: a missing value, an empty message', async () => {
    const file = workspaceFile('tone.prompt');
    fs.writeFileSync(
      file.fsPath,
      '---\ninput:\n  schema: { name: string, tone?: string }\n  default: { name: Ada }\n---\n{{role "system"}}\n{{#if tone}}Be {{tone}}.{{/if}}\n{{role "user"}}\nWrite to {{name}} in a {{tone}} tone.\n',
    );
    await openPrompt('tone.prompt');
    const previewUri = await vscode.commands.executeCommand<vscode.Uri>('promptops.preview');
    const preview = await waitFor('preview document', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === previewUri.toString()),
    );
    const text = preview.getText();
    assert.match(text, /━━ user ━━\nWrite to Ada in a ⟨tone: missing⟩ tone\.\n$/);
    assert.match(text, /━━ system ━━\n⟨empty message⟩\n/, 'the empty message is shown, marked');
    assert.match(text, /\n⚠ Missing from this input: tone \(shown as ⟨tone: missing⟩/);
    assert.match(text, /\n⚠ The system message renders empty with this input/);
  });

  it("wraps the preview's lines, so a template error is not cut off in a narrow pane", async () => {
    const file = workspaceFile('unclosed.prompt');
    fs.writeFileSync(
      file.fsPath,
      '---\ninput:\n  schema: { tone?: string }\n---\nHello.\n{{#if tone}}\nBe {{tone}}.\n',
    );
    await openPrompt('unclosed.prompt');
    const previewUri = await vscode.commands.executeCommand<vscode.Uri>('promptops.preview');
    const preview = await waitFor('preview document', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === previewUri.toString()),
    );
    assert.match(
      preview.getText(),
      /✘ Cannot render \(line 6, column 1\):\n`\{\{#if\}\}` opened on line 6 is never closed/,
    );
    assert.equal(preview.languageId, 'promptops-preview');
    assert.equal(
      vscode.workspace.getConfiguration('editor', preview).get('wordWrap'),
      'on',
      'the preview wraps long lines at the width of its pane',
    );
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['promptops.preview', 'promptops.showLog'])
      assert.ok(commands.includes(id), id);
  });
});
