import * as path from 'node:path';
import * as vscode from 'vscode';
import { latestArtifact, type RunArtifact } from '../../core/eval/artifact';
import { modelFolder, modelResultsDir } from '../../core/eval/model-results';
import { readSettings } from '../config';
import type { EvalService } from './service';

export const RESULTS_SCHEME = 'promptops-results';

/** A read-only Markdown view of a prompt's latest run: `promptops-results:<prompt path>.md?<prompt uri>`. */
export class ResultsView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: EvalService) {
    this.subscription = service.onDidFinish(() => {
      for (const document of vscode.workspace.textDocuments)
        if (document.uri.scheme === RESULTS_SCHEME) this.changed.fire(document.uri);
    });
  }

  /** `model`: the results of a run with that model instead of the prompt's own. */
  static uriFor(prompt: vscode.Uri, model?: string): vscode.Uri {
    return vscode.Uri.from({
      scheme: RESULTS_SCHEME,
      path: `${prompt.path}${model ? `.${modelFolder(model)}` : ''}.results.md`,
      query: prompt.toString(),
      fragment: model ?? '',
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const prompt = vscode.Uri.parse(uri.query);
    const model = uri.fragment;
    const artifact = latestArtifact(
      this.service.rootOf(prompt.fsPath),
      prompt.fsPath,
      model ? modelResultsDir(model) : readSettings(prompt).resultsFolder,
    );
    return artifact
      ? render(artifact)
      : `# ${path.basename(prompt.fsPath)}\n\nNo results yet: run its cases (▶ Run above the prompt, or PromptOps: Run Evals for Current Prompt).\n`;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Model output is untrusted: it goes into fenced code blocks, never into Markdown itself. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((t) => t.length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${text}\n${ticks}`;
}

function render(a: RunArtifact): string {
  const s = a.summary;
  const lines = [
    `# ${a.prompt.path}`,
    '',
    `${a.model.id} · ${a.mode} · ${a.createdAt} · ${s.passed}/${s.total} passed (${Math.round(s.passRate * 100)}%) · $${s.costUsd.toFixed(4)} · p50 ${s.latencyMs.p50 ?? '–'} ms · p95 ${s.latencyMs.p95 ?? '–'} ms${s.cancelled ? ' · cancelled' : ''}`,
    '',
    '| case | status | latency | cost | cached |',
    '| --- | --- | --- | --- | --- |',
    ...a.cases.map(
      (c) =>
        `| ${c.id}${c.repeat ? ` #${c.repeat + 1}` : ''} | ${c.status} | ${c.latencyMs ?? '–'} ms | ${c.costUsd === null ? '–' : `$${c.costUsd.toFixed(4)}`} | ${c.cached ? 'yes' : 'no'} |`,
    ),
  ];
  for (const c of a.cases.filter((x) => x.status !== 'pass')) {
    lines.push('', `## ${c.id}: ${c.status}`, '');
    if (c.error) lines.push(fence(c.error));
    for (const assertion of c.assertions.filter((x) => !x.pass))
      lines.push(`- ${assertion.type}: ${assertion.reason.replace(/[\\`*_[\]<>|#]/g, '\\$&')}`);
    if (c.output) lines.push('', 'Answer:', '', fence(c.output.text));
  }
  return lines.join('\n') + '\n';
}
