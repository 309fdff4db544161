import * as path from 'node:path';
import { listManifests } from '../../core/batch/manifest';
import type { BatchState } from '../../core/providers/batch-client';
import { parseModel, type ProviderRegistry } from '../../core/providers/registry';
import { UsageError } from '../errors';

/** One line of batch progress, from the provider's request_counts. */
export function batchLine(prompt: string, state: BatchState): string {
  const { total, completed, failed } = state.requestCounts;
  const ids = state.parts ? `es ${state.parts.map((p) => p.id).join(', ')}` : ` ${state.id}`;
  return `${prompt}: batch${ids} ${state.status} ${completed + failed}/${total}${failed ? ` (${failed} failed)` : ''}`;
}

/**
 * --batch-status and --batch-cancel: the batches stored under each project's .promptops/batches/
 * for the given prompts, as the provider reports them (and cancelled, for --batch-cancel).
 */
export async function batchCommand(
  action: 'status' | 'cancel',
  prompts: string[],
  projectOf: (file: string) => { root: string; registry: ProviderRegistry },
  out: (text: string) => void,
): Promise<number> {
  const wanted = new Map(prompts.map((file) => [file, projectOf(file)]));
  const roots = new Map([...wanted.values()].map((p) => [p.root, p.registry]));
  let found = 0;
  for (const [root, registry] of roots) {
    for (const { manifest } of listManifests(root)) {
      if (!wanted.has(path.join(root, manifest.prompt))) continue;
      found++;
      const provider = await registry.provider(parseModel(manifest.model).provider);
      if (!provider.batches) throw new UsageError(`provider '${provider.name}' has no Batch API`);
      const client = provider.batches();
      for (const part of manifest.parts) {
        const state =
          action === 'cancel'
            ? await client.cancel(part.batchId)
            : await client.retrieve(part.batchId);
        out(batchLine(manifest.prompt, state));
      }
    }
  }
  if (!found) out('no stored batches for these prompts (.promptops/batches/)');
  return 0;
}
