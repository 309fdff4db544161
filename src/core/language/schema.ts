import { picoschema } from 'dotprompt';
import * as YAML from 'yaml';
import type { Range } from '../types';
import { frontmatterNode, nodeRange, type PromptDocument } from './document';

export type JsonSchema = Record<string, unknown>;

/** One declared input (or output) field, as the editor shows it. */
export interface SchemaField {
  name: string;
  /** Display type: `string`, `number[]`, `object`, `enum: a | b`, `any`. */
  type: string;
  description?: string;
  required: boolean;
  isArray: boolean;
  /** Properties of the object, or of the array's items. */
  children: SchemaField[];
  /** True when the object (or item) accepts properties beyond `children`. */
  open: boolean;
  /** Where the field's key is written in the frontmatter. */
  keyRange?: Range;
}

export interface SchemaModel {
  format: 'none' | 'picoschema' | 'json-schema';
  jsonSchema: JsonSchema | null;
  fields: SchemaField[];
  /** True when the root accepts properties it does not list (see isOpen). */
  open: boolean;
  /** Why the schema could not be understood, when it could not. */
  error?: string;
  /** Named schema references (Picoschema `Type`) that nothing here resolves. */
  unresolvedNames: string[];
}

const NO_SCHEMA: SchemaModel = {
  format: 'none',
  jsonSchema: null,
  fields: [],
  open: true,
  unresolvedNames: [],
};

/** The input schema (`input.schema`) as a field tree with key locations. */
export function inputSchemaModel(doc: PromptDocument): Promise<SchemaModel> {
  return schemaModel(doc, ['input', 'schema']);
}

export function outputSchemaModel(doc: PromptDocument): Promise<SchemaModel> {
  return schemaModel(doc, ['output', 'schema']);
}

export function isJsonSchemaShape(raw: unknown): boolean {
  if (!raw || typeof raw !== 'object') return false;
  const type = (raw as { type?: unknown }).type;
  if (
    typeof type === 'string' &&
    ['any', 'boolean', 'integer', 'null', 'number', 'string', 'object', 'array'].includes(type)
  )
    return true;
  return typeof (raw as { properties?: unknown }).properties === 'object';
}

async function schemaModel(doc: PromptDocument, path: string[]): Promise<SchemaModel> {
  const data = doc.frontmatter?.data;
  const section = data?.[path[0] ?? ''];
  const raw =
    section && typeof section === 'object'
      ? (section as Record<string, unknown>)[path[1] ?? '']
      : undefined;
  if (raw === undefined || raw === null) return NO_SCHEMA;
  const format = isJsonSchemaShape(raw) ? 'json-schema' : 'picoschema';
  const unresolvedNames: string[] = [];
  let jsonSchema: JsonSchema | null;
  try {
    // Named schemas (Genkit's defineSchema) live in application code; treat them as `any` here.
    jsonSchema = (await picoschema(structuredClone(raw), {
      schemaResolver: (name) => {
        unresolvedNames.push(name);
        return { description: `named schema ${name}` };
      },
    })) as JsonSchema | null;
  } catch (error) {
    return { ...NO_SCHEMA, format, error: error instanceof Error ? error.message : String(error) };
  }
  if (!jsonSchema) return { ...NO_SCHEMA, format };
  const node = frontmatterNode(doc, path);
  const fields = fieldsOf(jsonSchema, (name) => keyRangeFor(doc, node, name, format), doc, format);
  return { format, jsonSchema, fields, open: isOpen(jsonSchema), unresolvedNames };
}

/**
 * Whether an object accepts properties it does not list: it lists none, or says so explicitly
 * (`additionalProperties: true` or a schema; Picoschema's `(*)`). A JSON Schema that lists
 * properties and leaves `additionalProperties` unset is treated as meaning "these", which is
 * what prompt authors intend and what lets the linter catch misspelt variables.
 */
function isOpen(schema: JsonSchema): boolean {
  const extra = schema.additionalProperties;
  if (extra === true || (typeof extra === 'object' && extra !== null)) return true;
  const properties = schema.properties;
  return (
    extra === undefined &&
    (properties === undefined ||
      (typeof properties === 'object' &&
        properties !== null &&
        Object.keys(properties).length === 0))
  );
}

function typesOf(schema: JsonSchema): { types: string[]; nullable: boolean } {
  const raw = schema.type;
  const list = Array.isArray(raw)
    ? raw.filter((t): t is string => typeof t === 'string')
    : typeof raw === 'string'
      ? [raw]
      : [];
  return { types: list.filter((t) => t !== 'null'), nullable: list.includes('null') };
}

