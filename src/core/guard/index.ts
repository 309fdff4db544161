// `promptops/guard`: the output guard for applications, with no editor dependency.
//   const { guardOutput, loadGuard } = require('promptops/guard');
//   const guard = loadGuard('prompts/triage.prompt');
//   const { output, action, reasons } = guard(modelAnswer);
import * as fs from 'node:fs';
import { trace } from '@opentelemetry/api';
import { recordGuard } from '../telemetry/generation';
import { outputSchemaModel } from '../language/schema';
import { parsePromptDocument } from '../language/document';
import { GuardSpecSchema, guardOutput, type GuardOutcome, type GuardSpec } from './output-guard';

export { DEFAULT_FALLBACK, GuardSpecSchema, guardOutput } from './output-guard';
export type { GuardOutcome, GuardSpec } from './output-guard';

/**
 * The guard a prompt file declares (`promptops.guard`), bound to its output schema. Each
 * outcome goes on the active OpenTelemetry span, when one is recording (docs/telemetry.md).
 */
export async function loadGuard(promptFile: string): Promise<(answer: string) => GuardOutcome> {
  const document = parsePromptDocument(fs.readFileSync(promptFile, 'utf8'));
  const declared = document.frontmatter?.data?.['promptops.guard'];
  const parsed = GuardSpecSchema.safeParse(declared ?? {});
  if (!parsed.success)
    throw new Error(
      `${promptFile}: promptops.guard: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
    );
  const spec: GuardSpec = parsed.data;
  const outputSchema = (await outputSchemaModel(document)).jsonSchema;
  return (answer) => {
    const outcome = guardOutput(answer, spec, { outputSchema });
    const span = trace.getActiveSpan();
    if (span) recordGuard(span, outcome, false);
    return outcome;
  };
}
