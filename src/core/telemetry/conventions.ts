// Attribute names of the spans PromptOps emits and `promptops monitor` reads: OpenTelemetry's
// GenAI semantic conventions (semconv 1.37+, `gen_ai.provider.name` rather than the older
// `gen_ai.system`), plus our own `promptops.*`. One place, so the writer and the reader agree.

export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  /** Before semconv 1.37; read (never written) so older traces still count. */
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  requestTemperature: 'gen_ai.request.temperature',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTopP: 'gen_ai.request.top_p',
  outputType: 'gen_ai.output.type',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  /** Opt-in content, as JSON text (span attributes cannot hold structures in OpenTelemetry JS). */
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  errorType: 'error.type',
} as const;

export const PROMPTOPS = {
  prompt: 'promptops.prompt',
  label: 'promptops.label',
  version: 'promptops.version',
  sha256: 'promptops.prompt.sha256',
  costUsd: 'promptops.cost.usd',
  guardOutcome: 'promptops.guard.outcome',
  /** The event that carries one guard reason. */
  guardEvent: 'promptops.guard',
  guardReason: 'promptops.guard.reason',
  /** Opt-in: the prompt's input variables as JSON text, redacted (what `promptops capture` samples). */
  input: 'promptops.input',
} as const;

export const TRACER_NAME = 'promptops';
export const OPERATION = 'chat';
