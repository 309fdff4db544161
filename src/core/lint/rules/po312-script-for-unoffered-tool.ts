import * as YAML from 'yaml';
import { Severity } from '../../types';
import { caseOffset } from '../fixture-context';
import { didYouMean } from '../similar';
import { offeredToolNames } from '../tool-context';
import type { Finding, FixtureRule } from '../types';

const rule: FixtureRule = {
  code: 'PO312',
  name: 'script-for-unoffered-tool',
  category: 'fixtures',
  defaultSeverity: Severity.Warning,
  summary: 'A case scripts a result for a tool the prompt does not offer in its `tools:`.',
  description:
    "A case's `tools:` says what each tool returns when the model calls it. The model can only call the tools the prompt offers, so a script for any other tool is never used: usually a misspelt name, or a tool removed from the prompt.",
  example: {
    bad: '# the prompt has tools: [getWeather]\ntools:\n  getWether: { returns: { tempC: 21 } }',
    good: '# the prompt has tools: [getWeather]\ntools:\n  getWeather: { returns: { tempC: 21 } }',
  },
  target: 'fixtures',
  check(context) {
    if (!context.prompt) return [];
    const offered = offeredToolNames(context.prompt.analysis).map((t) => t.name);
    const findings: Finding[] = [];
    for (const entry of context.cases) {
      // The node only for a case that scripts a tool not offered: reading it may parse the case.
      if (!entry.toolNames?.some((name) => !offered.includes(name))) continue;
      const tools = entry.node.get('tools', true);
      if (!YAML.isMap(tools)) continue;
      for (const pair of tools.items) {
        if (!YAML.isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        if (offered.includes(name)) continue;
        const suggestion = didYouMean(name, offered);
        findings.push({
          range: context.rangeOf(pair.key, caseOffset(entry)) ?? entry.anchor,
          message: offered.length
            ? `Case '${entry.id ?? `#${entry.index + 1}`}' scripts tool '${name}', which the prompt does not offer (it offers ${offered.join(', ')})${suggestion ? `; did you mean '${suggestion}'?` : '.'}`
            : `Case '${entry.id ?? `#${entry.index + 1}`}' scripts tool '${name}', but the prompt offers no tools (add tools: [${name}] to its frontmatter).`,
        });
      }
    }
    return findings;
  },
};
export default rule;
