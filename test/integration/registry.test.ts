import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Question } from '../../src/extension/dialogs';
import type { PromptOps } from '../../src/extension/promptops';
import type { PromptsNode } from '../../src/extension/registry/tree';
import { readRegistry } from '../../src/core/registry/registry';
import { runShadow, writeShadowReport } from '../../src/core/shadow/shadow';
import { lastUserText, startFakeOpenAI, type FakeOpenAI } from '../support/openai-server';
import { EXTENSION_ID, waitFor, waitForQuiet, workspaceFile } from './util';

const V1 =
  '---\nmodel: local/echo\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.\n';
const V2 = V1.replace('Say hello to', 'Greet');
const FIXTURES =
  'cases:\n  - id: ada\n    input: { name: Ada }\n    assert:\n      - type: contains\n        value: Ada\n';

// Runs last (files run in name order): it makes the test workspace a git repository.
describe('Prompts view: labels, promotion and rollback in the editor', () => {
  let server: FakeOpenAI;
  let root: PromptOps;
  let folder: string;
  const prompt = () => path.join(folder, 'registry', 'greet.prompt');
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: folder, encoding: 'utf8', stdio: 'pipe' }).trim();
  const commit = (message: string) => {
    git('add', '-A');
    git('commit', '-qm', message);
    return git('rev-parse', 'HEAD');
  };
  let v1 = '';

  const greetNode = async (): Promise<PromptsNode> => {
    const nodes = await root.prompts.getChildren();
    const node = nodes.find((n) => n.kind === 'prompt' && n.relative === 'registry/greet.prompt');
    assert.ok(
      node,
      `the prompt is listed (${nodes.map((n) => (n.kind === 'prompt' ? n.relative : n.kind)).join(', ')})`,
    );
    return node;
  };

  before(async () => {
    server = await startFakeOpenAI((request) => ({
      text: `Hello ${lastUserText(request.body).replace(/^.* |\.$/g, '')}`,
    }));
    folder = workspaceFile('.').fsPath;
    fs.mkdirSync(path.join(folder, 'registry'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'promptops.config.yaml'),
      `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    );
    fs.writeFileSync(prompt(), V1);
    fs.writeFileSync(path.join(folder, 'registry', 'greet.fixtures.yaml'), FIXTURES);
    git('init', '-q');
    git('config', 'user.name', 'Editor Test');
    git('config', 'user.email', 'editor@example.com');
    v1 = commit('v1');
    const extension = vscode.extensions.getExtension<{ root: PromptOps }>(EXTENSION_ID);
    assert.ok(extension);
    root = (await extension.activate()).root;
    await root.evals.run({ promptFile: prompt() }, { cache: true }, undefined);
  });

  after(async () => {
    await server.close();
  });

  it('lists the prompt with its versions and their results', async () => {
    const children = await root.prompts.getChildren(await greetNode());
    const version = children.find((n) => n.kind === 'version');
    assert.ok(version && version.kind === 'version');
    assert.equal(version.rev, v1);
    const item = root.prompts.getTreeItem(version);
    assert.equal(item.contextValue, 'promptops.version');
    // The figures lead the row (a narrow view cuts its end); the commit subject follows.
    assert.match(
      String(item.label),
      new RegExp(`^${v1.slice(0, 7)} · 100% · \\$0\\.0000 · \\d{4}-\\d{2}-\\d{2}$`),
    );
    assert.match(String(item.description), /^v1 · \d{4}-\d{2}-\d{2}$/);
    assert.equal(children.filter((n) => n.kind === 'label').length, 0, 'no labels yet');
  });

  it('promotes a version from the view: the label appears with its version and results', async () => {
    const version = (await root.prompts.getChildren(await greetNode())).find(
      (n) => n.kind === 'version',
    );
    const moved = await vscode.commands.executeCommand<boolean>(
      'promptops.promote',
      version,
      'production',
    );
    assert.equal(moved, true);
    assert.equal(readRegistry(folder).prompts['registry/greet.prompt']?.labels.production?.rev, v1);
    const label = (await root.prompts.getChildren(await greetNode())).find(
      (n) => n.kind === 'label',
    );
    assert.ok(label && label.kind === 'label');
    assert.equal(label.label, 'production');
    const item = root.prompts.getTreeItem(label);
    assert.equal(item.contextValue, 'promptops.label');
    assert.match(String(item.description), new RegExp(`^${v1.slice(0, 7)} · 100% · `));
    assert.match(
      (item.tooltip as vscode.MarkdownString).value,
      /label \(new\) → [0-9a-f]{7} by Editor Test <editor@example\.com>/,
    );
  });

  it('moves the label to a new version (forced, recorded) and rolls it back from the view', async () => {
    fs.writeFileSync(prompt(), V2);
    const v2 = commit('v2');
    const version = (await root.prompts.getChildren(await greetNode())).find(
      (n) => n.kind === 'version' && n.rev === v2,
    );
    assert.ok(version, 'the new commit is listed');
    assert.equal(
      await vscode.commands.executeCommand<boolean>('promptops.promote', version, 'production', {
        force: true,
      }),
      true,
    );
    const moved = readRegistry(folder).prompts['registry/greet.prompt'];
    assert.equal(moved?.labels.production?.rev, v2);
    assert.match(moved?.history.at(-1)?.forced?.[0] ?? '', /no results|stale/);

    const label = (await root.prompts.getChildren(await greetNode())).find(
      (n) => n.kind === 'label',
    );
    assert.equal(await vscode.commands.executeCommand<boolean>('promptops.rollback', label), true);
    assert.equal(readRegistry(folder).prompts['registry/greet.prompt']?.labels.production?.rev, v1);
    const after = (await root.prompts.getChildren(await greetNode())).find(
      (n) => n.kind === 'label',
    );
    assert.match(
      String(root.prompts.getTreeItem(after as PromptsNode).description),
      new RegExp(`^${v1.slice(0, 7)}`),
    );
  });

  it('asks before promoting a version with a failing case, naming it: refused without a gate, a question with one', async () => {
    const mixed = path.join(folder, 'registry', 'mixed.prompt');
    fs.writeFileSync(mixed, V1);
    fs.writeFileSync(
      path.join(folder, 'registry', 'mixed.fixtures.yaml'),
      `${FIXTURES}  - id: bob\n    input: { name: Bob }\n    assert:\n      - type: contains\n        value: Zed\n`,
    );
    commit('mixed');
    await root.evals.run({ promptFile: mixed }, { cache: true }, undefined);
    const questions: Question[] = [];
    let answer: string | undefined;
    const answering = root.dialogs.answerWith((q) => (questions.push(q), answer));
    const labels = () => readRegistry(folder).prompts['registry/mixed.prompt']?.labels ?? {};
    try {
      // No gate: every case must pass, so the promotion is refused; the question names the failure.
      const uri = vscode.Uri.file(mixed);
      assert.equal(
        await vscode.commands.executeCommand('promptops.promote', uri, 'staging'),
        false,
      );
      assert.equal(questions.length, 1);
      assert.equal(questions[0]?.message, "PromptOps: not promoted to 'staging'");
      assert.match(questions[0]?.detail ?? '', /1 of 2 cases did not pass/);
      assert.match(
        questions[0]?.detail ?? '',
        /1 of 2 cases of this version did not pass \(bob\)\./,
      );
      assert.deepEqual(questions[0]?.choices, ['Promote Anyway']);
      assert.equal(labels().staging, undefined, 'Cancel: not promoted');

      // A gate that lets one failure through: still a question, naming it, before the label moves.
      fs.writeFileSync(
        mixed,
        V1.replace('model: local/echo', 'model: local/echo\npromptops.gate: { minPassRate: 0.5 }'),
      );
      const gated = commit('mixed with a gate');
      await root.evals.run({ promptFile: mixed }, { cache: true }, undefined);
      questions.length = 0;
      assert.equal(
        await vscode.commands.executeCommand('promptops.promote', uri, 'staging'),
        false,
      );
      assert.equal(questions.length, 1);
      assert.equal(
        questions[0]?.message,
        "PromptOps: 1 of 2 cases of this version did not pass (bob). Promote it to 'staging' anyway?",
      );
      assert.equal(labels().staging, undefined, 'Cancel: not promoted');
      answer = 'Promote Anyway';
      assert.equal(await vscode.commands.executeCommand('promptops.promote', uri, 'staging'), true);
      assert.equal(labels().staging?.rev, gated);
      const move = readRegistry(folder).prompts['registry/mixed.prompt']?.history.at(-1);
      assert.equal(move?.forced, undefined, 'the gate allowed it: not a forced promotion');
    } finally {
      answering.dispose();
    }
  });

  it('refreshes on a commit, even one that touches no prompt (the list of versions comes from git)', async () => {
    let fired = 0;
    const subscription = root.prompts.onDidChangeTreeData(() => fired++);
    try {
      // Earlier git operations' refreshes settle first (the view refreshes 300 ms after the last
      // one), so the refresh counted below is the commit's.
      await waitForQuiet('earlier refreshes to settle', () => fired, 600);
      fired = 0;
      fs.writeFileSync(path.join(folder, 'NOTES.md'), 'not a prompt\n');
      commit('notes');
      await waitFor('the view to refresh after the commit', () => fired > 0 || undefined, 10_000);
    } finally {
      subscription.dispose();
    }
  });

  it('opens a shadow report in the compare view', async () => {
    // No cache: the eval suite cached another server's answer to this very request (the cache key
    // is provider/model + messages, not the endpoint).
    const report = await runShadow(prompt(), {
      root: folder,
      registry: root.evals.registry(folder),
      version: 'test',
      cache: false,
    });
    const file = writeShadowReport(folder, report);
    await vscode.commands.executeCommand('promptops.openShadowReport', vscode.Uri.file(file));
    const posted = await waitFor('the shadow report in the compare view', () =>
      root.compare.current?.shadow ? root.compare.current : undefined,
    );
    assert.equal(posted.comparison.prompt, 'registry/greet.prompt');
    assert.match(posted.comparison.a.label, /^production \(/);
    assert.deepEqual(
      posted.comparison.cases.map((c) => c.id),
      ['ada'],
    );
    assert.equal(posted.shadow?.inputs, 'fixtures');
    assert.deepEqual(
      [posted.shadow?.summary.cases, posted.shadow?.summary.changedRate],
      [1, 0],
      `the same answer on both sides: ${JSON.stringify(posted.comparison.cases.map((c) => [c.a.output, c.b.output]))}`,
    );
    const webviewTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter(
          (t) =>
            t.input instanceof vscode.TabInputWebview &&
            t.input.viewType.includes('promptops.compare'),
        );
    await waitFor(
      `a tab titled Shadow greet.prompt (tabs: ${webviewTabs()
        .map((t) => t.label)
        .join(', ')})`,
      () => webviewTabs().some((t) => t.label === 'Shadow greet.prompt'),
    );
  });
});
