import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromptOps } from '../../src/extension/promptops';
import type { LastRun } from '../../src/extension/testing/controller';
import { lastUserText, startFakeOpenAI, type FakeOpenAI } from '../support/openai-server';
import { EXTENSION_ID, waitFor, workspaceFile } from './util';

const PROMPT = `---
model: local/echo
input:
  schema:
    name: string
---
Say hello to {{name}}.
`;
const FIXTURES = `cases:
  - id: hello-ada
    input: { name: Ada }
    assert:
      - type: contains
        value: Ada
  - id: hello-bob
    input: { name: Bob }
    assert:
      - type: equals
        value: Hello Bob!
    tags: [smoke, slow]
`;

/** `promptops.run`: what the run ended with (each case's state, the failures). */
async function run(...args: unknown[]): Promise<LastRun> {
  const outcome = await vscode.commands.executeCommand<LastRun | undefined>(
    'promptops.run',
    ...args,
  );
  assert.ok(outcome, 'the run started');
  return outcome;
}

describe('Eval runs in the editor', () => {
  let server: FakeOpenAI;
  let root: PromptOps;
  let slow = false;
  const promptUri = () => workspaceFile('evals/echo.prompt');

  before(async () => {
    server = await startFakeOpenAI((request) => {
      if (request.body.model === 'grader')
        return { text: '{"pass": true, "score": 0.9, "reason": "polite"}' };
      const who = lastUserText(request.body)
        .trim()
        .replace(/^Say hello to |\.$/g, '');
      // Bob gets a lowercase greeting, so his `equals` fails; Ada's `contains` passes.
      return {
        text: who === 'Bob' ? 'hello bob' : `Hello ${who}! <script>alert(1)</script>`,
        delayMs: slow ? 20_000 : 5,
      };
    });
    const folder = workspaceFile('.').fsPath;
    fs.mkdirSync(path.join(folder, 'evals'), { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'promptops.config.yaml'),
      `providers:\n  - name: local\n    baseURL: ${server.baseURL}\neval:\n  graderModel: local/grader\n`,
    );
    fs.writeFileSync(path.join(folder, 'evals', 'graded.prompt'), PROMPT);
    fs.writeFileSync(
      path.join(folder, 'evals', 'graded.fixtures.yaml'),
      'cases:\n  - id: graded-ada\n    input: { name: Ada }\n    assert:\n      - type: llm-rubric\n        value: greets politely\n',
    );
    fs.writeFileSync(path.join(folder, 'evals', 'echo.prompt'), PROMPT);
    fs.writeFileSync(path.join(folder, 'evals', 'echo.fixtures.yaml'), FIXTURES);
    const extension = vscode.extensions.getExtension<{ root: PromptOps }>(EXTENSION_ID);
    assert.ok(extension);
    root = (await extension.activate()).root;
    await root.tests.refresh();
  });

  after(async () => {
    await server.close();
  });

  it('lists workspace → prompt → case items, each case at its line in the fixture file', async () => {
    const prompt = await root.tests.promptItem(promptUri().fsPath);
    assert.ok(prompt, 'the prompt is in the Test Explorer');
    assert.equal(prompt.label, 'evals/echo.prompt');
    const cases = [...prompt.children].map(([, item]) => [
      item.label,
      item.range?.start.line,
      path.basename(item.uri?.fsPath ?? ''),
    ]);
    assert.deepEqual(cases, [
      ['hello-ada', 1, 'echo.fixtures.yaml'],
      ['hello-bob', 6, 'echo.fixtures.yaml'],
    ]);
    // Fixture tags are Test Explorer tags, for the filter box (@tag).
    assert.deepEqual(
      [...prompt.children].map(([, item]) => item.tags.map((tag) => tag.id)),
      [[], ['smoke', 'slow']],
    );
  });

  it('runs through the test controller: right states, an artifact on disk, the model asked once per case', async () => {
    const before = server.requests.length;
    const outcome = await run(promptUri(), undefined, 'no-cache');
    const prompt = await root.tests.promptItem(promptUri().fsPath);
    const state = (id: string) => outcome.states.get(`${prompt?.id}#${id}`);
    assert.equal(state('hello-ada'), 'passed');
    assert.equal(state('hello-bob'), 'failed');
    assert.deepEqual(
      outcome.failures.map((f) => f.label),
      ['hello-bob'],
    );
    const artifact = JSON.parse(
      fs.readFileSync(workspaceFile('.promptops/results/evals/echo.json').fsPath, 'utf8'),
    );
    assert.deepEqual(
      artifact.cases.map((c: { id: string; status: string }) => [c.id, c.status]),
      [
        ['hello-ada', 'pass'],
        ['hello-bob', 'fail'],
      ],
    );
    assert.equal(server.requests.length, before + 2);
  });

  it("a run of one case folds into the prompt's results: the other case keeps its result", async () => {
    await vscode.commands.executeCommand('promptops.run', promptUri());
    const file = workspaceFile('.promptops/results/evals/echo.json').fsPath;
    const before = JSON.parse(fs.readFileSync(file, 'utf8')).createdAt as string;
    await vscode.commands.executeCommand('promptops.run', promptUri(), ['hello-ada']);
    const artifact = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.notEqual(artifact.createdAt, before, 'the one-case run wrote the results');
    assert.deepEqual(
      artifact.cases.map((c: { id: string; status: string }) => [c.id, c.status]),
      [
        ['hello-ada', 'pass'],
        ['hello-bob', 'fail'],
      ],
    );
    assert.deepEqual([artifact.summary.total, artifact.summary.passed], [2, 1]);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(promptUri()));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      promptUri(),
    );
    assert.ok(
      lenses.some((l) => /^✗ 1\/2 · /.test(l.command?.title ?? '')),
      'the lens counts both cases, not the one that ran',
    );
  });

  it("a run with another model is kept apart from the prompt's results, labelled with the model", async () => {
    await run(promptUri());
    const own = workspaceFile('.promptops/results/evals/echo.json').fsPath;
    const ownBefore = fs.readFileSync(own, 'utf8');
    const outcome = await run(promptUri(), undefined, 'other-model', 'local/other');
    assert.equal(outcome.name, 'Run with local/other');
    assert.equal(fs.readFileSync(own, 'utf8'), ownBefore, "the prompt's own results are untouched");
    const other = JSON.parse(
      fs.readFileSync(
        workspaceFile('.promptops/models/local_other/evals/echo.json').fsPath,
        'utf8',
      ),
    );
    assert.equal(other.model.id, 'local/other');
    assert.equal(server.requests.at(-1)?.body.model, 'other');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(promptUri()));
    const titles = (
      await vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        promptUri(),
      )
    ).map((l) => l.command?.title ?? '');
    assert.ok(
      titles.some((t) => /^✗ 1\/2 · /.test(t)),
      `the prompt's own result stays: ${titles.join(' | ')}`,
    );
    assert.ok(
      titles.some((t) => /^local\/other: ✗ 1\/2 · /.test(t)),
      `the other model's result, labelled: ${titles.join(' | ')}`,
    );
    const prompt = await root.tests.promptItem(promptUri().fsPath);
    assert.match(String(prompt?.description), /^local\/other: ✗ 1\/2/, 'the tree says so too');
    // A model box answer that is not provider/model does not run.
    assert.equal(
      await vscode.commands.executeCommand(
        'promptops.run',
        promptUri(),
        undefined,
        'other-model',
        'gpt4',
      ),
      undefined,
    );
  });

  it("a run 'with another model' that picks the prompt's own model is a run of the prompt", async () => {
    const own = workspaceFile('.promptops/results/evals/echo.json').fsPath;
    const apart = workspaceFile('.promptops/models/local_echo').fsPath;
    fs.rmSync(apart, { recursive: true, force: true });
    const before = JSON.parse(fs.readFileSync(own, 'utf8')).createdAt;
    await run(promptUri(), undefined, 'other-model', 'local/echo');
    assert.notEqual(
      JSON.parse(fs.readFileSync(own, 'utf8')).createdAt,
      before,
      "its results are the prompt's",
    );
    assert.equal(fs.existsSync(apart), false, 'nothing is kept apart for its own model');
  });

  it('the failing result\'s lens and "Show failures" open the first failure at its case', async () => {
    await run(promptUri());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('promptops.showFailures', promptUri());
    const editor = await waitFor('the fixture file at the failing case', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.fsPath.endsWith('echo.fixtures.yaml') ? active : undefined;
    });
    assert.equal(editor.selection.active.line, 6, 'hello-bob, the failing case');
  });

  it('provides run lenses with the right titles and commands on prompts and fixture files', async () => {
    await run(promptUri());
    // Lenses exist for open documents only (VS Code answers 'Illegal argument' otherwise).
    const lensesOf = async (uri: vscode.Uri) => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      return vscode.commands.executeCommand<vscode.CodeLens[]>(
        'vscode.executeCodeLensProvider',
        uri,
      );
    };
    const promptLenses = await lensesOf(promptUri());
    const titles = promptLenses.map((l) => l.command?.title);
    assert.deepEqual(titles.slice(0, 3), ['▶ Run 2 cases', 'Run without cache', 'Preview']);
    assert.match(titles[3] ?? '', /^✗ 1\/2 · \$0\.0000$/);
    assert.equal(
      promptLenses[3]?.command?.command,
      'promptops.showFailures',
      'a failing result opens the first failure',
    );
    assert.equal(promptLenses[0]?.command?.command, 'promptops.run');
    assert.equal(promptLenses[1]?.command?.arguments?.[2], 'no-cache');
    const fixtures = workspaceFile('evals/echo.fixtures.yaml');
    const caseLenses = await lensesOf(fixtures);
    const byLine = caseLenses.map((l) => `${l.range.start.line}: ${l.command?.title}`);
    assert.equal(byLine.filter((t) => t.endsWith('▶ Run')).length, 2);
    assert.ok(
      byLine.some((t) => /^1: ✓ \d+ ms/.test(t)),
      byLine.join(' | '),
    );
    assert.ok(
      byLine.some((t) => /^6: ✗ \d+ ms/.test(t)),
      byLine.join(' | '),
    );
    assert.deepEqual(
      caseLenses.find((l) => l.range.start.line === 6 && l.command?.title === '▶ Run')?.command
        ?.arguments?.[1],
      ['hello-bob'],
    );
  });

  it('shows the last results rendered (read-only) beside the editor, model output as text', async () => {
    await run(promptUri());
    await vscode.commands.executeCommand('promptops.openResults', promptUri());
    await waitFor('the rendered results (a Markdown preview tab)', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some(
          (t) =>
            t.input instanceof vscode.TabInputWebview &&
            t.input.viewType.includes('markdown.preview'),
        ),
    );
    assert.ok(
      !vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'promptops-results'),
      'not opened as an editable source',
    );
    const view = await waitFor('the results view', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'promptops-results'),
    );
    const text = view.getText();
    assert.match(text, /^# evals\/echo\.prompt\n/);
    assert.match(text, /## hello-bob: fail/);
    assert.match(text, /- equals: expected "Hello Bob!", got "hello bob"/);
    assert.match(text, /```text\nhello bob\n```/);
  });

  it('cancel stops a slow run, aborting requests in flight, and leaves a valid artifact', async () => {
    slow = true;
    const before = server.requests.length;
    const running = run(promptUri(), undefined, 'no-cache');
    await waitFor('requests to reach the server', () => server.requests.length >= before + 2);
    await vscode.commands.executeCommand('promptops.cancelRuns');
    const outcome = await running;
    slow = false;
    const artifact = JSON.parse(
      fs.readFileSync(workspaceFile('.promptops/results/evals/echo.json').fsPath, 'utf8'),
    );
    assert.equal(artifact.summary.cancelled, true);
    assert.deepEqual(
      artifact.cases.map((c: { error?: string }) => c.error),
      ['cancelled', 'cancelled'],
    );
    await waitFor('the server to see the aborted requests', () => server.abandoned >= 2);
    const prompt = await root.tests.promptItem(promptUri().fsPath);
    assert.equal(outcome.states.get(`${prompt?.id}#hello-ada`), 'skipped');
  });

  it('sends the API key from SecretStorage, and only in the request', async () => {
    await root.evals.setApiKey('local', 'sk-test-from-secret-storage');
    try {
      // The workspace's config chose this endpoint: the key goes there only once the user approves it.
      const before = server.requests.length;
      await vscode.commands.executeCommand('promptops.run', promptUri(), ['hello-ada'], 'no-cache');
      assert.equal(server.requests.length, before, 'nothing sent before the endpoint is approved');
      process.env.PROMPTOPS_ALLOW_ENDPOINTS = '127.0.0.1';
      await vscode.commands.executeCommand('promptops.run', promptUri(), ['hello-ada'], 'no-cache');
      assert.equal(
        server.requests.at(-1)?.headers.authorization,
        'Bearer sk-test-from-secret-storage',
      );
      const results = fs.readFileSync(
        workspaceFile('.promptops/results/evals/echo.json').fsPath,
        'utf8',
      );
      assert.doesNotMatch(results, /sk-test-from-secret-storage/);
    } finally {
      delete process.env.PROMPTOPS_ALLOW_ENDPOINTS;
      await root.evals.clearApiKey('local');
    }
  });

  it('compares two models in the compare view, and opens a case in the diff editor', async () => {
    await vscode.commands.executeCommand('promptops.compareModels', promptUri(), [
      'local/echo',
      'local/other',
    ]);
    const posted = await waitFor('the comparison in the compare view', () => root.compare.current);
    assert.deepEqual(
      [posted.comparison.a.model, posted.comparison.b.model],
      ['local/echo', 'local/other'],
    );
    assert.deepEqual(
      posted.comparison.cases.map((c) => c.id),
      ['hello-ada', 'hello-bob'],
    );
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    await waitFor('the compare panel', () =>
      tabs().some(
        (t) =>
          t.input instanceof vscode.TabInputWebview &&
          t.input.viewType.includes('promptops.compare'),
      ),
    );
    await vscode.commands.executeCommand('promptops.openCaseDiff', 'hello-ada');
    const diff = await waitFor('a diff editor', () =>
      tabs().find(
        (t) =>
          t.input instanceof vscode.TabInputTextDiff &&
          t.input.original.scheme === 'promptops-compare',
      ),
    );
    const input = diff.input as vscode.TabInputTextDiff;
    assert.match(
      (await vscode.workspace.openTextDocument(input.modified)).getText(),
      /Hello Ada! <script>alert\(1\)<\/script>/,
      'the output, as text',
    );
  });

  it("compares with the config file's eval settings, as a test run does (the grader model for llm-rubric)", async () => {
    const graded = workspaceFile('evals/graded.prompt');
    await vscode.commands.executeCommand('promptops.compareModels', graded, [
      'local/echo',
      'local/other',
    ]);
    const posted = await waitFor('the graded comparison', () =>
      root.compare.current?.comparison.prompt === 'evals/graded.prompt'
        ? root.compare.current
        : undefined,
    );
    const verdicts = posted.comparison.cases
      .flatMap((c) => [c.a, c.b])
      .map((r) => r.assertions[0]?.reason);
    assert.deepEqual(verdicts, [
      'grader: polite (score 0.90, threshold 0.5)',
      'grader: polite (score 0.90, threshold 0.5)',
    ]);
    assert.ok(
      server.requests.some((r) => r.body.model === 'grader'),
      'the grader model was asked',
    );
  });

  it('shows trends from the run history as charts', async () => {
    await run(promptUri());
    await run(promptUri(), undefined, 'no-cache');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(promptUri()));
    await vscode.commands.executeCommand('promptops.showTrends');
    const { html, series } = await waitFor('the trends panel', () => root.trends.shown);
    const echo = series.find((s) => s.prompt === 'evals/echo.prompt' && s.model === 'local/echo');
    assert.ok(echo, `a series for the prompt and its model: ${series.map((s) => s.prompt)}`);
    assert.ok(echo.runs.length >= 2, 'the runs so far');
    // The charts are drawn by the bundled script, loaded by nonce: nothing remote, nothing inline.
    assert.match(html, /default-src 'none'; style-src [^;]+; script-src 'nonce-[^']+';/);
    assert.match(html, /<script nonce="[^"]+" src="[^"]+\/dist\/trends\.js"><\/script>/);
    assert.doesNotMatch(html, /unsafe-/);
    await waitFor('the trends panel', () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .some(
          (t) =>
            t.input instanceof vscode.TabInputWebview &&
            t.input.viewType.includes('promptops.trends'),
        ),
    );
  });

  it('shows production series beside the runs when a traces file is configured', async () => {
    const folder = workspaceFile('.').fsPath;
    // One OTLP/JSON line as the Collector's file exporter writes it: two generations of a version.
    const span = (i: number, guard: string) => ({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: `b7ad6b716920333${i}`,
      name: 'chat gpt-4o-mini',
      kind: 3,
      startTimeUnixNano: String(Date.UTC(2026, 10, 30, 10, i) * 1e6),
      endTimeUnixNano: String((Date.UTC(2026, 10, 30, 10, i) + 500) * 1e6),
      attributes: [
        ['gen_ai.operation.name', { stringValue: 'chat' }],
        ['gen_ai.request.model', { stringValue: 'gpt-4o-mini' }],
        ['promptops.prompt', { stringValue: 'evals/echo.prompt' }],
        ['promptops.label', { stringValue: 'production' }],
        ['promptops.version', { stringValue: 'c'.repeat(40) }],
        ['promptops.guard.outcome', { stringValue: guard }],
      ].map(([key, value]) => ({ key, value })),
    });
    fs.writeFileSync(
      path.join(folder, 'traces.jsonl'),
      JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [span(1, 'pass'), span(2, 'fallback')] }] }],
      }) + '\n',
    );
    const settings = vscode.workspace.getConfiguration('promptops');
    await settings.update(
      'telemetry.tracesFile',
      'traces.jsonl',
      vscode.ConfigurationTarget.Workspace,
    );
    try {
      await run(promptUri());
      await vscode.commands.executeCommand('promptops.showTrends');
      const { html } = await waitFor('the trends panel', () => root.trends.shown);
      assert.match(html, /<h1>Production<\/h1>/);
      assert.match(html, /production · production ccccccc · 2 requests/);
      assert.match(html, /guard fallback rate: 50\.0%/);
    } finally {
      await settings.update(
        'telemetry.tracesFile',
        undefined,
        vscode.ConfigurationTarget.Workspace,
      );
    }
  });

  it('a nested project keeps its own results: the nearest folder with promptops.config.yaml', async () => {
    const nested = path.join(workspaceFile('.').fsPath, 'nested-project');
    fs.mkdirSync(nested, { recursive: true });
    fs.writeFileSync(
      path.join(nested, 'promptops.config.yaml'),
      `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    );
    fs.writeFileSync(path.join(nested, 'inner.prompt'), PROMPT);
    fs.writeFileSync(path.join(nested, 'inner.fixtures.yaml'), FIXTURES);
    const uri = vscode.Uri.file(path.join(nested, 'inner.prompt'));
    await root.tests.refresh();
    await waitFor('the nested prompt in the Test Explorer', () =>
      root.tests.promptItem(uri.fsPath),
    );
    await vscode.commands.executeCommand('promptops.run', uri);
    const inner = path.join(nested, '.promptops', 'results', 'inner.json');
    assert.ok(fs.existsSync(inner), 'results in the nested project');
    assert.equal(JSON.parse(fs.readFileSync(inner, 'utf8')).prompt.path, 'inner.prompt');
    assert.ok(
      !fs.existsSync(workspaceFile('.promptops/results/nested-project/inner.json').fsPath),
      'not in the workspace folder',
    );
  });

  it('registers the run commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of [
      'promptops.runPrompt',
      'promptops.runAll',
      'promptops.runCaseAtCursor',
      'promptops.setApiKey',
      'promptops.clearApiKey',
      'promptops.selectModel',
      'promptops.openResults',
      'promptops.cancelRuns',
    ])
      assert.ok(commands.includes(id), id);
  });
});
