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

  it('a prompt created beside it leaves the listed prompts their items and cases', async () => {
    const prompt = await root.tests.promptItem(promptFile());
    const child = prompt && [...prompt.children][0]?.[1];
    assert.ok(prompt && child);
    const other = path.join(path.dirname(promptFile()), 'other.prompt');
    fs.writeFileSync(other.replace(/\.prompt$/, '.fixtures.yaml'), `cases:\n${item('zed')}`);
    fs.writeFileSync(other, PROMPT);
    const created = await waitFor('the new prompt in the tree', () => root.tests.promptItem(other));
    assert.deepEqual(
      [...created.children].map(([, c]) => c.label),
      ['zed'],
    );
    assert.equal(await root.tests.promptItem(promptFile()), prompt, 'the same prompt item');
    assert.equal(prompt.children.get(child.id), child, 'the same case item');
  });

  it('a run or a lens that asks while the cases are being updated gets them once the update is done', async () => {
    const many = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => item(`c${from + i}`)).join('');
    fs.writeFileSync(fixturesFile(), `cases:\n${many(0, 5000)}`);
    const prompt = await root.tests.promptItem(promptFile());
    assert.ok(prompt);
    await waitFor('5,000 cases in the tree', () => prompt.children.size === 5000);
    const first = prompt.children.get(`${prompt.id}#c0`);
    // One line down for every case, and 3,000 more: the update moves c0 first, adds c7999 last.
    fs.writeFileSync(fixturesFile(), `# edited\ncases:\n${many(0, 8000)}`);
    await waitFor('the update under way', () => first?.range?.start.line === 2);
    const asked = await root.tests.promptItem(promptFile());
    assert.equal(asked?.children.size, 8000, 'every case of the saved file, not some of them');
    assert.ok(asked?.children.get(`${prompt.id}#c7999`));
  });
});
