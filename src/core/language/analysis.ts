import { parsePromptDocument, type ParseOptions, type PromptDocument } from './document';
import { inputSchemaModel, type SchemaModel } from './schema';
import { analyzeTemplate, type TemplateFacts } from './template';

/** Everything the language features need about one version of one prompt file. */
export interface PromptAnalysis {
  document: PromptDocument;
  template: TemplateFacts;
  input: SchemaModel;
}

export async function analyzePrompt(
  text: string,
  options: ParseOptions = {},
): Promise<PromptAnalysis> {
  const document = parsePromptDocument(text, options);
  const template = analyzeTemplate(document);
  const input = await inputSchemaModel(document);
  return { document, template, input };
}

export function isPartialFile(fileName: string): boolean {
  return /(^|[\\/])_[^\\/]+\.prompt$/.test(fileName);
}
