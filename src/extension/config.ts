import * as vscode from 'vscode';
import type { Severity } from '../core/types';

/** The extension's settings, read in one place with their types and defaults. */
export interface Settings {
  lintEnabled: boolean;
  lintRules: Record<string, Severity | 'off'>;
  lintDebounceMs: number;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

export function readSettings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration('promptops', scope);
  const rules = config.get<Record<string, unknown>>('lint.rules', {});
  const lintRules: Record<string, Severity | 'off'> = {};
  for (const [code, value] of Object.entries(rules ?? {})) {
    if (typeof value === 'string' && SEVERITIES.has(value)) lintRules[code] = value as Severity | 'off';
  }
  return {
    lintEnabled: config.get<boolean>('lint.enabled', true),
    lintRules,
    lintDebounceMs: Math.max(0, config.get<number>('lint.debounceMs', 300)),
  };
}
