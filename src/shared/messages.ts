// Messages between the compare webview and the extension. No vscode, no DOM: both sides import it.
import type { Comparison } from '../core/compare/compare';
import type { ShadowSummary } from '../core/shadow/shadow';
import type { TrendsSeries } from '../core/gate/trends';

/** What a shadow report adds to its comparison: where the inputs came from, and the divergence. */
export interface ShadowView {
  inputs: string;
  summary: ShadowSummary;
}

export type ToWebview = { type: 'comparison'; comparison: Comparison; shadow?: ShadowView };

export type FromWebview = { type: 'ready' } | { type: 'openDiff'; caseId: string };

export type { Comparison, ShadowSummary };

/** The trends view: the extension sends the series; the webview draws them (Chart.js, bundled). */
export type ToTrends = { type: 'trends'; series: TrendsSeries[] };

export type FromTrends = { type: 'ready' };

export type { TrendsSeries, TrendsMove } from '../core/gate/trends';
