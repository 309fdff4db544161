import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CaseResult } from '../../src/core/eval/artifact';
import type { PromptOps } from '../../src/extension/promptops';
import type { LastRun } from '../../src/extension/testing/controller';
import { PASSING_TRANSCRIPTS, RunReport } from '../../src/extension/testing/report';
import { caseResult } from '../support/case-result';
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

describe('A run in the Test Explorer', () => {
  it('transcribes every case that does not pass and the first passing ones, and says so once', () => {
    const controller = vscode.tests.createTestController('promptops-report-test', 'report test');
    try {
      const outputs: { text: string; item?: string }[] = [];
      const states: string[] = [];
      // A TestRun that records (VS Code's output is not readable through the API).
      const run = {
        appendOutput: (text: string, _location?: unknown, item?: vscode.TestItem) =>
          outputs.push({ text, ...(item ? { item: item.id } : {}) }),
        passed: () => states.push('passed'),
        failed: () => states.push('failed'),
        errored: () => states.push('errored'),
        skipped: () => states.push('skipped'),
      } as unknown as vscode.TestRun;
      const outcome: LastRun = {
        name: 'Run',
        states: new Map(),
        failures: [],
        durations: new Map(),
      };
      const report = new RunReport(run, outcome);
      const result = (id: string, status: CaseResult['status'], cancelled = false) =>
        caseResult({
          id,
          messages: [{ role: 'user', content: [{ text: `hi ${id}` }] }],
          output: { text: `answer ${id}` },
          status,
          score: status === 'pass' ? 1 : 0,
          ...(cancelled ? { cancelled: true, error: 'cancelled' } : {}),
        });
      const passing = PASSING_TRANSCRIPTS + 20;
      for (let i = 0; i < passing; i++) {
        report.result(controller.createTestItem(`p${i}`, `p${i}`), result(`p${i}`, 'pass'));
        if (i === 50) report.result(controller.createTestItem('f', 'f'), result('f', 'fail'));
      }
      report.result(controller.createTestItem('e', 'e'), result('e', 'error'));
      report.result(controller.createTestItem('c', 'c'), result('c', 'error', true));
      const transcribed = outputs.filter((o) => o.item).map((o) => o.item);
      assert.equal(transcribed.length, PASSING_TRANSCRIPTS + 2);
      assert.ok(transcribed.includes('f') && transcribed.includes('e'), 'failures are transcribed');
      assert.ok(!transcribed.includes(`p${PASSING_TRANSCRIPTS}`), 'a pass past the limit is not');
      assert.ok(!transcribed.includes('c'), 'a cancelled case has nothing to show');
      const notes = outputs.filter((o) => !o.item);
      assert.equal(notes.length, 1);
      assert.match(notes[0]?.text ?? '', /further passing cases are left out/);
      assert.equal(
        states.filter((s) => s === 'passed').length,
        passing,
        'every case has its state',
      );
    } finally {
      controller.dispose();
    }
  });
});