function displayType(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) {
    return `enum: ${schema.enum
      .filter((v) => v !== null)
      .map((v) => JSON.stringify(v))
      .join(' | ')}`;
  }
  const { types } = typesOf(schema);
  if (types.includes('array')) {
    const items =
      schema.items && typeof schema.items === 'object' ? (schema.items as JsonSchema) : {};
    const inner = displayType(items);
    return inner.includes(' ') ? `(${inner})[]` : `${inner}[]`;
  }
  if (types.length === 0) return schema.properties ? 'object' : 'any';
  return types.join(' | ');
}

type KeyLocator = (name: string) => { range?: Range; value?: YAML.Node };

function fieldsOf(
  schema: JsonSchema,
  locate: KeyLocator,
  doc: PromptDocument,
  format: SchemaModel['format'],
): SchemaField[] {
  const properties =
    schema.properties && typeof schema.properties === 'object'
      ? (schema.properties as Record<string, JsonSchema>)
      : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return Object.entries(properties).map(([name, prop]) => {
    const located = locate(name);
    const isArray = typesOf(prop).types.includes('array');
    const shape =
      isArray && prop.items && typeof prop.items === 'object' ? (prop.items as JsonSchema) : prop;
    const childLocator = childLocatorFor(doc, located.value, format, isArray);
    const field: SchemaField = {
      name,
      type: displayType(prop),
      required: required.includes(name),
      isArray,
      children: fieldsOf(shape, childLocator, doc, format),
      // Scalars accept no properties; objects per isOpen; `any` (no type) accepts everything.
      open:
        typesOf(shape).types.length === 0 || typesOf(shape).types.includes('object')
          ? isOpen(shape)
          : false,
    };
    const description = typeof prop.description === 'string' ? prop.description : undefined;
    if (description) field.description = description;
    if (located.range) field.keyRange = located.range;
    return field;
  });
}

function childLocatorFor(
  doc: PromptDocument,
  value: YAML.Node | undefined,
  format: SchemaModel['format'],
  isArray: boolean,
): KeyLocator {
  if (!value) return () => ({});
  if (format === 'json-schema') {
    const container = isArray && YAML.isMap(value) ? value.get('items', true) : value;
    return (name) => keyRangeFor(doc, YAML.isNode(container) ? container : undefined, name, format);
  }
  return (name) => keyRangeFor(doc, value, name, format);
}

/** Finds the key of property `name` in a schema map node (Picoschema keys carry `?` and `(…)`). */
function keyRangeFor(
  doc: PromptDocument,
  node: YAML.Node | undefined,
  name: string,
  format: SchemaModel['format'],
): { range?: Range; value?: YAML.Node } {
  let map = node;
  if (format === 'json-schema' && YAML.isMap(node)) {
    const properties = node.get('properties', true);
    map = YAML.isNode(properties) ? properties : undefined;
  }
  if (!YAML.isMap(map)) return {};
  for (const pair of map.items) {
    const key = pair.key;
    if (!YAML.isScalar(key)) continue;
    const written = String(key.value);
    const propertyName = format === 'picoschema' ? picoschemaPropertyName(written) : written;
    if (propertyName === name) {
      const range = nodeRange(doc, key);
      const result: { range?: Range; value?: YAML.Node } = {};
      if (range) result.range = range;
      if (YAML.isNode(pair.value)) result.value = pair.value;
      return result;
    }
  }
  return {};
}

/** `name?(array, docs)` → `name`. */
export function picoschemaPropertyName(key: string): string {
  const base = key.split('(')[0] ?? key;
  return base.endsWith('?') ? base.slice(0, -1) : base;
}

/** Walks a field tree by names; array fields are entered transparently (their items' fields). */
export function findField(fields: SchemaField[], path: string[]): SchemaField | undefined {
  let current: SchemaField | undefined;
  let scope = fields;
  for (const name of path) {
    if (current?.isArray && isIndex(name)) continue; // `docs.0.title`, `docs.[1]`
    current = scope.find((f) => f.name === name);
    if (!current) return undefined;
    scope = current.children;
  }
  return current;
}

/** An array index as Handlebars paths write it: `0` or `[0]`. */
export function isIndex(segment: string): boolean {
  return /^\[?\d+\]?$/.test(segment);
}
