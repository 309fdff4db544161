import * as YAML from 'yaml';
import { nodeRange, type PromptDocument } from '../language/document';
import type { Range } from '../types';

/** The key and value ranges of the frontmatter entry at `path`, as far as the path exists. */
export function frontmatterEntry(
  doc: PromptDocument,
  path: (string | number)[],
): { key?: Range; value?: Range } {
  const yaml = doc.frontmatter?.yaml;
  if (!yaml) return {};
  let node: unknown = yaml.contents;
  let result: { key?: Range; value?: Range } = {};
  for (const segment of path) {
    if (YAML.isMap(node)) {
      const pair = node.items.find(
        (p) => YAML.isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) break;
      const key = YAML.isNode(pair.key) ? nodeRange(doc, pair.key) : undefined;
      const value = YAML.isNode(pair.value) ? nodeRange(doc, pair.value) : undefined;
      result = {};
      if (key) result.key = key;
      if (value) result.value = value;
      node = pair.value;
    } else if (YAML.isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      const value = YAML.isNode(item) ? nodeRange(doc, item) : undefined;
      result = value ? { value } : {};
      node = item;
    } else {
      break;
    }
  }
  return result;
}

/** The best range for a problem at `path`: the value, else the key, else the frontmatter's first line. */
export function frontmatterRange(doc: PromptDocument, path: (string | number)[]): Range {
  const entry = frontmatterEntry(doc, path);
  return (
    entry.value ??
    entry.key ??
    doc.frontmatter?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }
  );
}
