import * as z from 'zod/mini';
import { en } from 'zod/locales';

z.config(en());

/** Dotprompt's frontmatter fields and their types (dotted keys are extension fields). */
export const FrontmatterSchema = z.looseObject({
  name: z.optional(z.string()),
  variant: z.optional(z.string()),
  version: z.optional(z.union([z.string(), z.number()])),
  description: z.optional(z.string()),
  model: z.optional(z.string()),
  config: z.optional(z.record(z.string(), z.unknown())),
  input: z.optional(
    z.looseObject({
      schema: z.optional(z.unknown()),
      default: z.optional(z.record(z.string(), z.unknown())),
    }),
  ),
  output: z.optional(
    z.looseObject({
      /** Genkit's formats and any the application registers: PO112 checks the name. */
      format: z.optional(z.string()),
      schema: z.optional(z.unknown()),
    }),
  ),
  tools: z.optional(z.array(z.string())),
  toolDefs: z.optional(
    z.array(
      z.looseObject({
        name: z.string(),
        description: z.optional(z.string()),
        inputSchema: z.unknown(),
      }),
    ),
  ),
  toolChoice: z.optional(z.string()),
  maxTurns: z.optional(z.int().check(z.positive())),
  returnToolRequests: z.optional(z.boolean()),
  metadata: z.optional(z.record(z.string(), z.unknown())),
  'promptops.fixtures': z.optional(z.string()),
});
