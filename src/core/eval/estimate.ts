import * as fs from 'node:fs';
import { parsePromptDocument } from '../language/document';
import { filePartialSource } from '../language/partials';
import { compilePrompt, formatMessages } from '../language/render';
import { costUsd } from '../providers/prices';
import { parseModel, type ProviderRegistry } from '../providers/registry';
import { selectedCases } from './shard';
import { DEFAULT_MAX_TURNS } from './options';
import { fixtureHistory, fixturePathFor } from './fixtures';
import { readFixturesAsync } from './fixtures-async';

export type TokenCounter = (text: string) => number;

/** A rough count (4 characters a token) for when the tokenizer is not at hand. */
export const approximateTokens: TokenCounter = (text) => Math.ceil(text.length / 4);

/** The longest piece a tokenizer is given at once: byte-pair merging is quadratic in an unbroken run. */
export const TOKENIZER_PIECE = 2048;

/**
 * A counter that hands `count` pieces of at most `max` characters, cut after whitespace where a
 * piece has some: a 400 KB input without a space took 94 s in one piece. A cut inside a word
 * costs at most a token or so of accuracy, which an upper-bound estimate can spare.
 */
export function inPieces(count: TokenCounter, max = TOKENIZER_PIECE): TokenCounter {
  return (text) => {
    if (text.length <= max) return count(text);
    let total = 0;
    for (let start = 0; start < text.length; ) {
      let end = Math.min(text.length, start + max);
      if (end < text.length) {
        const space = text.slice(start, end).search(/\s\S*$/);
        if (space > 0) end = start + space + 1;
      }
      total += count(text.slice(start, end));
      start = end;
    }
    return total;
  };
}

export interface RunEstimate {
  requests: number;
  /** Input tokens of every request; counted only when the model has a price (nothing else needs it). */
  inputTokens?: number;
  /** Upper bound: maxOutputTokens (or 512 when the prompt sets none) per request. */
  maxOutputTokens: number;
  /** Upper bound in USD, undefined when the model has no price. */
  costUsd?: number;
  model: string;
}

const DEFAULT_OUTPUT_TOKENS = 512;
/** Above this many distinct requests, tokens are counted on an evenly spread sample and scaled by length. */
export const TOKEN_SAMPLE = 256;

/** What a run would cost at most, before any request is sent (cached answers make it cheaper). */
export async function estimateRun(
  promptFile: string,
  options: {
    registry: ProviderRegistry;
    countTokens: TokenCounter;
    model?: string;
    repeat?: number;
    caseIds?: string[];
    shard?: { index: number; count: number };
    root?: string;
  },
): Promise<RunEstimate | undefined> {
  const source = fs.readFileSync(promptFile, 'utf8');
  const document = parsePromptDocument(source);
  const frontmatter = document.frontmatter?.data ?? {};
  const fixturesFile = fixturePathFor(promptFile, frontmatter);
  const modelId =
    options.model ?? (typeof frontmatter.model === 'string' ? frontmatter.model : undefined);
  if (!fixturesFile || !modelId) return undefined;
  const { provider, model } = parseModel(modelId);
  const { fixtures } = await readFixturesAsync(fixturesFile);
  const config = (frontmatter.config ?? {}) as { maxOutputTokens?: unknown };
  const perRequestOutput =
    typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : DEFAULT_OUTPUT_TOKENS;
  const selected = selectedCases(fixtures.cases, options);
  // Each sample of a case, times the requests it makes at most (turns, tool loops).
  const steps = stepsOf(frontmatter);
  const repeatsOf = (fixture: (typeof selected)[number]) =>
    (options.repeat ?? fixture.repeat ?? 1) * steps(fixture);
  const requests = selected.reduce((sum, fixture) => sum + repeatsOf(fixture), 0);
  const maxOutputTokens = perRequestOutput * requests;
  const estimate: RunEstimate = { requests, maxOutputTokens, model: modelId };
  const price = options.registry.price(provider, model);
  // Without a price the cost is unknown whatever the count: skip rendering and the tokenizer.
  if (!price) return estimate;

  const render = compilePrompt(source, filePartialSource(promptFile, options.root), document);
  const step = selected.length > TOKEN_SAMPLE ? selected.length / TOKEN_SAMPLE : 1;
  let nextSample = 0;
  let sampleChars = 0;
  let sampleTokens = 0;
  let chars = 0;
  let framing = 0;
  for (let i = 0; i < selected.length; i++) {
    const fixture = selected[i]!;
    const rendered = await render({
      input: fixture.input,
      messages: fixtureHistory(fixture.messages),
    });
    if (!rendered.ok) continue;
    const text = formatMessages(rendered.prompt.messages);
    const repeats = repeatsOf(fixture);
    chars += text.length * repeats;
    // A few tokens a message of chat framing, as the providers count it.
    framing += 4 * rendered.prompt.messages.length * repeats;
    if (i >= nextSample) {
      nextSample += step;
      sampleChars += text.length * repeats;
      sampleTokens += options.countTokens(text) * repeats;
    }
  }
  const inputTokens = Math.ceil(sampleChars ? (chars * sampleTokens) / sampleChars : 0) + framing;
  estimate.inputTokens = inputTokens;
  const cost = costUsd(price, inputTokens, maxOutputTokens);
  if (cost !== undefined) estimate.costUsd = cost;
  return estimate;
}

