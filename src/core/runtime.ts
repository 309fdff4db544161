// `promptops` for applications, with no editor dependency: the labelled version of a prompt and
// its output guard, with OpenTelemetry spans per generation (see docs/telemetry.md).
//   const { loadPrompt } = require('promptops');
//   const prompt = await loadPrompt('triage', { label: 'production' });
export { loadPrompt, type LoadedPrompt } from './registry/load';
export { RegistryError } from './registry/registry';
export { toOpenAIMessages } from './providers/messages';
export { DEFAULT_FALLBACK, GuardSpecSchema, guardOutput, loadGuard } from './guard/index';
export type { GuardOutcome, GuardSpec } from './guard/index';
export { wrapOpenAI, type ModelCall, type OpenAIChatClient } from './telemetry/openai';
export type { GenerationReport, ModelAnswer, TelemetryOptions } from './telemetry/generation';
