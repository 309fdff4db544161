import * as vscode from 'vscode';
import type { PromptTests } from '../testing/controller';
import { batchProgressLine } from './batch';

/**
 * Run as Batch: the request's cases go through the Testing API's one run path as one batch per
 * prompt, with a notification that shows the batch's progress (request_counts) each time it is
 * polled, and a Cancel that cancels the batch at the provider (as does stopping the test run).
 */
export function runAsBatch(
  tests: PromptTests,
  request: vscode.TestRunRequest,
  token?: vscode.CancellationToken,
): Thenable<void> {
  return vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: 'PromptOps: batch',
      cancellable: true,
    },
    async (progress, notificationToken) => {
      const cancel = new vscode.CancellationTokenSource();
      const subscriptions = [notificationToken, token].map((t) =>
        t?.onCancellationRequested(() => cancel.cancel()),
      );
      let reported = 0;
      progress.report({ message: 'rendering the requests…' });
      try {
        await tests.runRequest(request, cancel.token, {
          cache: true,
          batch: {
            onStatus: (state) => {
              const { total, completed, failed } = state.requestCounts;
              const share = total ? ((completed + failed) / total) * 100 : 0;
              progress.report({
                message: batchProgressLine(state.id, state),
                increment: Math.max(0, share - reported),
              });
              reported = Math.max(reported, share);
            },
          },
        });
      } finally {
        for (const s of subscriptions) s?.dispose();
        cancel.dispose();
      }
    },
  );
}
