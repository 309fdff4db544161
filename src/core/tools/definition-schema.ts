import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

/**
 * A tool as promptops.config.yaml or a fixture file defines it under `tools:`: a description and
 * an input schema written as Dotprompt writes input schemas (Picoschema or JSON Schema). The
 * schema itself is read by definitions.ts (kept apart so the config reader stays light).
 */
export const ToolDefinitionSchema = z.looseObject({
  description: z.optional(z.string()),
  input: z.optional(z.looseObject({ schema: z.optional(z.unknown()) })),
});
export type ToolDefinition = z.infer<typeof ToolDefinitionSchema>;

/** `tools:` of the config or a fixture file: name → definition. */
export const ToolDefinitionsSchema = z.record(z.string(), ToolDefinitionSchema);
