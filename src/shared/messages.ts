// Messages between the compare webview and the extension. No vscode, no DOM: both sides import it.
import type { Comparison } from '../core/compare/compare';
import type { ShadowSummary } from '../core/shadow/shadow';

/** What a shadow report adds to its comparison: where the inputs came from, and the divergence. */
export interface ShadowView {
  inputs: string;
  summary: ShadowSummary;
}

export type ToWebview = { type: 'comparison'; comparison: Comparison; shadow?: ShadowView };

export type FromWebview = { type: 'ready' } | { type: 'openDiff'; caseId: string };

export type { Comparison, ShadowSummary };
