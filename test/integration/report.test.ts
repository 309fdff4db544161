import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CaseResult } from '../../src/core/eval/artifact';
import type { LastRun } from '../../src/extension/testing/controller';
import {
  FAILING_TRANSCRIPTS,
  PASSING_TRANSCRIPTS,
  RunReport,
} from '../../src/extension/testing/report';
import { caseResult } from '../support/case-result';

/** A RunReport on a TestRun that records (VS Code's output is not readable through the API). */
function recordingReport() {
  const outputs: { text: string; item?: string }[] = [];
  const states: string[] = [];
  const run = {
    appendOutput: (text: string, _location?: unknown, item?: vscode.TestItem) =>
      outputs.push({ text, ...(item ? { item: item.id } : {}) }),
    passed: () => states.push('passed'),
    failed: () => states.push('failed'),
    errored: () => states.push('errored'),
    skipped: () => states.push('skipped'),
  } as unknown as vscode.TestRun;
  const outcome: LastRun = { name: 'Run', states: new Map(), failures: [], durations: new Map() };
  return { report: new RunReport(run, outcome), outputs, states };
}

const result = (id: string, status: CaseResult['status'], cancelled = false) =>
  caseResult({
    id,
    messages: [{ role: 'user', content: [{ text: `hi ${id}` }] }],
    output: { text: `answer ${id}` },
    status,
    score: status === 'pass' ? 1 : 0,
    ...(cancelled ? { cancelled: true, error: 'cancelled' } : {}),
  });

describe('A run in the Test Explorer', () => {
  it('transcribes every case that does not pass and the first passing ones, and says so once', () => {
    const controller = vscode.tests.createTestController('promptops-report-test', 'report test');
    try {
      const { report, outputs, states } = recordingReport();
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

  it('transcribes the first failing cases of a mostly failing run, and keeps every failure message', () => {
    const controller = vscode.tests.createTestController('promptops-report-fail', 'report test');
    try {
      const { report, outputs, states } = recordingReport();
      const failing = FAILING_TRANSCRIPTS + 30;
      for (let i = 0; i < failing; i++)
        report.result(
          controller.createTestItem(`f${i}`, `f${i}`),
          result(`f${i}`, i % 2 ? 'fail' : 'error'),
        );
      const transcribed = outputs.filter((o) => o.item).map((o) => o.item);
      assert.equal(transcribed.length, FAILING_TRANSCRIPTS);
      assert.equal(transcribed.at(-1), `f${FAILING_TRANSCRIPTS - 1}`);
      const notes = outputs.filter((o) => !o.item);
      assert.equal(notes.length, 1);
      assert.match(notes[0]?.text ?? '', /further failing cases are left out/);
      assert.equal(states.length, failing, 'every failure has its state and messages');
      assert.ok(states.every((s) => s === 'failed' || s === 'errored'));
    } finally {
      controller.dispose();
    }
  });
});
