import type { RunArtifact } from './artifact';

/** Text for XML attributes and content (JUnit): escaped, without the control characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // XML 1.0 cannot carry these control characters, even escaped.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

/** JUnit XML: one suite per prompt, one test case per fixture case (and repeat). */
export function toJUnit(artifacts: RunArtifact[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = artifacts.flatMap((a) => a.cases);
  const failures = all.filter((c) => c.status === 'fail').length;
  const errors = all.filter((c) => c.status === 'error').length;
  const seconds = artifacts.reduce((sum, a) => sum + a.summary.durationMs, 0) / 1000;
  lines.push(`<testsuites name="promptops" tests="${all.length}" failures="${failures}" errors="${errors}" time="${seconds.toFixed(3)}">`);
  for (const artifact of artifacts) {
    const s = artifact.summary;
    lines.push(`  <testsuite name="${escapeXml(artifact.prompt.path)}" tests="${s.total}" failures="${s.failed}" errors="${s.errors}" time="${(s.durationMs / 1000).toFixed(3)}" timestamp="${escapeXml(artifact.createdAt)}">`);
    lines.push(`    <properties><property name="model" value="${escapeXml(artifact.model.id)}"/><property name="mode" value="${artifact.mode}"/></properties>`);
    for (const c of artifact.cases) {
      const name = c.repeat > 0 ? `${c.id} #${c.repeat + 1}` : c.id;
      const time = ((c.latencyMs ?? 0) / 1000).toFixed(3);
      lines.push(`    <testcase classname="${escapeXml(artifact.prompt.name)}" name="${escapeXml(name)}" time="${time}">`);
      if (c.status === 'fail') {
        const failed = c.assertions.filter((a) => !a.pass);
        lines.push(`      <failure message="${escapeXml(failed.map((a) => `${a.type}: ${a.reason}`).join('; '))}" type="assertion">${escapeXml(c.output?.text ?? '')}</failure>`);
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
