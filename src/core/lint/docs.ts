import type { Rule } from './types';

const CATEGORY_TITLES: Record<Rule['category'], string> = {
  syntax: 'Syntax',
  schema: 'Frontmatter and schemas',
  template: 'Template',
  fixtures: 'Fixtures',
  privacy: 'Privacy and secrets',
};

/** docs/rules/<code>.md, generated from the rule's own metadata so the two never drift. */
export function ruleDocPage(rule: Rule): string {
  const lines = [
    `# ${rule.code} ${rule.name}`,
    '',
    `${rule.summary}`,
    '',
    `- Category: ${CATEGORY_TITLES[rule.category]}`,
    `- Default severity: ${rule.defaultSeverity}`,
    `- Applies to: ${rule.target === 'prompt' ? '`.prompt` files' : rule.target === 'fixtures' ? 'fixture files' : '`.prompt` and fixture files'}`,
    '',
    '## Why',
    '',
    rule.description,
  ];
  if (rule.example) {
    lines.push('', '## Example', '', 'Reported:', '', '```yaml', rule.example.bad, '```');
    if (rule.example.good) lines.push('', 'Fine:', '', '```yaml', rule.example.good, '```');
  }
  lines.push(
    '',
    '## Configure',
    '',
    'Change the severity or turn the rule off in `promptops.config.yaml`:',
    '',
    '```yaml',
    'lint:',
    '  rules:',
    `    ${rule.code}: off   # or error, warning, info, hint`,
    '```',
    '',
    'or in the VS Code setting `promptops.lint.rules`. Suppress one line with',
    rule.target === 'fixtures'
      ? `\`# promptops-disable-next-line ${rule.code}\` on the line above.`
      : `\`{{! promptops-disable-next-line ${rule.code} }}\` in a template or \`# promptops-disable-next-line ${rule.code}\` in YAML, on the line above.`,
    '',
  );
  return lines.join('\n');
}

export function ruleIndexPage(rules: readonly Rule[]): string {
  const lines = [
    '# Lint rules',
    '',
    'Every rule, its default severity and what it reports. `promptops lint` and the Problems panel use the same rules.',
    '',
  ];
  for (const category of Object.keys(CATEGORY_TITLES) as Rule['category'][]) {
    const inCategory = rules.filter((r) => r.category === category);
    if (inCategory.length === 0) continue;
    lines.push(
      `## ${CATEGORY_TITLES[category]}`,
      '',
      '| code | name | default | what it reports |',
      '| --- | --- | --- | --- |',
    );
    for (const rule of inCategory)
      lines.push(
        `| [${rule.code}](${rule.code}.md) | ${rule.name} | ${rule.defaultSeverity} | ${rule.summary.replace(/\|/g, '\\|')} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}
