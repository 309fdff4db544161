import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RESULTS_DIR, writeArtifact, type RunArtifact } from '../../core/eval/artifact';
import { artifactsIn, mergeArtifacts, MergeError } from '../../core/gate/merge';
import { projectRootFor } from '../../core/project';
import { EXIT, UsageError } from '../errors';

export const MERGE_HELP = `Usage: promptops merge <results folders…> [--out <folder>]

Combines the result artifacts of a sharded run (each CI job's .promptops/results, from
promptops eval --shard i/n) into what one unsharded run would have written, so that
promptops check works on the merged results. Output: --out, default the project's
.promptops/results (the nearest folder up with promptops.config.yaml or .promptops/).`;

export async function mergeCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out(MERGE_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0)
    throw new UsageError('merge needs the results folders of the shards');
  const root = projectRootFor('.', process.cwd());
  const target = values.out ? path.resolve(values.out) : path.join(root, DEFAULT_RESULTS_DIR);
  const byPrompt = new Map<string, RunArtifact[]>();
  try {
    for (const folder of positionals)
      for (const [relative, artifact] of artifactsIn(folder))
        byPrompt.set(relative, [...(byPrompt.get(relative) ?? []), artifact]);
    for (const [relative, shards] of byPrompt) {
      const merged = mergeArtifacts(shards, root);
      writeArtifact(path.join(target, relative), merged);
      out(
        `${merged.prompt.path}: ${shards.length} shard${shards.length === 1 ? '' : 's'}, ${merged.summary.passed}/${merged.summary.total} passed`,
      );
    }
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(error.message);
    if (error instanceof Error && /is not a PromptOps result artifact/.test(error.message))
      throw new UsageError(error.message);
    throw error;
  }
  return EXIT.ok;
}
