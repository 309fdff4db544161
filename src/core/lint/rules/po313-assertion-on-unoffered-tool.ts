import * as YAML from 'yaml';
import { baseAssertionType } from '../../assertions/kinds';
import { Severity } from '../../types';
import { caseOffset } from '../fixture-context';
import { didYouMean } from '../similar';
import { offeredToolNames } from '../tool-context';
import type { Finding, FixtureRule } from '../types';

const TOOL_ASSERTIONS = new Set([
  'tool-called',
  'tool-not-called',
  'tool-sequence',
  'tool-args-valid',
]);

/**
 * The tool names an assertion's value names, each with the node it is written at (read only to
 * place a finding: reading a node may parse the case).
 */
function namedTools(
  type: string,
  node: () => YAML.YAMLMap,
  value: unknown,
): { name: string; node: () => YAML.Node | undefined }[] {
  const valueNode = () => node().get('value', true) as YAML.Node | undefined;
  if (typeof value === 'string') {
    if (type !== 'tool-sequence') return [{ name: value.trim(), node: valueNode }];
    return value.split(',').map((n) => ({ name: n.trim(), node: valueNode }));
  }
  if (Array.isArray(value) && type === 'tool-sequence')
    return value.flatMap((name, index) =>
      typeof name === 'string'
        ? [
            {
              name: name.trim(),
              node: () => {
                const list = valueNode();
                return YAML.isSeq(list)
                  ? ((list.get(index, true) as YAML.Node | undefined) ?? list)
                  : list;
              },
            },
          ]
        : [],
    );
  if (value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string')
    return [
      {
        name: (value as { name: string }).name.trim(),
        node: () => {
          const map = valueNode();
          return YAML.isMap(map) ? ((map.get('name', true) as YAML.Node | undefined) ?? map) : map;
        },
      },
    ];
  return [];
}

const rule: FixtureRule = {
  code: 'PO313',
  name: 'assertion-on-unoffered-tool',
  category: 'fixtures',
  defaultSeverity: Severity.Warning,
  summary:
    '`tool-called`, `tool-sequence` (or another tool assertion) names a tool the prompt does not offer.',
  description:
    "The model can only call the tools in the prompt's `tools:`. `tool-called` or `tool-sequence` naming any other tool can never pass, and `tool-not-called` naming one always passes: both are usually a misspelt tool name.",
  example: {
    bad: '# the prompt has tools: [getWeather]\n- type: tool-called\n  value: getWeather2',
    good: '# the prompt has tools: [getWeather]\n- type: tool-called\n  value: getWeather',
  },
  target: 'fixtures',
  check(context) {
    if (!context.prompt) return [];
    const offered = offeredToolNames(context.prompt.analysis).map((t) => t.name);
    const findings: Finding[] = [];
    for (const entry of context.cases)
      for (const assertion of entry.assertions) {
        // `assertion.node` only to place a finding: reading it may parse the case.
        const { value } = assertion;
        const type = typeof value.type === 'string' ? baseAssertionType(value.type) : undefined;
        if (!type || !TOOL_ASSERTIONS.has(type)) continue;
        for (const named of namedTools(type, () => assertion.node, value.value)) {
          if (!named.name || offered.includes(named.name)) continue;
          const suggestion = didYouMean(named.name, offered);
          findings.push({
            range:
              context.rangeOf(named.node() ?? assertion.node, caseOffset(entry)) ?? entry.anchor,
            message: offered.length
              ? `\`${String(value.type)}\` names tool '${named.name}', which the prompt does not offer (it offers ${offered.join(', ')})${suggestion ? `; did you mean '${suggestion}'?` : '.'}`
              : `\`${String(value.type)}\` names tool '${named.name}', but the prompt offers no tools.`,
          });
        }
      }
    return findings;
  },
};
export default rule;
