import * as fs from 'node:fs';
import { parsePromptDocument } from '../language/document';
import { parseModel } from '../providers/registry';

/**
 * The providers a run of these prompts would call (their models, or the override, and the grader
 * and embedding models), so endpoints can be checked and shown before any request is sent.
 * Prompts without a readable model are left to the run, which reports them.
 */
export function providersUsed(
  promptFiles: readonly string[],
  models: { model?: string; graderModel?: string; embeddingModel?: string },
): string[] {
  const ids = new Set<string>();
  for (const file of promptFiles) {
    if (models.model) break;
    try {
      const model = parsePromptDocument(fs.readFileSync(file, 'utf8')).frontmatter?.data?.model;
      if (typeof model === 'string') ids.add(model);
    } catch {
      // unreadable: the run reports it
    }
  }
  for (const id of [models.model, models.graderModel, models.embeddingModel]) if (id) ids.add(id);
  const providers = new Set<string>();
  for (const id of ids) {
    try {
      providers.add(parseModel(id).provider);
    } catch {
      // a malformed model id: the run reports it
    }
  }
  return [...providers];
}
