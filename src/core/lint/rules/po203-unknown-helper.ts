import { HELPERS, helperInfo } from '../../language/helpers';
import { Severity } from '../../types';
import { didYouMean } from '../similar';
import type { Finding, PromptRule } from '../types';

const NAMES = HELPERS.map((h) => h.name);

const rule: PromptRule = {
  code: 'PO203',
  name: 'unknown-helper',
  category: 'template',
  defaultSeverity: Severity.Warning,
  summary:
    'The template calls a helper that is neither built in nor registered by the application.',
  description:
    "Dotprompt compiles templates with `knownHelpersOnly`: a helper must be one of Handlebars' built-ins (`if`, `unless`, `each`, `with`, `lookup`, `log`), Dotprompt's own (`role`, `history`, `media`, `section`, `json`, `ifEquals`, `unlessEquals`), or one the application registers (`ai.defineHelper('name', …)` in JS/TS, `define_helper` in Python, `genkit.DefineHelper` in Go). PromptOps finds registrations by scanning the workspace's source files, and reads `lint.helpers` in `promptops.config.yaml`. A helper found nowhere is a warning that says where it looked: it is probably misspelt, or registered in code the scan did not see. A registered helper cannot run outside the app, so evals of such a prompt fail per case.",
  example: {
    bad: '{{#ifEqual tier "pro"}}…{{/ifEqual}}',
    good: '{{#ifEquals tier "pro"}}…{{/ifEquals}}',
  },
  target: 'prompt',
  check({ analysis, genkit }) {
    const findings: Finding[] = [];
    const registered = [...(genkit?.helpers.keys() ?? [])];
    for (const helper of analysis.template.helpers) {
      if (helperInfo(helper.name) || genkit?.helpers.has(helper.name)) continue;
      const suggestion = didYouMean(helper.name, [...NAMES, ...registered]);
      const looked = genkit
        ? `not built in, not in lint.helpers, and no defineHelper('${helper.name}') in ${genkit.searched}`
        : 'not a built-in helper';
      const finding: Finding = {
        range: helper.range,
        message: `Unknown helper '${helper.name}': ${looked}${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
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
