import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import type { Message } from 'dotprompt';
import type { GuardOutcome } from '../guard/output-guard';
import { costUsd, type Price } from '../providers/prices';
import { listPrice } from '../providers/presets';
import { conventionMessages, reasonWithoutContent, redactTexts, redactValue } from './content';
import { GEN_AI, OPERATION, PROMPTOPS, TRACER_NAME } from './conventions';

/** What a span says about the prompt version that made a generation (a LoadedPrompt has all of it). */
export interface PromptVersion {
  path: string;
  label: string;
  rev: string;
  sha256: string;
  /** `provider/model` from the frontmatter, when it names one. */
  model?: string;
  config: Record<string, unknown>;
}

export interface TelemetryOptions {
  /**
   * Record the rendered messages, the input variables and the answer on spans
   * (`gen_ai.input.messages`, `gen_ai.output.messages`, `promptops.input`), after the privacy
   * redaction. Off by default: spans then carry no prompt text, input or output.
   */
  recordContent?: boolean;
  /** A tracer provider of the application's own; by default the global one (a no-op until an SDK registers). */
  tracerProvider?: TracerProvider;
  /** USD per million tokens by model, over the built-in table (as `prices:` in promptops.config.yaml). */
  prices?: Record<string, Price>;
}

/** The model's answer and what the provider said about it, as the application reports it. */
export interface ModelAnswer {
  answer: string;
  /** The model asked for, when not the prompt's own (`gpt-4o-mini` or `openai/gpt-4o-mini`). */
  model?: string;
  usage?: { inputTokens?: number; outputTokens?: number };
  /** One per choice: `stop`, `length`, `tool_calls`, `content_filter` … */
  finishReasons?: string[];
  responseModel?: string;
  responseId?: string;
}

/** A generation reported after the fact (the application called the model itself). */
export interface GenerationReport extends ModelAnswer {
  /** The input variables; recorded only with `recordContent`. */
  input?: Record<string, unknown>;
  /** The rendered messages sent; recorded only with `recordContent`. */
  messages?: Message[];
  /** When the model call started (a Date or ms since the epoch); the span's latency runs from it. */
  startTime?: Date | number;
  /** When the answer arrived; default now. */
  endTime?: Date | number;
}

export type Guard = (answer: string) => GuardOutcome;

/** The model a generation asked for, as provider and bare model name. */
function resolveModel(
  version: PromptVersion,
  asked?: string,
): { provider?: string; model?: string } {
  const [ownProvider, ownModel] = splitModel(version.model);
  if (!asked) return { provider: ownProvider, model: ownModel };
  const [provider, model] = splitModel(asked);
  return model === asked ? { provider: ownProvider, model } : { provider, model };
}

function splitModel(text: string | undefined): [string | undefined, string | undefined] {
  if (!text) return [undefined, undefined];
  const slash = text.indexOf('/');
  return slash < 0 ? [undefined, text] : [text.slice(0, slash), text.slice(slash + 1)];
}

function spanName(model: string | undefined): string {
  return model ? `${OPERATION} ${model}` : OPERATION;
}

/** What the prompt asks of the model beyond its config: `output.format` json or text. */
export interface RequestShape {
  outputType?: 'json' | 'text';
}

/** The attributes known before the call: convention names first, then the prompt version. */
function requestAttributes(
  version: PromptVersion,
  shape: RequestShape,
  asked?: string,
): Attributes {
  const { provider, model } = resolveModel(version, asked);
  const attributes: Attributes = { [GEN_AI.operationName]: OPERATION };
  if (provider) attributes[GEN_AI.providerName] = provider;
  if (model) attributes[GEN_AI.requestModel] = model;
  if (shape.outputType) attributes[GEN_AI.outputType] = shape.outputType;
  const { temperature, maxOutputTokens, topP } = version.config;
  if (typeof temperature === 'number') attributes[GEN_AI.requestTemperature] = temperature;
  if (typeof maxOutputTokens === 'number') attributes[GEN_AI.requestMaxTokens] = maxOutputTokens;
  if (typeof topP === 'number') attributes[GEN_AI.requestTopP] = topP;
  attributes[PROMPTOPS.prompt] = version.path;
  attributes[PROMPTOPS.label] = version.label;
  attributes[PROMPTOPS.version] = version.rev;
  attributes[PROMPTOPS.sha256] = version.sha256;
  return attributes;
}

/** Adds the guard's outcome to a span: the action as an attribute, each reason as an event. */
export function recordGuard(span: Span, outcome: GuardOutcome, recordContent: boolean): void {
  if (!span.isRecording()) return;
  span.setAttribute(PROMPTOPS.guardOutcome, outcome.action);
  const reasons = recordContent ? outcome.reasons : outcome.reasons.map(reasonWithoutContent);
  for (const reason of redactTexts(reasons))
    span.addEvent(PROMPTOPS.guardEvent, {
      [PROMPTOPS.guardOutcome]: outcome.action,
      [PROMPTOPS.guardReason]: reason,
    });
}

