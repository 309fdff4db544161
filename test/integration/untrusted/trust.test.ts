import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromptOps } from '../../../src/extension/promptops';
import type { LastRun } from '../../../src/extension/testing/controller';
import { startFakeOpenAI } from '../../support/openai-server';
import { EXTENSION_ID, waitFor, workspaceFile } from '../util';

describe('In an untrusted workspace', () => {
  it('is really untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('refuses runs with an explanation and sends nothing, while lint and preview work', async () => {
    const server = await startFakeOpenAI(() => ({ text: 'Hello Ada' }));
    try {
      const folder = workspaceFile('.').fsPath;
      fs.writeFileSync(
        path.join(folder, 'promptops.config.yaml'),
        `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
      );
      fs.writeFileSync(
        path.join(folder, 'trust.prompt'),
        '---\nmodel: local/echo\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.\n',
      );
      fs.writeFileSync(
        path.join(folder, 'trust.fixtures.yaml'),
        'cases:\n  - id: ada\n    input: { name: Ada }\n',
      );
      const extension = vscode.extensions.getExtension<{ root: PromptOps }>(EXTENSION_ID);
      assert.ok(extension);
      const root = (await extension.activate()).root;
      await root.tests.refresh();
      const uri = workspaceFile('trust.prompt');
      const outcome = await vscode.commands.executeCommand<LastRun>('promptops.run', uri);
      const item = await root.tests.promptItem(uri.fsPath);
      assert.equal(outcome.states.get(`${item?.id}#ada`), 'errored');
      assert.equal(server.requests.length, 0, 'nothing was sent');
      assert.equal(fs.existsSync(path.join(folder, '.promptops', 'results', 'trust.json')), false);

      // No git and no registry writes: the Prompts view explains, promotion is refused.
      const nodes = await root.prompts.getChildren();
      assert.deepEqual(
        nodes.map((n) => (n.kind === 'message' ? n.text : n.kind)),
        ['Trust this workspace to see prompt versions (they come from git).'],
      );
      assert.equal(
        await vscode.commands.executeCommand<boolean>('promptops.promote', uri, 'production', {
          force: true,
        }),
        false,
      );
      assert.equal(fs.existsSync(path.join(folder, 'promptops.registry.yaml')), false);

      // Lint and preview still work.
      const lintMe = await vscode.workspace.openTextDocument(workspaceFile('lint-me.prompt'));
      await vscode.window.showTextDocument(lintMe);
      await waitFor(
        'lint diagnostics',
        () => vscode.languages.getDiagnostics(lintMe.uri).length > 0,
      );
      const preview = await vscode.commands.executeCommand<vscode.Uri>(
        'promptops.preview',
        workspaceFile('greet.prompt'),
      );
      const previewDocument = await waitFor('preview', () =>
        vscode.workspace.textDocuments.find((d) => d.uri.toString() === preview.toString()),
      );
      assert.match(previewDocument.getText(), /━━ system ━━/);
    } finally {
      await server.close();
    }
  });
});
