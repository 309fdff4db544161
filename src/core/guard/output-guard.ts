import type * as Obscenity from 'obscenity';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { parseOutputJson } from '../eval/output-json';
import type { JsonSchema } from '../language/schema';
import { compileSchema, describeAjvError } from '../schema/compile';
import { scanText } from '../privacy/detectors';

z.config(en());

/** A prompt's `promptops.guard`: what a model answer must satisfy before it reaches a user. */
export const GuardSpecSchema = z.object({
  /** strict: the answer is JSON (no fences) valid against the output schema; lenient: fenced JSON is fine too. */
  schema: z.optional(z.enum(['strict', 'lenient', 'off'])),
  /** PII and secrets in the answer: block (use the fallback), redact (placeholders) or off. */
  pii: z.optional(z.enum(['block', 'redact', 'off'])),
  profanity: z.optional(z.enum(['block', 'off'])),
  maxChars: z.optional(z.int().check(z.positive())),
  fallback: z.optional(z.string()),
});

export type GuardSpec = z.infer<typeof GuardSpecSchema>;

export const DEFAULT_FALLBACK = "Sorry, I can't help with that right now.";

export interface GuardOutcome {
  /** pass: unchanged; redacted: PII replaced; fallback: the answer was replaced by the fallback. */
  action: 'pass' | 'redacted' | 'fallback';
  /** What to show the user. */
  output: string;
  /** Why the answer was changed or replaced. */
  reasons: string[];
}

let profanityMatcher: Obscenity.RegExpMatcher | undefined;

function profanity(text: string): string[] {
  // Required here, not imported: the bundles then build the English word list (~17 ms) only when
  // a guard first checks for profanity, not at every start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const obscenity = require('obscenity') as typeof Obscenity;
  profanityMatcher ??= new obscenity.RegExpMatcher({
    ...obscenity.englishDataset.build(),
    ...obscenity.englishRecommendedTransformers,
  });
  return profanityMatcher
    .getAllMatches(text)
    .map(
      (m) =>
        obscenity.englishDataset.getPayloadWithPhraseMetadata(m).phraseMetadata?.originalWord ??
        'profanity',
    );
}

/**
 * Applies a guard to a model answer: length, output schema, PII and secrets (the lint's
 * detectors), profanity (obscenity's English word list). Returns the answer (possibly redacted)
 * or the fallback, with the reasons. Pure: no editor, no network.
 */
export function guardOutput(
  answer: string,
  spec: GuardSpec,
  options: { outputSchema?: JsonSchema | null } = {},
): GuardOutcome {
  const fallback = spec.fallback ?? DEFAULT_FALLBACK;
  const replace = (reasons: string[]): GuardOutcome => ({
    action: 'fallback',
    output: fallback,
    reasons,
  });
  if (spec.maxChars !== undefined && answer.length > spec.maxChars)
    return replace([`the answer is ${answer.length} characters, more than ${spec.maxChars}`]);
  const schemaMode = spec.schema ?? 'off';
  if (schemaMode !== 'off') {
    if (!options.outputSchema)
      return replace(['the guard checks the output schema, but the prompt declares none']);
    let value: unknown;
    if (schemaMode === 'strict') {
      try {
        value = JSON.parse(answer);
      } catch (error) {
        return replace([`the answer is not JSON: ${(error as Error).message}`]);
      }
    } else {
      const parsed = parseOutputJson(answer);
      if (!parsed.ok) return replace([`the answer is not JSON: ${parsed.error}`]);
      value = parsed.value;
    }
    const validate = compileSchema(options.outputSchema);
    if (validate instanceof Error)
      return replace([`the output schema does not compile: ${validate.message}`]);
    if (!validate(value))
      return replace([
        `the answer does not match the output schema: ${(validate.errors ?? []).slice(0, 3).map(describeAjvError).join('; ')}`,
      ]);
  }
  if ((spec.profanity ?? 'off') === 'block') {
    const words = profanity(answer);
    if (words.length) return replace([`profanity: ${[...new Set(words)].join(', ')}`]);
  }
  const piiMode = spec.pii ?? 'off';
  if (piiMode !== 'off') {
    const found = scanText(answer).filter((m) => !m.reserved);
    if (found.length && piiMode === 'block')
      return replace([
        `personal data or secrets: ${[...new Set(found.map((m) => m.label))].join(', ')}`,
      ]);
    if (found.length) {
      let output = answer;
      // From the end, so earlier offsets stay valid.
      for (const match of [...found].reverse())
        output =
          output.slice(0, match.start) +
          `[${match.type.toUpperCase().replace(/-/g, '_')}]` +
          output.slice(match.end);
      return {
        action: 'redacted',
        output,
        reasons: [
          `redacted ${found.length} value${found.length === 1 ? '' : 's'}: ${[...new Set(found.map((m) => m.label))].join(', ')}`,
        ],
      };
    }
  }
  return { action: 'pass', output: answer, reasons: [] };
}