/**
 * The most requests one sample of a case makes: one per scripted turn (or one), and, when the
 * prompt offers tools, up to maxTurns model calls for each (one with returnToolRequests).
 */
function stepsOf(frontmatter: Record<string, unknown>) {
  const offersTools = Array.isArray(frontmatter.tools) && frontmatter.tools.length > 0;
  const maxTurns =
    typeof frontmatter.maxTurns === 'number' && frontmatter.maxTurns > 0
      ? Math.floor(frontmatter.maxTurns)
      : DEFAULT_MAX_TURNS;
  const loop = offersTools && frontmatter.returnToolRequests !== true ? maxTurns : 1;
  return (fixture: { turns?: unknown[] | undefined }) =>
    Math.max(1, fixture.turns?.length ?? 0) * loop;
}

/** One prompt of a run to estimate, with the project it belongs to. */
export interface EstimateTarget {
  promptFile: string;
  root: string;
  registry: ProviderRegistry;
  caseIds?: string[];
  /** `provider/model` over the prompt's own. */
  model?: string;
}

/** The preflight of a whole run: requests, and the cost when every model has a price. */
export interface RunsEstimate {
  requests: number;
  /** Undefined when a model has no price. */
  costUsd?: number;
}

/**
 * The preflight estimate of several prompts, summed: what the CLI prints and what the editor asks
 * to confirm. A prompt that cannot be estimated (no fixtures, no model, a broken file) counts
 * nothing; the run itself reports it.
 */
export async function estimateRuns(
  targets: readonly EstimateTarget[],
  options: {
    countTokens: TokenCounter;
    repeat?: number;
    shard?: { index: number; count: number };
  },
): Promise<RunsEstimate> {
  let requests = 0;
  let cost: number | undefined = 0;
  for (const target of targets) {
    const estimate = await estimateRun(target.promptFile, {
      registry: target.registry,
      countTokens: options.countTokens,
      root: target.root,
      ...(target.model ? { model: target.model } : {}),
      ...(options.repeat ? { repeat: options.repeat } : {}),
      ...(target.caseIds ? { caseIds: target.caseIds } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
    }).catch(() => undefined);
    if (!estimate) continue;
    requests += estimate.requests;
    cost =
      cost === undefined || estimate.costUsd === undefined ? undefined : cost + estimate.costUsd;
  }
  return cost === undefined ? { requests } : { requests, costUsd: cost };
}
