import type { ArtifactHead, CaseResult, RunArtifact } from './artifact';

/** Text for XML attributes and content (JUnit): escaped, without the control characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // XML 1.0 cannot carry these, even escaped: controls but tab, newline and return, lone
      // surrogates, U+FFFE and U+FFFF.
      .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
  );
}

/** What a report (JUnit, the CLI's list of failures) needs of a case: its outcome, not its data. */
export interface CaseOutcome {
  id: string;
  repeat: number;
  status: CaseResult['status'];
  latencyMs: number | null;
  /** The assertions that failed. */
  failed: { type: string; reason: string }[];
  /** The answer, for failed cases. */
  output?: string;
  error?: string;
}

export function caseOutcome(c: CaseResult): CaseOutcome {
  const outcome: CaseOutcome = {
    id: c.id,
    repeat: c.repeat,
    status: c.status,
    latencyMs: c.latencyMs,
    failed: c.assertions.filter((a) => !a.pass).map((a) => ({ type: a.type, reason: a.reason })),
  };
  if (c.status === 'fail' && c.output) outcome.output = c.output.text;
  if (c.error !== undefined) outcome.error = c.error;
  return outcome;
}

/** JUnit XML: one suite per prompt, one test case per fixture case (and repeat). */
export function toJUnit(runs: { artifact: ArtifactHead; cases: readonly CaseOutcome[] }[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const sum = (pick: (s: RunArtifact['summary']) => number) =>
    runs.reduce((n, r) => n + pick(r.artifact.summary), 0);
  lines.push(
    `<testsuites name="promptops" tests="${sum((s) => s.total)}" failures="${sum((s) => s.failed)}" errors="${sum((s) => s.errors)}" time="${(sum((s) => s.durationMs) / 1000).toFixed(3)}">`,
  );
  for (const { artifact, cases } of runs) {
    const s = artifact.summary;
    lines.push(
      `  <testsuite name="${escapeXml(artifact.prompt.path)}" tests="${s.total}" failures="${s.failed}" errors="${s.errors}" time="${(s.durationMs / 1000).toFixed(3)}" timestamp="${escapeXml(artifact.createdAt)}">`,
    );
    lines.push(
      `    <properties><property name="model" value="${escapeXml(artifact.model.id)}"/><property name="mode" value="${artifact.mode}"/></properties>`,
    );
    for (const c of cases) {
      const name = c.repeat > 0 ? `${c.id} #${c.repeat + 1}` : c.id;
      const time = ((c.latencyMs ?? 0) / 1000).toFixed(3);
      lines.push(
        `    <testcase classname="${escapeXml(artifact.prompt.name)}" name="${escapeXml(name)}" time="${time}">`,
      );
      if (c.status === 'fail') {
        lines.push(
          `      <failure message="${escapeXml(c.failed.map((a) => `${a.type}: ${a.reason}`).join('; '))}" type="assertion">${escapeXml(c.output ?? '')}</failure>`,
        );
      } else if (c.status === 'error') {
        lines.push(`      <error message="${escapeXml(c.error ?? 'error')}" type="error"/>`);
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
