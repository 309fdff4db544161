import { parsePromptDocument } from '../../language/document';
import { analyzeTemplate } from '../../language/template';
import { Severity } from '../../types';
import { removeInputEdit } from '../edits';
import type { Finding, PromptRule } from '../types';

const rule: PromptRule = {
  code: 'PO202',
  name: 'unused-input',
  category: 'template',
  defaultSeverity: Severity.Warning,
  summary: 'An input declared in the schema is never used by the template.',
  description:
    'An input that the template never reads is either dead (callers compute and send it for nothing) or a sign that the template lost a reference during an edit. Uses inside partials count. Quick fix: remove it from `input.schema`.',
  example: {
    bad: 'input:\n  schema:\n    name: string\n    locale: string\n---\nHello {{name}}',
    good: 'input:\n  schema:\n    name: string\n---\nHello {{name}}',
  },
  target: 'prompt',
  check({ analysis, partial }) {
    const { input, template } = analysis;
    if (input.fields.length === 0 || !analysis.document.ast) return [];
    const used = new Set<string>();
    const heads = new Set<string>();
    let usesWholeInput = false;
    const collect = (refs: typeof template.variables) => {
      for (const ref of refs) {
        if (ref.data) continue;
        if (ref.resolved?.length === 0) usesWholeInput = true; // {{json this}} at the top
        if (ref.resolved?.[0]) used.add(ref.resolved[0]);
        // Unresolvable references (inside unknown contexts) may still name an input.
        if (!ref.resolved)
          heads.add(ref.original.replace(/^(\.\.\/)+|^this\./, '').split('.')[0] ?? '');
      }
    };
    collect(template.variables);
    const seen = new Set<string>();
    const visit = (names: string[]) => {
      for (const name of names) {
        if (seen.has(name)) continue;
        seen.add(name);
        const text = partial(name);
        if (text === undefined) continue;
        const facts = analyzeTemplate(parsePromptDocument(text));
        collect(facts.variables);
        visit(facts.partials.map((p) => p.name));
      }
    };
    visit(template.partials.map((p) => p.name));
    if (usesWholeInput) return [];
    const findings: Finding[] = [];
    for (const field of input.fields) {
      if (used.has(field.name) || heads.has(field.name) || !field.keyRange) continue;
      const edit = removeInputEdit(analysis, field.name);
      findings.push({
        range: field.keyRange,
        message: `Input '${field.name}' is declared but the template never uses it.`,
        fixes: edit ? [{ title: `Remove '${field.name}' from input.schema`, edits: [edit] }] : [],
      });
    }
    return findings;
  },
};
export default rule;
