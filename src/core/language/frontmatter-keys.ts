/** Dotprompt's frontmatter fields, documented for hover and completion. */
export const FRONTMATTER_KEYS: Record<string, string> = {
  name: 'Name of the prompt (defaults to the file name).',
  variant: 'Variant of the prompt, for A/B variants of the same prompt.',
  version: 'Version string of the prompt.',
  description: 'What the prompt does; shown in tooling.',
  model: 'Model to call, as `provider/model` (for example `openai/gpt-4o-mini`).',
  config:
    'Model parameters: `temperature`, `topP`, `topK`, `maxOutputTokens`, `stopSequences`, … passed to the model.',
  input: 'Input declaration: `schema` (Picoschema or JSON Schema) and `default` values.',
  output:
    'Output declaration: `format` (`text` or `json`) and `schema` (Picoschema or JSON Schema).',
  tools: 'Names of tools the model may call.',
  toolDefs: 'Inline tool definitions.',
  toolChoice:
    'Whether the model must call a tool: `auto`, `none`, `required`, or the name of one tool.',
  maxTurns:
    'The most model calls a tool loop makes before it stops (each tool result sent back is a turn).',
  returnToolRequests:
    'Stop at the first tool request instead of answering it (evals then judge the request alone).',
  metadata: 'Arbitrary metadata kept with the prompt.',
  raw: 'Reserved: the raw frontmatter, filled in by the parser.',
  ext: 'Reserved: namespaced extension fields, filled in from dotted keys such as `promptops.gate`.',
};

export const CONFIG_KEYS: Record<string, string> = {
  temperature: 'Sampling temperature, 0–2. Lower is more deterministic.',
  topP: 'Nucleus sampling probability mass, 0–1.',
  topK: 'Sample from the K most likely tokens.',
  maxOutputTokens: 'Upper bound on generated tokens.',
  stopSequences: 'Strings that end generation.',
  presencePenalty: 'Penalty for tokens already present, −2–2.',
  frequencyPenalty: 'Penalty by token frequency, −2–2.',
  seed: 'Seed for reproducible sampling, where the provider supports it.',
};

/** Our own keys, which Dotprompt keeps in `ext.promptops`. */
export const PROMPTOPS_KEYS: Record<string, string> = {
  'promptops.fixtures':
    "Path of this prompt's fixture file, relative to the prompt (default: `<name>.fixtures.yaml` beside it).",
  'promptops.gate': 'CI gate thresholds for this prompt (minimum pass rate, maximum cost, …).',
  'promptops.guard':
    'Output guard applied to model answers (schema, PII, profanity, maximum length, fallback).',
};
