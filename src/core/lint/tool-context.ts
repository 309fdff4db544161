import * as YAML from 'yaml';
import { fixturePathFor } from '../eval/fixtures';
import type { PromptAnalysis } from '../language/analysis';
import { toolDefinitionFor, toolSpecOf } from '../tools/definitions';

/** A tool a prompt offers (`tools: [name]`), with what is known of its definition. */
export interface OfferedTool {
  name: string;
  /** Its index in the frontmatter's `tools:` list, for a range. */
  index: number;
  /** Where it is defined; absent when it is defined nowhere. */
  source?: 'config' | 'fixture';
  /** Why the definition cannot be used, when it cannot. */
  problem?: string;
}

/** The names in a prompt's `tools:` list, with their indices. */
export function offeredToolNames(analysis: PromptAnalysis): { name: string; index: number }[] {
  const tools = analysis.document.frontmatter?.data?.tools;
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((name, index) =>
    typeof name === 'string' && name.trim() ? [{ name, index }] : [],
  );
}

/** The `tools:` definitions of a fixture file, read leniently (a broken file defines none). */
export function fixtureToolDefinitions(text: string | undefined): Record<string, unknown> {
  if (!text || !/^tools\s*:/m.test(text)) return {};
  try {
    const value: unknown = YAML.parse(text);
    const tools =
      value && typeof value === 'object' ? (value as { tools?: unknown }).tools : undefined;
    return tools && typeof tools === 'object' && !Array.isArray(tools)
      ? (tools as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * The prompt's offered tools, each resolved as an eval resolves it: the fixture file's definition
 * over the config's. `configTools` null means the workspace defines none.
 */
export async function offeredTools(
  analysis: PromptAnalysis,
  file: string | undefined,
  configTools: Record<string, unknown> | null | undefined,
  read: (file: string) => string | undefined,
): Promise<OfferedTool[]> {
  const names = offeredToolNames(analysis);
  if (names.length === 0) return [];
  const fixtureFile = file
    ? fixturePathFor(file, analysis.document.frontmatter?.data ?? undefined)
    : undefined;
  const fixtureTools = fixtureToolDefinitions(fixtureFile ? read(fixtureFile) : undefined);
  const offered: OfferedTool[] = [];
  for (const { name, index } of names) {
    const found = toolDefinitionFor(name, configTools ?? undefined, fixtureTools);
    const tool: OfferedTool = { name, index };
    if (found) {
      tool.source = found.source;
      const outcome = await toolSpecOf(name, found.definition);
      if ('problem' in outcome) tool.problem = outcome.problem;
    }
    offered.push(tool);
  }
  return offered;
}
