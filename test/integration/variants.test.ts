import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as YAML from 'yaml';
import type { ResolvedProvider } from '../../src/core/providers/presets';
import type { PromptOps } from '../../src/extension/promptops';
import type { LastRun } from '../../src/extension/testing/controller';
import { lastUserText, startFakeOpenAI, type FakeOpenAI } from '../support/openai-server';
import { EXTENSION_ID, workspaceFile } from './util';

const BASE =
  '---\nmodel: vlocal/echo\ninput:\n  schema:\n    dish: string\n---\nRecipe for {{dish}}\n';
const ROBOT =
  '---\nmodel: vlocal/echo\ninput:\n  schema:\n    dish: string\n---\nBEEP recipe for {{dish}}\n';
const FIXTURES =
  'cases:\n  - id: soup\n    input: { dish: soup }\n    assert:\n      - type: contains\n        value: Recipe\n';

describe('Variants and providers in the editor', () => {
  let server: FakeOpenAI;
  let root: PromptOps;
  let savedConfig: string | undefined;
  const config = () => workspaceFile('promptops.config.yaml').fsPath;
  const base = () => workspaceFile('variants/recipe.prompt');
  const robot = () => workspaceFile('variants/recipe.robot.prompt');

  before(async () => {
    server = await startFakeOpenAI((request) => ({ text: lastUserText(request.body) }));
    savedConfig = fs.existsSync(config()) ? fs.readFileSync(config(), 'utf8') : undefined;
    // Other suites' providers stay: this one adds its own to whatever the config holds.
    const parsed = (YAML.parse(savedConfig ?? '') ?? {}) as { providers?: unknown[] };
    parsed.providers = [...(parsed.providers ?? []), { name: 'vlocal', baseURL: server.baseURL }];
    fs.writeFileSync(config(), YAML.stringify(parsed));
    const folder = workspaceFile('variants').fsPath;
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'recipe.prompt'), BASE);
    fs.writeFileSync(path.join(folder, 'recipe.robot.prompt'), ROBOT);
    fs.writeFileSync(path.join(folder, 'recipe.fixtures.yaml'), FIXTURES);
    const extension = vscode.extensions.getExtension<{ root: PromptOps }>(EXTENSION_ID);
    assert.ok(extension);
    root = (await extension.activate()).root;
    await root.tests.refresh();
  });

  after(async () => {
    await server.close();
    fs.rmSync(workspaceFile('variants').fsPath, { recursive: true, force: true });
    if (savedConfig === undefined) fs.rmSync(config(), { force: true });
    else fs.writeFileSync(config(), savedConfig);
  });

  it('lists a variant under its base prompt in the Test Explorer, beside the base cases', async () => {
    const item = await root.tests.promptItem(base().fsPath);
    assert.ok(item, 'the base prompt is listed');
    assert.equal(item.label, 'variants/recipe.prompt');
    const children = [...item.children].map(([, child]) => child.label);
    assert.deepEqual(children, ['soup', 'variant robot']);
    const variant = await root.tests.promptItem(robot().fsPath);
    assert.equal(variant?.parent?.id, item.id);
    assert.deepEqual(
      [...(variant?.children ?? [])].map(([, c]) => c.label),
      ['soup'],
      'the variant shares the base fixtures',
    );
  });

  it('lists a variant under its base prompt in the Prompts view, not beside it', async () => {
    const top = await root.prompts.getChildren();
    const files = top.map((n) => (n.kind === 'prompt' ? n.file : ''));
    assert.ok(files.includes(base().fsPath), 'the base is listed');
    assert.ok(!files.includes(robot().fsPath), 'the variant is not at the top');
    const baseNode = top.find((n) => n.kind === 'prompt' && n.file === base().fsPath);
    assert.ok(baseNode);
    const children = await root.prompts.getChildren(baseNode);
    assert.equal(children[0]?.kind === 'prompt' && children[0].file, robot().fsPath);
  });

  it('running the base runs its variant too, into recipe.robot.json', async () => {
    const outcome = await vscode.commands.executeCommand<LastRun>('promptops.run', base());
    const item = await root.tests.promptItem(base().fsPath);
    const variant = await root.tests.promptItem(robot().fsPath);
    assert.equal(outcome.states.get(`${item?.id}#soup`), 'passed');
    assert.equal(outcome.states.get(`${variant?.id}#soup`), 'failed', 'BEEP recipe ≠ Recipe');
    assert.ok(fs.existsSync(workspaceFile('.promptops/results/variants/recipe.robot.json').fsPath));
  });

  it('offers "Compare with variant…" as a lens on the base prompt', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(base()));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      base(),
    );
    const lens = lenses.find((l) => l.command?.command === 'promptops.compareWithVariant');
    assert.equal(lens?.command?.title, 'Compare with variant… (robot)');
  });

  it('shows the providers: presets and the configured one, with where each setting came from', async () => {
    const providers =
      await vscode.commands.executeCommand<ResolvedProvider[]>('promptops.showProviders');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    const local = providers.find((p) => p.name === 'vlocal');
    assert.equal(local?.baseURL?.value, server.baseURL);
    assert.equal(local?.baseURL?.origin, 'repository');
    const gemini = providers.find((p) => p.name === 'googleai');
    assert.equal(gemini?.baseURL?.origin, 'preset');
    assert.deepEqual(gemini?.apiKeyEnv.names.slice(0, 2), ['GEMINI_API_KEY', 'GOOGLE_API_KEY']);
  });
});
