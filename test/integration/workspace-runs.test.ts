import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Question } from '../../src/extension/dialogs';
import type { PromptOps } from '../../src/extension/promptops';
import type { LastRun } from '../../src/extension/testing/controller';
import { lastUserText, startFakeOpenAI, type FakeOpenAI } from '../support/openai-server';
import { EXTENSION_ID, workspaceFile } from './util';

// A fake key of the shape the secret detector knows (sk-… of OpenAI); never a real one.
const SECRET = 'sk-proj-' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0';
const SCHEMA = '---\nmodel: local/echo\ninput:\n  schema:\n    name: string\n---\n';

/**
 * The run's known problems and its cost, asked before anything is sent; a prompt's time; a
 * conversation's turns. Runs after the other suites (name order): the prompt files it adds make
 * the Test Explorer refresh, which would replace items another suite is looking at.
 */
describe('Before a run: known problems in one question; scripted turns in the tree', () => {
  let server: FakeOpenAI;
  let root: PromptOps;
  let folder: string;
  let savedConfig: string | undefined;
  let delayMs = 5;
  const file = (name: string) => path.join(folder, 'runs', name);

  /** Runs a prompt from the palette's path, answering any question with `answer`. */
  async function runAnswering(
    prompt: string,
    answer: string | undefined,
    ...args: unknown[]
  ): Promise<{ questions: Question[]; outcome: LastRun; sent: number }> {
    const questions: Question[] = [];
    const answering = root.dialogs.answerWith((q) => (questions.push(q), answer));
    const before = server.requests.length;
    try {
      const outcome = await vscode.commands.executeCommand<LastRun>(
        'promptops.run',
        vscode.Uri.file(file(prompt)),
        ...args,
      );
      assert.ok(outcome, 'the run started');
      return { questions, outcome, sent: server.requests.length - before };
    } finally {
      answering.dispose();
    }
  }

  before(async () => {
    server = await startFakeOpenAI((request) => ({
      text: `Hello ${lastUserText(request.body).replace(/^Say hello to |\.$/g, '')}, refund for order 123`,
      delayMs,
    }));
    folder = workspaceFile('.').fsPath;
    fs.mkdirSync(path.join(folder, 'runs'), { recursive: true });
    const config = path.join(folder, 'promptops.config.yaml');
    savedConfig = fs.existsSync(config) ? fs.readFileSync(config, 'utf8') : undefined;
    // A price that makes any run cost more than the confirmation threshold ($0.50 by default).
    fs.writeFileSync(
      path.join(folder, 'promptops.config.yaml'),
      `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n    prices:\n      echo: { input: 1000000, output: 1000000 }\n      cheap: { input: 0, output: 0 }\n`,
    );
    fs.writeFileSync(file('problems.prompt'), `${SCHEMA}Say hello to {{name}}.\n`);
    fs.writeFileSync(
      file('problems.fixtures.yaml'),
      'cases:\n  - id: no-name\n    input: {}\n    assert:\n      - type: contains\n        value: Hello\n  - id: typo\n    input: { name: Ada }\n    assert:\n      - type: contians\n        value: Ada\n',
    );
    fs.writeFileSync(
      file('secret.prompt'),
      `---\nmodel: local/cheap\n---\nSign in with ${SECRET} and say hello.\n`,
    );
    fs.writeFileSync(
      file('secret.fixtures.yaml'),
      'cases:\n  - id: leaky\n    input: {}\n    assert:\n      - type: contains\n        value: Hello\n',
    );
    fs.writeFileSync(file('parallel.prompt'), `${SCHEMA}Say hello to {{name}}.\n`);
    fs.writeFileSync(
      file('parallel.fixtures.yaml'),
      `cases:\n${['Ada', 'Bob', 'Cy']
        .map((n) => `  - id: ${n.toLowerCase()}\n    input: { name: ${n} }\n`)
        .join('')}`,
    );
    // The conversation example: prior messages, then two scripted user turns, each judged.
    const example = path.resolve(__dirname, '..', '..', '..', 'examples');
    fs.writeFileSync(
      file('support.prompt'),
      fs
        .readFileSync(path.join(example, 'support.prompt'), 'utf8')
        .replace('openai/gpt-4o-mini', 'local/cheap'),
    );
    fs.copyFileSync(path.join(example, 'support.fixtures.yaml'), file('support.fixtures.yaml'));
    const extension = vscode.extensions.getExtension<{ root: PromptOps }>(EXTENSION_ID);
    assert.ok(extension);
    root = (await extension.activate()).root;
    await root.tests.refresh();
  });

  after(async () => {
    await server.close();
    const config = path.join(folder, 'promptops.config.yaml');
    if (savedConfig === undefined) fs.rmSync(config, { force: true });
    else fs.writeFileSync(config, savedConfig);
  });

  it('names the cases with lint errors and the cost in one modal question; Cancel sends nothing', async () => {
    const cancelled = await runAnswering('problems.prompt', undefined, undefined, 'no-cache');
    assert.equal(cancelled.questions.length, 1, 'one question, not one per problem');
    const [question] = cancelled.questions;
    assert.match(
      question?.message ?? '',
      /^Cases with lint errors: no-name, typo \(case 'no-name': input is missing required 'name'\. \(PO301\) …\)\. This run sends 2 requests and may cost up to \$\d+\.\d{4}/,
    );
    assert.deepEqual(question?.choices, ['Run Anyway']);
    assert.equal(cancelled.sent, 0, 'nothing was sent');
    assert.deepEqual([...cancelled.outcome.states.values()], ['skipped', 'skipped']);

    const ran = await runAnswering('problems.prompt', 'Run Anyway', undefined, 'no-cache');
    assert.equal(ran.questions.length, 1);
    assert.equal(ran.sent, 2, 'Run Anyway sends the cases');
  });

  it('says a prompt holding a secret will be blocked, and never asks about its cost alone', async () => {
    const { questions, sent, outcome } = await runAnswering('secret.prompt', 'Run Anyway');
    assert.equal(questions.length, 1);
    assert.match(
      questions[0]?.message ?? '',
      /^1 case will not be sent \(leaky\): an OpenAI API key in message 1 \(user\); the privacy policy blocks it\./,
    );
    assert.doesNotMatch(questions[0]?.message ?? '', /may cost/, 'a free model: no cost to ask');
    assert.equal(sent, 0, 'the privacy policy blocked the request');
    assert.deepEqual([...outcome.states.values()], ['errored']);
  });

  it("shows a prompt's time as the wall time of its run, not the sum of its cases' times", async () => {
    delayMs = 800;
    try {
      const { outcome } = await runAnswering('parallel.prompt', 'Run', undefined, 'no-cache');
      const prompt = await root.tests.promptItem(file('parallel.prompt'));
      assert.ok(prompt);
      const cases = [...prompt.children].map(([, c]) => outcome.durations.get(c.id) ?? 0);
      const wall = outcome.durations.get(prompt.id);
      assert.ok(wall !== undefined, 'the prompt has a time of its own');
      const sum = cases.reduce((a, b) => a + b, 0);
      assert.ok(Math.min(...cases) >= 800, `each case waited for its answer: ${cases.join(', ')}`);
      assert.ok(wall >= Math.max(...cases), `the run took as long as its slowest case: ${wall}`);
      assert.ok(wall < sum, `the cases ran at once: ${wall} ms, not their sum ${sum} ms`);
      const artifact = JSON.parse(
        fs.readFileSync(path.join(folder, '.promptops/results/runs/parallel.json'), 'utf8'),
      );
      assert.equal(wall, artifact.summary.durationMs, "the results' duration is the same time");
    } finally {
      delayMs = 5;
    }
  });

  it('lists a child item per scripted turn of a conversation case, and runs its case from a turn', async () => {
    const prompt = await root.tests.promptItem(file('support.prompt'));
    assert.ok(prompt, 'the conversation example is in the Test Explorer');
    const chat = prompt.children.get(`${prompt.id}#chat`);
    assert.ok(chat, 'its case');
    const turns = [...chat.children].map(([, t]) => [t.label, t.range?.start.line]);
    assert.deepEqual(turns, [
      ['turn 1: It arrived broken', 7],
      ['turn 2: Refund please', 9],
    ]);
    const turn = chat.children.get(`${chat.id}/turn-2`);
    assert.ok(turn);
    const before = server.requests.length;
    const outcome = await root.tests.runWith(
      'no-cache',
      new vscode.TestRunRequest([turn], undefined, root.tests.profile('no-cache')),
      new vscode.CancellationTokenSource().token,
    );
    assert.equal(outcome?.states.get(chat.id), 'passed', 'the case ran, both turns judged');
    assert.equal(server.requests.length - before, 2, 'one request per scripted turn');
    const last = server.requests.at(-1);
    assert.ok(last);
    assert.match(lastUserText(last.body), /Refund please/);
  });
});
