import type { PromptAnalysis } from '../../language/analysis';
import { isIndex, type SchemaField } from '../../language/schema';
import { Severity } from '../../types';
import { withArticle } from '../../text/article';
import { declareInputEdit } from '../edits';
import { didYouMean } from '../similar';
import type { Finding, Fix, PromptRule } from '../types';

/** Why `path` is not in the schema, or undefined when it is (or cannot be known). */
export function undeclaredReason(
  analysis: PromptAnalysis,
  path: string[],
): { at: number; siblings: string[]; scalar?: SchemaField } | undefined {
  let scope = analysis.input.fields;
  let open = analysis.input.open;
  let array = false;
  for (let i = 0; i < path.length; i++) {
    const name = path[i] as string;
    if (array && isIndex(name)) {
      array = false;
      continue;
    }
    const field = scope.find((f) => f.name === name);
    if (!field) return open ? undefined : { at: i, siblings: scope.map((f) => f.name) };
    if (i < path.length - 1 && field.children.length === 0) {
      if (field.open) return undefined; // `any`, `object` without properties, wildcard
      if (!field.type.startsWith('object')) return { at: i + 1, siblings: [], scalar: field };
    }
    scope = field.children;
    open = field.open;
    array = field.isArray;
  }
  return undefined;
}

const rule: PromptRule = {
  code: 'PO201',
  name: 'undeclared-variable',
  category: 'template',
  defaultSeverity: Severity.Error,
  summary: 'The template uses a variable the input schema does not declare.',
  description:
    'A variable that no input declares renders as an empty string: the model silently gets a prompt with a hole in it. Usually it is a typo (`{{custmer}}`) or an input someone forgot to declare. Quick fixes: rename to the closest declared name, or declare it in `input.schema`. Prompts without an `input.schema` are not checked.',
  example: {
    bad: 'input:\n  schema:\n    customer: string\n---\nHello {{custmer}}',
    good: 'input:\n  schema:\n    customer: string\n---\nHello {{customer}}',
  },
  target: 'prompt',
  check({ analysis }) {
    if (analysis.input.format === 'none' || analysis.input.error) return [];
    const findings: Finding[] = [];
    for (const ref of analysis.template.variables) {
      if (!ref.resolved || ref.data || ref.resolved.length === 0) continue;
      const reason = undeclaredReason(analysis, ref.resolved);
      if (!reason) continue;
      const fullPath = ref.resolved.join('.');
      if (reason.scalar) {
        findings.push({
          range: ref.range,
          message: `'${ref.resolved.slice(0, reason.at).join('.')}' is ${withArticle(reason.scalar.type)}; it has no property '${ref.resolved[reason.at]}'.`,
        });
        continue;
      }
      const missing = ref.resolved[reason.at] as string;
      const suggestion = didYouMean(missing, reason.siblings);
      const fixes: Fix[] = [];
      if (suggestion) {
        const written = ref.original;
        const index = written.lastIndexOf(missing);
        if (index >= 0) {
          const start = {
            line: ref.range.start.line,
            character: ref.range.start.character + index,
          };
          fixes.push({
            title: `Change to '${suggestion}'`,
            edits: [
              {
                range: {
                  start,
                  end: { line: start.line, character: start.character + missing.length },
                },
                newText: suggestion,
              },
            ],
            preferred: true,
          });
        }
      }
      if (reason.at === 0) {
        const edit = declareInputEdit(analysis, missing);
        if (edit) fixes.push({ title: `Declare '${missing}' in input.schema`, edits: [edit] });
      }
      findings.push({
        range: ref.range,
        message: `'${fullPath}' is not declared in the input schema${suggestion ? `; did you mean '${suggestion}'?` : '.'}`,
        fixes,
      });
    }
    return findings;
  },
};
export default rule;