/** Usage, finish reasons, cost and (opted in) content: what is known once the answer is in. */
function recordAnswer(
  span: Span,
  version: PromptVersion,
  generation: GenerationReport,
  options: TelemetryOptions,
): void {
  if (generation.model) {
    const { provider, model } = resolveModel(version, generation.model);
    if (provider) span.setAttribute(GEN_AI.providerName, provider);
    if (model) span.setAttribute(GEN_AI.requestModel, model);
    span.updateName(spanName(model));
  }
  if (generation.responseModel) span.setAttribute(GEN_AI.responseModel, generation.responseModel);
  if (generation.responseId) span.setAttribute(GEN_AI.responseId, generation.responseId);
  if (generation.finishReasons?.length)
    span.setAttribute(GEN_AI.finishReasons, generation.finishReasons);
  const { inputTokens, outputTokens } = generation.usage ?? {};
  if (inputTokens !== undefined) span.setAttribute(GEN_AI.inputTokens, inputTokens);
  if (outputTokens !== undefined) span.setAttribute(GEN_AI.outputTokens, outputTokens);
  const { provider, model } = resolveModel(version, generation.model);
  if (model && (inputTokens !== undefined || outputTokens !== undefined)) {
    const price = listPrice(provider ?? '', model, options.prices);
    const cost = costUsd(price, inputTokens ?? 0, outputTokens ?? 0);
    if (cost !== undefined) span.setAttribute(PROMPTOPS.costUsd, cost);
  }
  if (options.recordContent) recordContent(span, generation);
}

function recordContent(span: Span, generation: GenerationReport): void {
  if (generation.input)
    span.setAttribute(PROMPTOPS.input, JSON.stringify(redactValue(generation.input)));
  if (generation.messages) {
    const { system, chat } = conventionMessages(generation.messages);
    if (system.length) span.setAttribute(GEN_AI.systemInstructions, JSON.stringify(system));
    span.setAttribute(GEN_AI.inputMessages, JSON.stringify(chat));
  }
  const [answer] = redactTexts([generation.answer]);
  const finish = generation.finishReasons?.[0];
  span.setAttribute(
    GEN_AI.outputMessages,
    JSON.stringify([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: answer ?? '' }],
        ...(finish ? { finish_reason: finish } : {}),
      },
    ]),
  );
}

/** `error.type`: the provider's HTTP status when there is one, else the error's class name. */
function errorType(error: unknown): string {
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number') return String(status);
  if (error instanceof Error) return error.name || error.constructor.name || 'Error';
  return '_OTHER';
}

/**
 * The spans of one prompt version: one CLIENT span per generation, named `chat {model}`, with
 * the GenAI convention attributes and `promptops.*`. Through `@opentelemetry/api` only: with no
 * SDK registered every span is a non-recording no-op and nothing below `isRecording()` runs.
 */
export class PromptTelemetry {
  private readonly tracer: Tracer;

  constructor(
    private readonly version: PromptVersion,
    private readonly guard: Guard,
    private readonly options: TelemetryOptions = {},
    private readonly shape: RequestShape = {},
  ) {
    const provider = options.tracerProvider ?? trace.getTracerProvider();
    this.tracer = provider.getTracer(TRACER_NAME);
  }

  private start(asked: string | undefined, startTime?: Date | number): Span {
    const attributes = requestAttributes(this.version, this.shape, asked);
    const model = attributes[GEN_AI.requestModel];
    return this.tracer.startSpan(spanName(typeof model === 'string' ? model : undefined), {
      kind: SpanKind.CLIENT,
      attributes,
      ...(startTime !== undefined ? { startTime } : {}),
    });
  }

  /** Records a generation the application made itself, applies the guard, and returns its outcome. */
  report(generation: GenerationReport): GuardOutcome {
    const span = this.start(generation.model, generation.startTime);
    const outcome = this.guard(generation.answer);
    if (span.isRecording()) {
      recordAnswer(span, this.version, generation, this.options);
      recordGuard(span, outcome, this.options.recordContent === true);
    }
    // An explicit start is wall-clock time: end on the same clock (the SDK's default end is
    // performance.now(), which drifts from Date.now() by milliseconds).
    span.end(generation.endTime ?? (generation.startTime !== undefined ? Date.now() : undefined));
    return outcome;
  }

  /**
   * Runs the model call inside the generation's span (so an instrumented HTTP client's spans
   * are its children), then records the answer and the guard's outcome. A call that throws
   * ends the span with `error.type` and an error status, and the error goes on to the caller.
   */
  async generate(
    input: Record<string, unknown>,
    messages: Message[],
    call: () => Promise<string | ModelAnswer>,
  ): Promise<GuardOutcome & { answer: ModelAnswer }> {
    const span = this.start(undefined);
    try {
      const raw = await context.with(trace.setSpan(context.active(), span), call);
      const answer = typeof raw === 'string' ? { answer: raw } : raw;
      const outcome = this.guard(answer.answer);
      if (span.isRecording()) {
        recordAnswer(span, this.version, { ...answer, input, messages }, this.options);
        recordGuard(span, outcome, this.options.recordContent === true);
      }
      return { ...outcome, answer };
    } catch (error) {
      span.setAttribute(GEN_AI.errorType, errorType(error));
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? '' });
      throw error;
    } finally {
      span.end();
    }
  }

  /** The guard on its own: its outcome goes on the active span, when one is recording. */
  guardActive(answer: string): GuardOutcome {
    const outcome = this.guard(answer);
    const span = trace.getActiveSpan();
    if (span) recordGuard(span, outcome, this.options.recordContent === true);
    return outcome;
  }
}
