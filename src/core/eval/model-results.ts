import * as fs from 'node:fs';
import * as path from 'node:path';
import { latestArtifact, type RunArtifact } from './artifact';
import { STATE_DIR } from '../project';

/**
 * Runs "with another model" (the editor's profile) keep their results apart from the prompt's
 * own: `.promptops/models/<provider_model>/<prompt>.json`, outside the results folder, so the
 * gate, the lens's own figures and the report's own column never take them for the prompt's.
 */
export const MODEL_RESULTS_DIR = path.join(STATE_DIR, 'models');

/** A folder name for a model id: `openai/gpt-4o` → `openai_gpt-4o`. */
export function modelFolder(model: string): string {
  return model.replace(/[^\w.-]+/g, '_');
}

/** The results folder (relative to the project root) of runs with `model`. */
export function modelResultsDir(model: string): string {
  return path.join(MODEL_RESULTS_DIR, modelFolder(model));
}

/**
 * Where a run's results go: the folder asked for, else for a run with another model than the
 * prompt's own (`--model`, "Run with another model…") that model's folder, else the results
 * folder (undefined). The prompt's own results, which the gate checks, stay the prompt's.
 */
export function runResultsDir(
  resultsDir: string | undefined,
  modelOverride: string | undefined,
  ownModel: unknown,
): string | undefined {
  if (resultsDir !== undefined) return resultsDir;
  return modelOverride && modelOverride !== ownModel ? modelResultsDir(modelOverride) : undefined;
}

/** The latest result of each other model a prompt was run with, newest first. */
export function otherModelResults(root: string, promptFile: string): RunArtifact[] {
  let folders: string[];
  try {
    folders = fs.readdirSync(path.join(root, MODEL_RESULTS_DIR));
  } catch {
    return [];
  }
  return folders
    .map((folder) => latestArtifact(root, promptFile, path.join(MODEL_RESULTS_DIR, folder)))
    .filter((artifact): artifact is RunArtifact => artifact !== undefined)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
