import { FixtureError, fixturePathFor, loadFixtures } from '../eval/fixtures';
import type { PromptDocument } from './document';
import * as path from 'node:path';

export interface SampleInput {
  input: Record<string, unknown>;
  /** Where the input came from, in words: shown at the top of a preview. */
  source: string;
  /** A problem reading fixtures, when there was one (the sample falls back to defaults). */
  warning?: string;
}

/** Sample input for a preview: the first fixture case, else `input.default`, else nothing. */
export function sampleInputFor(promptPath: string, document: PromptDocument): SampleInput {
  let warning: string | undefined;
  const fixtureFile = fixturePathFor(promptPath, document.frontmatter?.data);
  if (fixtureFile) {
    try {
      const fixtures = loadFixtures(fixtureFile);
      const first = fixtures.cases.find((c) => !c.skip) ?? fixtures.cases[0];
      if (first)
        return {
          input: first.input,
          source: `fixture case "${first.id}" (${path.basename(fixtureFile)})`,
        };
    } catch (error) {
      warning =
        error instanceof FixtureError
          ? `${path.basename(fixtureFile)}: ${error.message}`
          : String(error);
    }
  }
  const inputSection = document.frontmatter?.data?.input;
  const defaults =
    inputSection && typeof inputSection === 'object'
      ? (inputSection as { default?: unknown }).default
      : undefined;
  const result: SampleInput =
    defaults && typeof defaults === 'object' && !Array.isArray(defaults)
      ? { input: defaults as Record<string, unknown>, source: 'input.default' }
      : { input: {}, source: 'no input (no fixtures and no input.default)' };
  if (warning) result.warning = warning;
  return result;
}
