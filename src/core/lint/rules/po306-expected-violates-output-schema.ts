import type { JsonSchema } from '../../language/schema';
import { Severity } from '../../types';
import { caseOffset } from '../fixture-context';
import { compileSchema, describeAjvError } from '../../schema/compile';
import type { Finding, FixtureRule } from '../types';

/** The subschema at a simple JSONPath (`$.a.b`, `$.items[0].name`, `$.items[*]`), or why there is none. */
export function subschemaAt(schema: JsonSchema, path: string): JsonSchema | string {
  const segments = path.replace(/^\$\.?/, '').match(/[^.[\]]+|\[(?:\d+|\*)\]/g) ?? [];
  let current: JsonSchema = schema;
  for (const segment of segments) {
    if (segment.startsWith('[')) {
      const items = current.items;
      if (!items || typeof items !== 'object')
        return `'${path}' indexes into something the output schema does not declare as an array`;
      current = items as JsonSchema;
      continue;
    }
    const properties = current.properties as Record<string, JsonSchema> | undefined;
    const next = properties?.[segment];
    if (!next) {
      if (
        current.additionalProperties === false ||
        (properties && current.additionalProperties === undefined)
      )
        return `'${segment}' is not a field of the output schema`;
      return {};
    }
    current = next;
  }
  return current;
}

const rule: FixtureRule = {
  code: 'PO306',
  name: 'expected-violates-output-schema',
  category: 'fixtures',
  defaultSeverity: Severity.Error,
  summary: "An assertion expects a JSON value the prompt's output schema does not allow.",
  description:
    "An `equals` assertion with a JSON value, or a `json-path` assertion's `value`, is checked against the prompt's `output.schema`: expecting `category: invoices` when the schema's enum has `billing` means the case can never pass, or the schema is out of date.",
  example: {
    bad: '- type: json-path\n  path: $.category\n  value: invoices   # enum: billing, bug, …',
    good: '- type: json-path\n  path: $.category\n  value: billing',
  },
  target: 'fixtures',
  check(context) {
    const schema = context.prompt?.output.jsonSchema;
    if (!schema) return [];
    const findings: Finding[] = [];
    for (const entry of context.cases) {
      for (const assertion of entry.assertions) {
        // `assertion.node` only to place a finding: reading it may parse the case.
        const { value } = assertion;
        let target: JsonSchema | string | undefined;
        if (value.type === 'equals' && value.value !== null && typeof value.value === 'object')
          target = schema;
        else if (value.type === 'json-path' && typeof value.path === 'string' && 'value' in value)
          target = subschemaAt(schema, value.path);
        if (target === undefined) continue;
        // Placed only when there is something to say: reading a node may parse the case.
        const valueRange = () =>
          context.rangeOf(
            assertion.node.get(typeof target === 'string' ? 'path' : 'value', true) as never,
            caseOffset(entry),
          ) ?? entry.anchor;
        if (typeof target === 'string') {
          findings.push({ range: valueRange(), message: `${target}.` });
          continue;
        }
        const validate = compileSchema(target);
        if (validate instanceof Error || validate(value.value)) continue;
        const first = validate.errors?.[0];
        findings.push({
          range: valueRange(),
          message: `Expected value violates the output schema: ${first ? describeAjvError(first) : 'invalid'}.`,
        });
      }
    }
    return findings;
  },
};
export default rule;
