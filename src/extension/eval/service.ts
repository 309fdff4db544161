import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findConfigFile, loadConfig, type WorkspaceConfig } from '../../core/config';
import type { RunArtifact } from '../../core/eval/artifact';
import { evalPrompt, type EvalOptions, type EvalProgress } from '../../core/eval/engine';
import { estimateRuns, type RunsEstimate } from '../../core/eval/estimate';
import { preflightProblems, type PreflightProblem } from '../../core/eval/preflight-problems';
import { modelResultsDir } from '../../core/eval/model-results';
import { parsePromptDocument } from '../../core/language/document';
import { configEvalSettings, type ConfigEvalSettings } from '../../core/eval/settings';
import { bundledTokenCounter } from '../../core/eval/load-tokenizer';
import type { BatchState } from '../../core/providers/batch-client';
import { cancelStoredBatch } from './batch';
import { describeEndpoint, loadEndpointApprovals } from '../../core/providers/endpoints';
import { projectRootFor } from '../../core/project';
import { ProviderRegistry } from '../../core/providers/registry';
import { providersUsed } from '../../core/eval/providers-used';
import type { Logger } from '../../core/types';
import { readSettings } from '../config';

export interface RunTarget {
  promptFile: string;
  /** Only these cases; all when absent. */
  caseIds?: string[];
}

export interface RunProfileOptions {
  cache: boolean;
  /** `provider/model` for this run only. */
  model?: string;
  /**
   * Send the cases as one batch through the provider's Batch API, with its progress
   * (request_counts) as it is polled. Cancelling the run cancels the batch too.
   */
  batch?: { onStatus?: (state: BatchState) => void };
}

/** A finished run; `otherModel` when it ran with another model than the prompt's own (kept apart). */
export interface FinishedRun {
  /** The artifact file. */
  file: string;
  promptFile: string;
  artifact: RunArtifact;
  otherModel?: string;
}

const SECRET_PREFIX = 'promptops.apiKey.';

