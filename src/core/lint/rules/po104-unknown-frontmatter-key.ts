import * as YAML from 'yaml';
import { nodeRange } from '../../language/document';
import { FRONTMATTER_KEYS, PROMPTOPS_KEYS } from '../../language/frontmatter-keys';
import { Severity } from '../../types';
import { didYouMean } from '../similar';
import type { Finding, PromptRule } from '../types';

const KNOWN = Object.keys(FRONTMATTER_KEYS).filter((k) => k !== 'raw' && k !== 'ext');
const KNOWN_OURS = Object.keys(PROMPTOPS_KEYS);

const rule: PromptRule = {
  code: 'PO104',
  name: 'unknown-frontmatter-key',
  category: 'schema',
  defaultSeverity: Severity.Warning,
  summary: 'A top-level frontmatter key is not a Dotprompt field.',
  description:
    'Dotprompt ignores keys it does not know, so a misspelt `modle:` or `configs:` silently has no effect. Your own fields belong under a dotted namespace (`myteam.owner: …`), which Dotprompt keeps in `ext`. `raw` and `ext` are filled in by the parser and should not be written.',
  example: { bad: 'modle: openai/gpt-4o-mini', good: 'model: openai/gpt-4o-mini' },
  target: 'prompt',
  check({ analysis }) {
    const { document } = analysis;
    const contents = document.frontmatter?.yaml.contents;
    if (!YAML.isMap(contents)) return [];
    const findings: Finding[] = [];
    for (const pair of contents.items) {
      if (!YAML.isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const range = nodeRange(document, pair.key);
      if (!range) continue;
      if (key === 'raw' || key === 'ext') {
        findings.push({
          range,
          message: `'${key}' is filled in by the Dotprompt parser; use a dotted key such as 'myteam.${key === 'ext' ? 'owner' : 'notes'}' instead.`,
        });
        continue;
      }
      const ours = key.startsWith('promptops.');
      if (KNOWN.includes(key) || (key.includes('.') && !ours) || KNOWN_OURS.includes(key)) continue;
      const suggestion = didYouMean(key, ours ? KNOWN_OURS : KNOWN);
      const finding: Finding = {
        range,
        message: `Unknown frontmatter key '${key}'${suggestion ? `; did you mean '${suggestion}'?` : ours ? `; PromptOps knows ${KNOWN_OURS.join(', ')}.` : '. Put your own fields under a dotted namespace (myteam.' + key + ').'}`,
      };
      if (suggestion)
        finding.fixes = [
          {
            title: `Rename to '${suggestion}'`,
            edits: [{ range, newText: suggestion }],
            preferred: true,
          },
        ];
      findings.push(finding);
    }
    return findings;
  },
};
export default rule;
