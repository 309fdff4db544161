import * as vscode from 'vscode';
import type { Severity } from '../core/types';

/** The extension's settings, read in one place with their types and defaults. */
export interface Settings {
  lintEnabled: boolean;
  lintRules: Record<string, Severity | 'off'>;
  lintDebounceMs: number;
  /** `provider/model` for every run instead of each prompt's own; empty for the prompt's. */
  evalModel: string;
  evalConcurrency: number;
  evalCache: boolean;
  evalTimeoutMs: number;
  /** How often a Run as Batch asks the provider for the batch's progress. */
  evalBatchPollMs: number;
  resultsFolder: string;
  privacySecrets: PrivacyAction;
  privacyPii: PrivacyAction;
  /** A run whose preflight estimate is above this asks first (USD; 0 asks always, negative never). */
  confirmCostAboveUsd: number;
  /** OTLP/JSON production traces for the Trends view, relative to the workspace folder; empty for none. */
  tracesFile: string;
}

type PrivacyAction = 'block' | 'redact' | 'warn' | 'off';
const ACTIONS = new Set(['block', 'redact', 'warn', 'off']);
const action = (value: unknown, fallback: PrivacyAction): PrivacyAction =>
  typeof value === 'string' && ACTIONS.has(value) ? (value as PrivacyAction) : fallback;

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

export function readSettings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration('promptops', scope);
  const rules = config.get<Record<string, unknown>>('lint.rules', {});
  const lintRules: Record<string, Severity | 'off'> = {};
  for (const [code, value] of Object.entries(rules ?? {})) {
    if (typeof value === 'string' && SEVERITIES.has(value))
      lintRules[code] = value as Severity | 'off';
  }
  return {
    lintEnabled: config.get<boolean>('lint.enabled', true),
    lintRules,
    lintDebounceMs: Math.max(0, config.get<number>('lint.debounceMs', 300)),
    evalModel: config.get<string>('eval.model', '').trim(),
    evalConcurrency: Math.max(1, Math.floor(config.get<number>('eval.concurrency', 8))),
    evalCache: config.get<boolean>('eval.cache', true),
    evalTimeoutMs: Math.max(1000, config.get<number>('eval.timeoutMs', 60_000)),
    evalBatchPollMs: Math.max(50, config.get<number>('eval.batchPollMs', 30_000)),
    resultsFolder:
      config.get<string>('eval.resultsFolder', '.promptops/results') || '.promptops/results',
    privacySecrets: action(config.get('eval.privacy.secrets'), 'block'),
    privacyPii: action(config.get('eval.privacy.pii'), 'warn'),
    confirmCostAboveUsd: config.get<number>('eval.confirmCostAboveUsd', 0.5),
    tracesFile: config.get<string>('telemetry.tracesFile', '').trim(),
  };
}
