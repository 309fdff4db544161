import * as fs from 'node:fs';
import { parsePromptDocument } from '../language/document';
import { filePartialSource } from '../language/partials';
import { compilePrompt, formatMessages } from '../language/render';
import { costUsd } from '../providers/prices';
import { parseModel, type ProviderRegistry } from '../providers/registry';
import { fixturePathFor, loadFixtures } from './fixtures';

export type TokenCounter = (text: string) => number;

/** A rough count (4 characters a token) for when the tokenizer is not at hand. */
export const approximateTokens: TokenCounter = (text) => Math.ceil(text.length / 4);

export interface RunEstimate {
  requests: number;
  inputTokens: number;
  /** Upper bound: maxOutputTokens (or 512 when the prompt sets none) per request. */
  maxOutputTokens: number;
  /** Upper bound in USD, undefined when the model has no price. */
  costUsd?: number;
  model: string;
}

const DEFAULT_OUTPUT_TOKENS = 512;

/** What a run would cost at most, before any request is sent (cached answers make it cheaper). */
export async function estimateRun(promptFile: string, options: { registry: ProviderRegistry; countTokens: TokenCounter; model?: string; repeat?: number; caseIds?: string[]; root?: string }): Promise<RunEstimate | undefined> {
  const source = fs.readFileSync(promptFile, 'utf8');
  const document = parsePromptDocument(source);
  const frontmatter = document.frontmatter?.data ?? {};
  const fixturesFile = fixturePathFor(promptFile, frontmatter);
  const modelId = options.model ?? (typeof frontmatter.model === 'string' ? frontmatter.model : undefined);
  if (!fixturesFile || !modelId) return undefined;
  const { provider, model } = parseModel(modelId);
  const fixtures = loadFixtures(fixturesFile);
  const config = (frontmatter.config ?? {}) as { maxOutputTokens?: unknown };
  const perRequestOutput = typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : DEFAULT_OUTPUT_TOKENS;
  const render = compilePrompt(source, filePartialSource(promptFile, options.root), document);
  let requests = 0;
  let inputTokens = 0;
  for (const fixture of fixtures.cases) {
    if (fixture.skip || (options.caseIds && !options.caseIds.includes(fixture.id))) continue;
    const rendered = await render({ input: fixture.input });
    if (!rendered.ok) continue;
    const repeats = options.repeat ?? fixture.repeat ?? 1;
    // A few tokens a message of chat framing, as the providers count it.
    const tokens = options.countTokens(formatMessages(rendered.prompt.messages)) + 4 * rendered.prompt.messages.length;
    requests += repeats;
    inputTokens += tokens * repeats;
  }
  const maxOutputTokens = perRequestOutput * requests;
  const estimate: RunEstimate = { requests, inputTokens, maxOutputTokens, model: modelId };
  const cost = costUsd(options.registry.price(provider, model), inputTokens, maxOutputTokens);
  if (cost !== undefined) estimate.costUsd = cost;
  return estimate;
}
