import { ROLES } from '../../language/helpers';
import { Severity } from '../../types';
import { didYouMean } from '../similar';
import type { Finding, PromptRule } from '../types';

/** Names other APIs use for Dotprompt's roles. */
const ALIASES: Record<string, string> = {
  assistant: 'model',
  ai: 'model',
  bot: 'model',
  human: 'user',
  developer: 'system',
};

const rule: PromptRule = {
  code: 'PO205',
  name: 'invalid-role',
  category: 'template',
  defaultSeverity: Severity.Error,
  summary: '`{{role}}` names a role Dotprompt does not have.',
  description:
    "Dotprompt messages have the roles `system`, `user`, `model` and `tool`. Other names (OpenAI's `assistant`, for instance) are not translated and break the request.",
  example: { bad: '{{role "assistant"}}', good: '{{role "model"}}' },
  target: 'prompt',
  check({ analysis }) {
    const findings: Finding[] = [];
    for (const marker of analysis.template.markers) {
      if (marker.kind !== 'role' || (ROLES as readonly string[]).includes(marker.name)) continue;
      const suggestion = ALIASES[marker.name.toLowerCase()] ?? didYouMean(marker.name, ROLES);
      const finding: Finding = {
        range: marker.range,
        message: marker.name
          ? `'${marker.name}' is not a Dotprompt role (${ROLES.join(', ')})${suggestion ? `; use '${suggestion}'` : ''}.`
          : `{{role}} needs a role name in quotes: ${ROLES.map((r) => `"${r}"`).join(', ')}.`,
      };
      if (suggestion)
        finding.fixes = [
          {
            title: `Change to "${suggestion}"`,
            edits: [{ range: marker.range, newText: `{{role "${suggestion}"}}` }],
            preferred: true,
          },
        ];
      findings.push(finding);
    }
    return findings;
  },
};
export default rule;
