import * as path from 'node:path';
import {
  describePreflightProblem,
  preflightProblems,
  type PreflightTarget,
} from '../../core/eval/preflight-problems';
import { escapeControl } from '../terminal';

const MAX_LISTED = 50;

/**
 * Before the preflight's cost line: the lint errors of the prompts and fixtures the run reads, and
 * the cases the privacy policy keeps from being sent, each with its file and line.
 */
export async function showKnownProblems(
  targets: PreflightTarget[],
  cwd: string,
  err: (text: string) => void,
): Promise<void> {
  const problems = await preflightProblems(targets);
  if (problems.length === 0) return;
  err(`Known problems before any request (${problems.length}):`);
  for (const problem of problems.slice(0, MAX_LISTED))
    err(
      escapeControl(
        `  ${path.relative(cwd, problem.file)}:${problem.line + 1}: ${describePreflightProblem(problem)}`,
      ),
    );
  if (problems.length > MAX_LISTED) err(`  … and ${problems.length - MAX_LISTED} more`);
  const notSent = [...new Set(problems.filter((p) => p.notSent).map((p) => p.caseId))];
  if (notSent.length)
    err(
      escapeControl(
        `Not sent: ${notSent.length} case${notSent.length === 1 ? '' : 's'} (${notSent.join(', ')}): the privacy policy blocks ${notSent.length === 1 ? 'its request' : 'their requests'}.`,
      ),
    );
}
