import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AssertionHandler } from './types';
import { expectStringList } from './util';

/** Dotted element paths (`analysis.sentiment`) that must exist: the value, or its requiredElements. */
function requiredElements(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'object' && !Array.isArray(value)) {
    const required = (value as { requiredElements?: unknown }).requiredElements;
    return required === undefined ? [] : expectStringList(required, 'is-xml requiredElements');
  }
  return expectStringList(value, 'is-xml');
}

function hasPath(root: unknown, dotted: string): boolean {
  let node: unknown = root;
  for (const key of dotted.split('.')) {
    if (Array.isArray(node)) node = node[0];
    if (!node || typeof node !== 'object' || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/** The whole output is well-formed XML (fast-xml-parser's validator), with the required elements when given. */
export const isXml: AssertionHandler = (spec, context) => {
  const required = requiredElements(spec.value);
  const text = context.output.trim();
  if (!text.startsWith('<')) return { pass: false, reason: 'output is not XML: no opening tag' };
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    return {
      pass: false,
      reason: `output is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`,
    };
  if (required.length === 0) return { pass: true, reason: 'output is well-formed XML' };
  const parsed: unknown = new XMLParser({ ignoreAttributes: false }).parse(text);
  const missing = required.filter((p) => !hasPath(parsed, p));
  return missing.length
    ? { pass: false, reason: `XML lacks ${missing.join(', ')}`, expected: required }
    : { pass: true, reason: `well-formed XML with ${required.join(', ')}`, expected: required };
};
