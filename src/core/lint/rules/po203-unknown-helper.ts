import { HELPERS, helperInfo } from '../../language/helpers';
import { Severity } from '../../types';
import { didYouMean } from '../similar';
import type { Finding, PromptRule } from '../types';

const NAMES = HELPERS.map((h) => h.name);

const rule: PromptRule = {
  code: 'PO203',
  name: 'unknown-helper',
  category: 'template',
  defaultSeverity: Severity.Error,
  summary: 'The template calls a helper Dotprompt does not have.',
  description:
    "Dotprompt compiles templates with `knownHelpersOnly`, so a call to any helper other than Handlebars' built-ins (`if`, `unless`, `each`, `with`, `lookup`, `log`) and Dotprompt's own (`role`, `history`, `media`, `section`, `json`, `ifEquals`, `unlessEquals`) fails at render time.",
  example: {
    bad: '{{#ifEqual tier "pro"}}…{{/ifEqual}}',
    good: '{{#ifEquals tier "pro"}}…{{/ifEquals}}',
  },
  target: 'prompt',
  check({ analysis }) {
    const findings: Finding[] = [];
    for (const helper of analysis.template.helpers) {
      if (helperInfo(helper.name)) continue;
      const suggestion = didYouMean(helper.name, NAMES);
      const finding: Finding = {
        range: helper.range,
        message: `Unknown helper '${helper.name}'${suggestion ? `; did you mean '${suggestion}'?` : '; Dotprompt only has the built-in helpers.'}`,
      };
      if (suggestion)
        finding.fixes = [
          {
            title: `Change to '${suggestion}'`,
            edits: [{ range: helper.range, newText: suggestion }],
            preferred: true,
          },
        ];
      findings.push(finding);
    }
    return findings;
  },
};
export default rule;
