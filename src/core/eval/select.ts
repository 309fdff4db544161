import { latestArtifact, type RunArtifact } from './artifact';
import type { FixtureCase } from './fixtures';

/** Which cases a run takes, besides --case ids and shards: by tag, and the ones that did not pass last time. */
export interface CaseFilter {
  /** Keep cases with any of these tags (repeatable --tag). */
  tags?: string[];
  /** Drop cases with any of these tags (repeatable --exclude-tag). */
  excludeTags?: string[];
  /** Keep only the cases that failed or errored in the prompt's last results (--failed). */
  failed?: boolean;
}

export function hasCaseFilter(filter: CaseFilter): boolean {
  return Boolean(filter.tags?.length || filter.excludeTags?.length || filter.failed);
}

/** Ids of the cases that did not pass in an artifact (any repeat). */
export function failedCaseIds(artifact: Pick<RunArtifact, 'cases'>): Set<string> {
  return new Set(artifact.cases.filter((c) => c.status !== 'pass').map((c) => c.id));
}

/**
 * The ids a filter selects among a fixture file's cases (skipped cases are left to the engine),
 * or a one-line reason why it selects none. The ids go to the engine as `caseIds`, the one way a
 * subset run is asked for, so a subset updates those cases in the prompt's artifact.
 */
export function selectCaseIds(
  cases: readonly FixtureCase[],
  filter: CaseFilter,
  last?: Pick<RunArtifact, 'cases'>,
): { ids: string[] } | { none: string } {
  let chosen = cases;
  if (filter.tags?.length) {
    const wanted = filter.tags;
    chosen = chosen.filter((c) => c.tags?.some((t) => wanted.includes(t)));
    if (!chosen.length) return { none: `no case tagged ${wanted.join(' or ')}` };
  }
  if (filter.excludeTags?.length) {
    const unwanted = filter.excludeTags;
    chosen = chosen.filter((c) => !c.tags?.some((t) => unwanted.includes(t)));
    if (!chosen.length) return { none: `every case is tagged ${unwanted.join(' or ')}` };
  }
  if (filter.failed) {
    if (!last) return { none: 'no earlier results to take failed cases from' };
    const failed = failedCaseIds(last);
    chosen = chosen.filter((c) => failed.has(c.id));
    if (!chosen.length) return { none: 'no case failed or errored in the last results' };
  }
  return { ids: chosen.map((c) => c.id) };
}

/** selectCaseIds over a prompt's last results on disk. */
export function selectPromptCases(
  promptFile: string,
  cases: readonly FixtureCase[],
  filter: CaseFilter,
  options: { root: string; resultsDir?: string },
): { ids: string[] } | { none: string } {
  const last = filter.failed
    ? latestArtifact(options.root, promptFile, options.resultsDir)
    : undefined;
  return selectCaseIds(cases, filter, last);
}
