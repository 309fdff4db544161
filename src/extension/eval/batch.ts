import * as path from 'node:path';
import {
  manifestPathFor,
  readManifest,
  removeManifest,
  writeManifest,
  type BatchPart,
} from '../../core/batch/manifest';
import type { BatchState } from '../../core/providers/batch-client';
import { parseModel, type ProviderRegistry } from '../../core/providers/registry';
import type { Logger } from '../../core/types';

/** One line of a batch's progress for the notification, from the provider's request_counts. */
export function batchProgressLine(batchId: string, state: BatchState): string {
  const { total, completed, failed } = state.requestCounts;
  const ids = state.parts ? state.parts.map((p) => p.id).join(', ') : batchId;
  return `${ids} ${state.status} · ${completed + failed}/${total} answered${failed ? ` (${failed} failed)` : ''}`;
}

/**
 * Cancels the batch a cancelled Run as Batch left at the provider (stored under
 * .promptops/batches/), so it stops costing; its manifest goes, so the next run starts afresh.
 */
export async function cancelStoredBatch(
  options: { root: string; registry: ProviderRegistry },
  promptFile: string,
  logger: Logger,
): Promise<void> {
  const relative = path.relative(options.root, promptFile).split(path.sep).join('/');
  const file = manifestPathFor(options.root, relative);
  const manifest = readManifest(file);
  if (!manifest) return;
  const left: BatchPart[] = [];
  for (const part of manifest.parts) {
    try {
      const provider = await options.registry.provider(parseModel(manifest.model).provider);
      const state = await provider.batches?.().cancel(part.batchId);
      if (state)
        logger.info(`${relative}: batch ${state.id} ${state.status} (cancelled in the editor)`);
    } catch (error) {
      left.push(part);
      logger.error(
        `${relative}: could not cancel batch ${part.batchId}: ${error instanceof Error ? error.message : String(error)}; \`promptops eval --batch-cancel\` stops it`,
      );
    }
  }
  // What could not be cancelled stays stored, for --batch-cancel; the rest is forgotten.
  if (left.length) writeManifest(file, { ...manifest, parts: left });
  else removeManifest(file);
}
