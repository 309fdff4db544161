import { picoschema } from 'dotprompt';
import { isJsonSchemaShape, type JsonSchema } from '../language/schema';
import { compileSchema } from '../schema/compile';
import { ToolDefinitionSchema } from './definition-schema';
import type { ToolSpec } from './types';

/** OpenAI's rule for function names. */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Where a tool's definition comes from: a fixture file's `tools:` overrides the config's. */
export function toolDefinitionFor(
  name: string,
  configTools: Record<string, unknown> | undefined,
  fixtureTools: Record<string, unknown> | undefined,
): { definition: unknown; source: 'fixture' | 'config' } | undefined {
  if (fixtureTools && Object.hasOwn(fixtureTools, name))
    return { definition: fixtureTools[name], source: 'fixture' };
  if (configTools && Object.hasOwn(configTools, name))
    return { definition: configTools[name], source: 'config' };
  return undefined;
}

/**
 * One definition as a ToolSpec, or why it cannot be one: a wrong shape, a schema Picoschema
 * cannot read, a schema that does not compile, or one that does not describe an object (OpenAI's
 * function parameters are an object).
 */
export async function toolSpecOf(
  name: string,
  definition: unknown,
): Promise<{ spec: ToolSpec } | { problem: string }> {
  if (!TOOL_NAME.test(name))
    return {
      problem: `tool '${name}': a tool name is 1–64 letters, digits, underscores and dashes`,
    };
  const shape = ToolDefinitionSchema.safeParse(definition ?? {});
  if (!shape.success) {
    const issue = shape.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return {
      problem: `tool '${name}': ${where}${issue?.message ?? 'not a tool definition'} (a tool is { description, input: { schema } })`,
    };
  }
  const raw = shape.data.input?.schema;
  let inputSchema: JsonSchema;
  try {
    inputSchema = await inputSchemaOf(raw);
  } catch (error) {
    return {
      problem: `tool '${name}': input schema: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (inputSchema.type !== undefined && inputSchema.type !== 'object')
    return {
      problem: `tool '${name}': input schema must describe an object (its arguments), not ${JSON.stringify(inputSchema.type)}`,
    };
  const compiled = compileSchema(inputSchema);
  if (compiled instanceof Error)
    return { problem: `tool '${name}': input schema does not compile: ${compiled.message}` };
  const spec: ToolSpec = { name, inputSchema };
  if (shape.data.description) spec.description = shape.data.description;
  return { spec };
}

/** Picoschema or JSON Schema → JSON Schema; no schema is an object that takes any arguments. */
async function inputSchemaOf(raw: unknown): Promise<JsonSchema> {
  if (raw === undefined || raw === null) return { type: 'object', properties: {} };
  if (isJsonSchemaShape(raw)) return structuredClone(raw) as JsonSchema;
  // Named schemas (Genkit's defineSchema) live in application code, out of an eval's reach.
  const converted = (await picoschema(structuredClone(raw), {
    schemaResolver: (schemaName) => {
      throw new Error(
        `'${schemaName}' is not a Picoschema type (string, number, integer, boolean, null, any), and a named schema cannot be resolved here: write the schema out`,
      );
    },
  })) as JsonSchema | null;
  return converted ?? { type: 'object', properties: {} };
}

/**
 * The tools a prompt offers (`tools: [names]`), from promptops.config.yaml `tools:` overridden by
 * the fixture file's `tools:`. A name without a definition, or a definition that is not usable, is
 * a problem and left out of `tools`.
 */
export async function resolveTools(
  names: string[],
  configTools: Record<string, unknown> | undefined,
  fixtureTools: Record<string, unknown> | undefined,
): Promise<{ tools: ToolSpec[]; problems: string[] }> {
  const tools: ToolSpec[] = [];
  const problems: string[] = [];
  for (const name of new Set(names)) {
    const found = toolDefinitionFor(name, configTools, fixtureTools);
    if (!found) {
      problems.push(
        `tool '${name}' has no definition: define it under tools: in promptops.config.yaml or in the fixture file`,
      );
      continue;
    }
    const outcome = await toolSpecOf(name, found.definition);
    if ('spec' in outcome) tools.push(outcome.spec);
    else problems.push(outcome.problem);
  }
  return { tools, problems };
}
