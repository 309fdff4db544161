import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PromptOps } from '../../src/extension/promptops';
import { EXTENSION_ID, waitFor, workspaceFile } from './util';

const PROMPT = '---\nmodel: local/echo\ninput:\n  schema:\n    name: string\n---\nHi {{name}}\n';
const item = (id: string, tags = '') =>
  `  - id: ${id}\n${tags ? `    tags: [${tags}]\n` : ''}    input: { name: ${id} }\n`;

describe('The Test Explorer tree follows its fixture file', () => {
  let root: PromptOps;
  const promptFile = () => workspaceFile('tree/names.prompt').fsPath;
  const fixturesFile = () => workspaceFile('tree/names.fixtures.yaml').fsPath;

  before(async () => {
    fs.mkdirSync(path.dirname(promptFile()), { recursive: true });
    fs.writeFileSync(promptFile(), PROMPT);
    fs.writeFileSync(fixturesFile(), `cases:\n${item('ada')}${item('bob')}${item('cy')}`);
    const extension = vscode.extensions.getExtension<{ root: PromptOps }>(EXTENSION_ID);
    assert.ok(extension);
    root = (await extension.activate()).root;
    await root.tests.refresh();
  });

  after(() => fs.rmSync(path.dirname(promptFile()), { recursive: true, force: true }));

  it('a saved fixture file updates the case items in place: kept cases keep their item, at their new line', async () => {
    const prompt = await root.tests.promptItem(promptFile());
    assert.ok(prompt, 'the prompt is in the Test Explorer');
    const before = new Map([...prompt.children].map(([, child]) => [child.label, child]));
    assert.deepEqual([...before.keys()], ['ada', 'bob', 'cy']);
    // A comment on top moves every case a line down; bob goes, dan comes, cy gains a tag.
    fs.writeFileSync(
      fixturesFile(),
      `# edited\ncases:\n${item('ada')}${item('cy', 'smoke')}${item('dan')}`,
    );
    const labels = () => [...prompt.children].map(([, child]) => child.label).join(',');
    await waitFor('the edited cases in the tree', () => labels() === 'ada,cy,dan');
    const now = new Map([...prompt.children].map(([, child]) => [child.label, child]));
    assert.equal(now.get('ada'), before.get('ada'), "ada's item is the same item");
    assert.equal(now.get('cy'), before.get('cy'), "cy's item is the same item");
    assert.deepEqual(
      [...now.values()].map((child) => child.range?.start.line),
      [2, 4, 7],
      'each case at its new line',
    );
    assert.deepEqual(
      now.get('cy')?.tags.map((tag) => tag.id),
      ['smoke'],
    );
    assert.equal(now.get('dan')?.uri?.fsPath, fixturesFile());
  });
});
