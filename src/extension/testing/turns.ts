import * as vscode from 'vscode';
import type { CaseResult } from '../../core/eval/artifact';
import type { CaseLocation } from '../../core/eval/fixtures';
import { formatTranscript } from '../../core/tools/transcript';

/** A child item per scripted turn of a case (`turns:`), at the turn's line. */
export function turnItems(
  controller: vscode.TestController,
  caseItem: vscode.TestItem,
  turns: CaseLocation['turns'],
  uri: vscode.Uri,
): vscode.TestItem[] {
  return (turns ?? []).map(({ line, user }, index) => {
    const label = `turn ${index + 1}: ${user.length > 50 ? `${user.slice(0, 50)}…` : user}`;
    const item = controller.createTestItem(`${caseItem.id}/turn-${index + 1}`, label, uri);
    item.range = new vscode.Range(line, 0, line, 0);
    return item;
  });
}

/** The case's transcript as run output (model text shown as text, controls escaped). */
export function transcriptText(result: CaseResult): string | undefined {
  return result.transcript?.length ? formatTranscript(result.transcript) : undefined;
}

/** Each scripted turn's outcome on its child item: passed, or failed with its failed assertions. */
export function reportTurns(run: vscode.TestRun, caseItem: vscode.TestItem, result: CaseResult) {
  for (const turn of result.turns ?? []) {
    const item = caseItem.children.get(`${caseItem.id}/turn-${turn.index + 1}`);
    if (!item) continue;
    if (turn.pass) {
      run.passed(item);
      continue;
    }
    const failed = turn.assertions.filter((a) => !a.pass);
    const messages = failed.map((a) => {
      const message = new vscode.TestMessage(`${a.type}: ${a.reason}`);
      if (item.uri && item.range) message.location = new vscode.Location(item.uri, item.range);
      return message;
    });
    run.failed(item, messages.length ? messages : [new vscode.TestMessage('turn failed')]);
  }
}
