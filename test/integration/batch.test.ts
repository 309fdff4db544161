import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromptOps } from '../../src/extension/promptops';
import type { LastRun } from '../../src/extension/testing/controller';
import { lastUserText, startFakeOpenAI, type FakeOpenAI } from '../support/openai-server';
import { EXTENSION_ID, waitFor, workspaceFile } from './util';

const prompt = (provider: string) => `---
model: ${provider}/echo
input:
  schema:
    name: string
---
Say hello to {{name}}.
`;
const FIXTURES = `cases:\n${['Ada', 'Bob', 'Cy']
  .map(
    (name) =>
      `  - id: hello-${name.toLowerCase()}\n    input: { name: ${name} }\n    assert:\n      - type: contains\n        value: ${name}\n`,
  )
  .join('')}`;

/** Run as Batch in the editor, against the loopback server's files and batches endpoints. */
describe('Run as Batch in the editor', () => {
  let quick: FakeOpenAI;
  let held: FakeOpenAI;
  let root: PromptOps;
  const project = () => workspaceFile('batch-project').fsPath;
  const uri = (name: string) => vscode.Uri.file(path.join(project(), `${name}.prompt`));
  const answer = (request: { body: Parameters<typeof lastUserText>[0] }) => ({
    text: `Hello ${lastUserText(request.body).replace(/^Say hello to |\.$/g, '')}`,
  });

  before(async () => {
    // One server ends its batches after two polls; the other never does, until it is cancelled.
    quick = await startFakeOpenAI(answer, { polls: 2 });
    held = await startFakeOpenAI(answer, { polls: 1_000_000 });
    fs.mkdirSync(project(), { recursive: true });
    fs.writeFileSync(
      path.join(project(), 'promptops.config.yaml'),
      `providers:\n  - name: quick\n    baseURL: ${quick.baseURL}\n  - name: held\n    baseURL: ${held.baseURL}\n`,
    );
    for (const name of ['quick', 'held']) {
      fs.writeFileSync(path.join(project(), `${name}.prompt`), prompt(name));
      fs.writeFileSync(path.join(project(), `${name}.fixtures.yaml`), FIXTURES);
    }
    await vscode.workspace
      .getConfiguration('promptops')
      .update('eval.batchPollMs', 50, vscode.ConfigurationTarget.Workspace);
    const extension = vscode.extensions.getExtension<{ root: PromptOps }>(EXTENSION_ID);
    assert.ok(extension);
    root = (await extension.activate()).root;
    await root.tests.refresh();
  });

  after(async () => {
    await vscode.workspace
      .getConfiguration('promptops')
      .update('eval.batchPollMs', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(project(), { recursive: true, force: true });
    await Promise.all([quick.close(), held.close()]);
  });

  it('sends the cases as one batch, polls it, and reports each case in the Test Explorer', async () => {
    const outcome = await vscode.commands.executeCommand<LastRun>(
      'promptops.runAsBatch',
      uri('quick'),
    );
    assert.equal(quick.batch.calls.upload, 1);
    assert.equal(quick.batch.calls.create, 1);
    assert.ok(quick.batch.calls.retrieve >= 2, 'polled until it ended');
    // The fake answers a batch's lines itself (no HTTP headers): none went one by one.
    assert.deepEqual(
      quick.requests.map((r) => Object.keys(r.headers).length),
      [0, 0, 0],
      'the three cases were answered inside the batch',
    );
    const [batch] = [...quick.batch.batches.values()];
    assert.equal(batch?.lines.length, 3);
    const item = await root.tests.promptItem(uri('quick').fsPath);
    for (const id of ['hello-ada', 'hello-bob', 'hello-cy'])
      assert.equal(outcome.states.get(`${item?.id}#${id}`), 'passed', id);
    const artifact = JSON.parse(
      fs.readFileSync(path.join(project(), '.promptops', 'results', 'quick.json'), 'utf8'),
    );
    assert.equal(artifact.batch?.id, batch?.id);
    assert.ok(
      !fs.existsSync(path.join(project(), '.promptops', 'batches', 'quick.json')),
      'the manifest goes once the batch has answered',
    );
  });

  it('a cancel cancels the batch at the provider, and the cases are skipped', async () => {
    const running = vscode.commands.executeCommand<LastRun>('promptops.runAsBatch', uri('held'));
    await waitFor('the batch to be polled', () => held.batch.calls.retrieve >= 2);
    const manifest = path.join(project(), '.promptops', 'batches', 'held.json');
    assert.ok(fs.existsSync(manifest), 'the batch is stored before it is polled');
    await vscode.commands.executeCommand('promptops.cancelRuns');
    const outcome = await running;
    assert.equal(held.batch.calls.cancel, 1, 'the batch was cancelled at the provider');
    const [batch] = [...held.batch.batches.values()];
    assert.match(batch?.status ?? '', /^cancell/);
    assert.ok(!fs.existsSync(manifest), 'a cancelled batch is not resumed by the next run');
    const item = await root.tests.promptItem(uri('held').fsPath);
    assert.equal(outcome.states.get(`${item?.id}#hello-ada`), 'skipped');
  });
});
