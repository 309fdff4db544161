import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CaseResult } from '../../src/core/eval/artifact';
import type { LastRun } from '../../src/extension/testing/controller';
import { PASSING_TRANSCRIPTS, RunReport } from '../../src/extension/testing/report';
import { caseResult } from '../support/case-result';

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
