// Messages between the compare webview and the extension. No vscode, no DOM: both sides import it.
import type { Comparison } from '../core/compare/compare';

export type ToWebview = { type: 'comparison'; comparison: Comparison };

export type FromWebview = { type: 'ready' } | { type: 'openDiff'; caseId: string };

export type { Comparison };