/** Runs prompts through the core engine with the editor's settings and keys, one run at a time. */
export class EvalService implements vscode.Disposable {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly finished = new vscode.EventEmitter<FinishedRun>();
  readonly onDidFinish = this.finished.event;
  private readonly active = new Set<AbortController>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly logger: Logger,
  ) {}

  /**
   * The project a file belongs to: the nearest folder up to its workspace folder with
   * promptops.config.yaml or .promptops/, else the workspace folder (nested and multi-root
   * workspaces keep each project's results, cache and labels apart, as the CLI does).
   */
  rootOf(file: string): string {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath;
    return projectRootFor(file, folder ?? path.dirname(file), folder ?? path.dirname(file));
  }

  /** promptops.config.yaml of a workspace folder (throws ConfigError when it is broken). */
  config(root: string): { config: WorkspaceConfig; file?: string } {
    const file = findConfigFile(root, root);
    return file ? { config: loadConfig(file), file } : { config: {} };
  }

  /**
   * Providers as the CLI has them: a key goes to an endpoint the workspace's config chose only when
   * the user approved it (PROMPTOPS_ALLOW_ENDPOINTS or their own config file); otherwise the run
   * stops with a message that says how.
   */
  registry(root: string): ProviderRegistry {
    const { config, file } = this.config(root);
    return new ProviderRegistry(
      config.providers ?? [],
      {
        env: process.env,
        secret: (provider) => Promise.resolve(this.context.secrets.get(SECRET_PREFIX + provider)),
      },
      { approvals: loadEndpointApprovals(process.env), ...(file ? { configFile: file } : {}) },
    );
  }

  async setApiKey(provider: string, key: string): Promise<void> {
    await this.context.secrets.store(SECRET_PREFIX + provider, key);
  }

  async clearApiKey(provider: string): Promise<void> {
    await this.context.secrets.delete(SECRET_PREFIX + provider);
  }

  /** Runs queue up: each waits for the previous one to finish. */
  enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  cancelAll(): void {
    for (const controller of this.active) controller.abort(new Error('cancelled'));
  }

  /** The preflight estimate of a set of targets, in USD (undefined when a model has no price). */
  async estimate(targets: RunTarget[], profile: RunProfileOptions): Promise<RunsEstimate> {
    const countTokens = bundledTokenCounter(path.join(this.context.extensionPath, 'dist'));
    try {
      return await estimateRuns(
        targets.map((target) => {
          const root = this.rootOf(target.promptFile);
          const model = this.modelOf(target.promptFile, profile);
          return {
            promptFile: target.promptFile,
            root,
            registry: this.registry(root),
            ...(model ? { model } : {}),
            ...(target.caseIds ? { caseIds: target.caseIds } : {}),
          };
        }),
        { countTokens },
      );
    } finally {
      countTokens.release();
    }
  }

  /** A run's known problems before its cost is asked: lint errors, and requests privacy blocks. */
  async knownProblems(targets: RunTarget[]): Promise<PreflightProblem[]> {
    return preflightProblems(
      targets.map((target) => {
        const root = this.rootOf(target.promptFile);
        const settings = readSettings(vscode.Uri.file(target.promptFile));
        let config: WorkspaceConfig | undefined;
        try {
          config = this.config(root).config;
        } catch {
          config = undefined; // a broken config: the run itself says so
        }
        return {
          promptFile: target.promptFile,
          root,
          ...(config ? { config } : {}),
          privacy: { secrets: settings.privacySecrets, pii: settings.privacyPii },
          ...(target.caseIds ? { caseIds: target.caseIds } : {}),
        };
      }),
    );
  }

  /** The model a run uses over the prompt's own: the profile's, else the `promptops.eval.model` setting. */
  private modelOf(promptFile: string, profile: RunProfileOptions): string | undefined {
    return profile.model || readSettings(vscode.Uri.file(promptFile)).evalModel || undefined;
  }

  /**
   * An abort signal for work the "Cancel Running Evals" command stops (test runs and comparisons),
   * aborted too when `token` is cancelled. Call `done` when the work ends.
   */
  cancellable(token: vscode.CancellationToken | undefined): {
    signal: AbortSignal;
    done: () => void;
  } {
    const controller = new AbortController();
    const subscription = token?.onCancellationRequested(() =>
      controller.abort(new Error('cancelled')),
    );
    this.active.add(controller);
    return {
      signal: controller.signal,
      done: () => {
        subscription?.dispose();
        this.active.delete(controller);
      },
    };
  }

  /**
   * Where a run's results go: the results folder, or for a run with another model than the
   * prompt's own its own folder (the prompt's results stay the prompt's; lens, tree and status
   * bar show the other model's apart).
   */
  private resultsDirFor(promptFile: string, otherModel: string | undefined): string {
    return otherModel
      ? modelResultsDir(otherModel)
      : readSettings(vscode.Uri.file(promptFile)).resultsFolder;
  }

  /**
   * The profile's model when it is not the prompt's own (as the CLI's `--model` judges it): a
   * "Run with another model…" that picks the prompt's own model is a run of the prompt.
   */
  private otherModelOf(promptFile: string, profile: RunProfileOptions): string | undefined {
    if (!profile.model) return undefined;
    const open = vscode.workspace.textDocuments.find(
      (d) => d.uri.scheme === 'file' && d.uri.fsPath === promptFile,
    );
    let text: string | undefined;
    try {
      text = open?.getText() ?? fs.readFileSync(promptFile, 'utf8');
    } catch {
      return profile.model;
    }
    const own = parsePromptDocument(text).frontmatter?.data?.model;
    return profile.model === own ? undefined : profile.model;
  }

  /**
   * The engine options the editor runs a prompt with: promptops.config.yaml (`eval:`), then the
   * editor's settings over it. Test runs and comparisons both start from these.
   */
  engineOptions(
    promptFile: string,
  ): Pick<EvalOptions, 'root' | 'registry' | 'version' | 'cache' | 'logger'> & ConfigEvalSettings {
    const settings = readSettings(vscode.Uri.file(promptFile));
    const root = this.rootOf(promptFile);
    const { config } = this.config(root);
    return {
      root,
      registry: this.registry(root),
      version: String(this.context.extension.packageJSON.version),
      cache: settings.evalCache,
      logger: this.logger,
      ...configEvalSettings(config),
      concurrency: settings.evalConcurrency,
      timeoutMs: settings.evalTimeoutMs,
      privacy: { secrets: settings.privacySecrets, pii: settings.privacyPii },
    };
  }

  async run(
    target: RunTarget,
    profile: RunProfileOptions,
    token: vscode.CancellationToken | undefined,
    onProgress?: (progress: EvalProgress) => void,
  ): Promise<{ artifact: RunArtifact; file: string; otherModel?: string }> {
    const { signal, done } = this.cancellable(token);
    const model = this.modelOf(target.promptFile, profile);
    const otherModel = this.otherModelOf(target.promptFile, profile);
    try {
      const options = this.engineOptions(target.promptFile);
      this.logEndpoints(target.promptFile, options, model);
      const result = await evalPrompt(target.promptFile, {
        ...options,
        cache: profile.cache && options.cache !== false,
        resultsDir: this.resultsDirFor(target.promptFile, otherModel),
        signal,
        // javascript checks are workspace code: only a trusted workspace runs them.
        allowCode: vscode.workspace.isTrusted,
        readFile: (file) =>
          vscode.workspace.textDocuments
            .find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file)
            ?.getText(),
        ...(model ? { model } : {}),
        ...(target.caseIds ? { caseIds: target.caseIds } : {}),
        ...(onProgress ? { onProgress } : {}),
        ...(profile.batch
          ? {
              batch: {
                ...profile.batch,
                pollMs: readSettings(vscode.Uri.file(target.promptFile)).evalBatchPollMs,
              },
            }
          : {}),
      });
      const summary = result.artifact.summary;
      this.logger.info(
        `${result.artifact.prompt.path} (${result.artifact.model.id}): ${summary.passed}/${summary.total} passed, $${summary.costUsd.toFixed(4)}${summary.cancelled ? ' (cancelled)' : ''}`,
      );
      this.finished.fire({
        ...result,
        promptFile: target.promptFile,
        ...(otherModel ? { otherModel } : {}),
      });
      return { ...result, ...(otherModel ? { otherModel } : {}) };
    } finally {
      done();
      // The CLI leaves a killed batch running for a re-run to resume; a cancel in the editor means stop.
      if (profile.batch && signal.aborted)
        await cancelStoredBatch(
          this.engineOptions(target.promptFile),
          target.promptFile,
          this.logger,
        );
    }
  }

  /** The Output channel names every endpoint a run talks to, before it sends anything. */
  private logEndpoints(
    promptFile: string,
    options: ReturnType<EvalService['engineOptions']>,
    model: string | undefined,
  ): void {
    for (const name of providersUsed([promptFile], { ...options, ...(model ? { model } : {}) }))
      try {
        this.logger.info(`Endpoint: ${describeEndpoint(options.registry.endpoint(name))}`);
      } catch {
        // an unknown provider: the run reports it
      }
  }

  dispose(): void {
    this.cancelAll();
    this.finished.dispose();
  }
}
