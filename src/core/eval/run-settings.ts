import { outputSchemaModel, type JsonSchema } from '../language/schema';
import type { PromptDocument } from '../language/document';

export interface RunSettings {
  modelId: string | undefined;
  config: Record<string, unknown>;
  output: { format: string | undefined; schema: JsonSchema | null };
}

/** The settings of a prompt that decide its requests: model, Dotprompt config and output (format and JSON Schema). */
export async function runSettingsOf(
  document: PromptDocument,
  modelOverride?: string,
): Promise<RunSettings> {
  const frontmatter = document.frontmatter?.data ?? {};
  const modelId =
    modelOverride ?? (typeof frontmatter.model === 'string' ? frontmatter.model : undefined);
  const config = (
    frontmatter.config && typeof frontmatter.config === 'object' ? frontmatter.config : {}
  ) as Record<string, unknown>;
  const outputSection =
    frontmatter.output && typeof frontmatter.output === 'object'
      ? (frontmatter.output as { format?: unknown })
      : {};
  const schema = (await outputSchemaModel(document)).jsonSchema;
  return {
    modelId,
    config,
    output: {
      format: typeof outputSection.format === 'string' ? outputSection.format : undefined,
      schema,
    },
  };
}
