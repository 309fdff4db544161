import { toJSONSchema, type $ZodType } from 'zod/v4/core';
import { ASSERTION_TYPES } from './assertions/names';
import { WorkspaceConfigSchema } from './config';
import { RunArtifactSchema } from './eval/artifact';
import { RegistrySchema } from './registry/registry';
import { ShadowReportSchema } from './shadow/shadow';
import { FixtureFileSchema } from './eval/fixtures';

type JsonObject = Record<string, unknown>;

const ASSERTION_TYPE = {
  type: 'string',
  description: 'What to check. Any type can be negated with a `not-` prefix or `not: true`.',
  anyOf: [{ enum: [...ASSERTION_TYPES] }, { pattern: '^not-[a-z-]+$' }],
};

/** Gives fixture assertions' `type` the list of known types, so YAML editors complete them. */
function withAssertionTypes(schema: JsonObject): JsonObject {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const object = node as JsonObject;
    const properties = object.properties as JsonObject | undefined;
    if (properties?.assert && typeof properties.assert === 'object') {
      const items = (properties.assert as JsonObject).items as JsonObject | undefined;
      const itemProperties = items?.properties as JsonObject | undefined;
      if (itemProperties?.type) itemProperties.type = ASSERTION_TYPE;
    }
    for (const value of Object.values(object)) visit(value);
  };
  visit(schema);
  return schema;
}

/**
 * The JSON Schemas of PromptOps' public file formats, generated from the zod schemas that
 * validate them: `schemas/*.schema.json` ship in the package and are contributed to YAML editors.
 */
export function contractSchemas(): Record<string, JsonObject> {
  const generate = (schema: $ZodType, title: string, io: 'input' | 'output') => ({
    title,
    ...(toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' }) as JsonObject),
  });
  return {
    'fixtures.schema.json': withAssertionTypes(
      generate(FixtureFileSchema, 'PromptOps fixture file (<name>.fixtures.yaml)', 'input'),
    ),
    'results.schema.json': generate(
      RunArtifactSchema,
      'PromptOps result artifact (.promptops/results/<prompt>.json)',
      'output',
    ),
    'config.schema.json': generate(
      WorkspaceConfigSchema,
      'PromptOps workspace configuration (promptops.config.yaml)',
      'input',
    ),
    'registry.schema.json': generate(
      RegistrySchema,
      'PromptOps prompt registry (promptops.registry.yaml)',
      'input',
    ),
    'shadow.schema.json': generate(
      ShadowReportSchema,
      'PromptOps shadow report (.promptops/shadow/<prompt>.json)',
      'output',
    ),
  };
}
