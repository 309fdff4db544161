import type * as YAML from 'yaml';

/** Aliases allowed when converting YAML to values; a "billion laughs" file hits this limit. */
const MAX_ALIAS_COUNT = 100;

/**
 * Converts a parsed YAML document, or one of its nodes, to plain values without throwing:
 * `toJS` throws on an unresolved alias (`*a` with no `&a`) or on alias expansion beyond the
 * limit, even when the document parsed without errors.
 */
export function yamlValue(
  doc: YAML.Document,
  node?: YAML.Node,
): { value: unknown } | { error: string } {
  try {
    const value: unknown = node
      ? node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT })
      : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    return { value };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
