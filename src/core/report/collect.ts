import * as fs from 'node:fs';
import * as path from 'node:path';
import { readArtifact, savedRuns, type RunArtifact } from '../eval/artifact';
import { otherModelResults } from '../eval/model-results';
import { detectDrift, readHistory, type DriftSeries } from '../gate/drift';
import { STATE_DIR } from '../project';
import { readRegistry, type LabelMove } from '../registry/registry';

/** One prompt in the report: its own results, and the latest run of each other model compared. */
export interface ReportPrompt {
  path: string;
  /** The prompt's own results (.promptops/results), then one run per other model, newest. */
  runs: RunArtifact[];
  series: DriftSeries[];
  labels: LabelMove[];
}

export interface ReportData {
  createdAt: string;
  prompts: ReportPrompt[];
  /** Result files that could not be read, with the reason, so the page says what it left out. */
  skipped: { file: string; reason: string }[];
}

function resultFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * The latest run of each model other than the prompt's own, for the models columns: the runs
 * "with another model" (.promptops/models/), then the newest saved run of any other model.
 */
function otherModels(root: string, own: RunArtifact): RunArtifact[] {
  const byModel = new Map<string, RunArtifact>();
  for (const run of otherModelResults(root, path.join(root, own.prompt.path)))
    if (run.model.id !== own.model.id && !byModel.has(run.model.id)) byModel.set(run.model.id, run);
  for (const saved of savedRuns(root, own.prompt.path)) {
    try {
      const run = readArtifact(saved.file);
      if (run.model.id !== own.model.id && !byModel.has(run.model.id))
        byModel.set(run.model.id, run);
    } catch {
      // an unreadable saved run is only a missing column
    }
  }
  return [...byModel.values()];
}

/** Whether a prompt path (relative to the project) is selected by the user's paths. */
function selected(root: string, promptPath: string, filters: string[]): boolean {
  if (filters.length === 0) return true;
  const absolute = path.resolve(root, promptPath);
  return filters.some((f) => absolute === f || absolute.startsWith(f + path.sep));
}

/** Everything the report shows for one project: results, saved runs of other models, history, labels. */
export function collectReport(root: string, filters: string[] = [], now = new Date()): ReportData {
  const skipped: ReportData['skipped'] = [];
  const history = readHistory(path.join(root, STATE_DIR, 'history.jsonl'));
  const series = detectDrift(history);
  const registry = readRegistry(root);
  const prompts: ReportPrompt[] = [];
  for (const file of resultFiles(path.join(root, STATE_DIR, 'results'))) {
    let own: RunArtifact;
    try {
      own = readArtifact(file);
    } catch (error) {
      skipped.push({ file: path.relative(root, file), reason: (error as Error).message });
      continue;
    }
    if (!selected(root, own.prompt.path, filters)) continue;
    prompts.push({
      path: own.prompt.path,
      runs: [own, ...otherModels(root, own)],
      series: series.filter((s) => s.prompt === own.prompt.path),
      labels: registry.prompts[own.prompt.path]?.history ?? [],
    });
  }
  prompts.sort((a, b) => a.path.localeCompare(b.path));
  return { createdAt: now.toISOString(), prompts, skipped };
}
