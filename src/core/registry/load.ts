import * as path from 'node:path';
import type { Message } from 'dotprompt';
import {
  GuardSpecSchema,
  guardOutput,
  type GuardOutcome,
  type GuardSpec,
} from '../guard/output-guard';
import { parsePromptDocument } from '../language/document';
import { gitPartialSource } from '../git/git';
import { filePartialSource } from '../language/partials';
import { compilePrompt } from '../language/render';
import { outputSchemaModel } from '../language/schema';
import { readRegistry, readSnapshot, RegistryError } from './registry';
import { versionSource } from './promote';
import {
  PromptTelemetry,
  type GenerationReport,
  type ModelAnswer,
  type TelemetryOptions,
} from '../telemetry/generation';
import type { ModelCall } from '../telemetry/openai';

export interface LoadedPrompt {
  /** Registry key: the prompt's path relative to the workspace root. */
  path: string;
  label: string;
  /** The git commit the label points at. */
  rev: string;
  sha256: string;
  /** The exact prompt file text of that version. */
  source: string;
  /** `provider/model` from its frontmatter, when it names one. */
  model?: string;
  /** Dotprompt `config` (temperature, maxOutputTokens, …). */
  config: Record<string, unknown>;
  /** Renders the messages for an input with dotprompt, with the partials as they were labelled. */
  render(input: Record<string, unknown>): Promise<Message[]>;
  /**
   * Applies the version's `promptops.guard` to a model answer (with none declared, every answer
   * passes); the outcome goes on the active OpenTelemetry span, when one is recording.
   */
  guard(answer: string): GuardOutcome;
  /**
   * Reports a generation the application made itself (the answer, usage, finish reasons, when
   * the call started): one OpenTelemetry span, the guard applied, its outcome returned.
   */
  report(generation: GenerationReport): GuardOutcome;
  /**
   * Renders the input, runs the model call inside the generation's span (`wrapOpenAI(client)`,
   * or any function returning the answer), applies the guard, and records it all.
   */
  generate(
    input: Record<string, unknown>,
    call: ModelCall,
  ): Promise<GuardOutcome & { answer: ModelAnswer }>;
}

/** Finds a prompt in the registry by path (`prompts/triage.prompt`), path without extension, or bare name (`triage`). */
function findPrompt(prompts: string[], name: string): string {
  const wanted = name.replace(/\\/g, '/').replace(/^\.\//, '');
  const exact = prompts.find((p) => p === wanted || p === `${wanted}.prompt`);
  if (exact) return exact;
  const byName = prompts.filter((p) => path.posix.basename(p, '.prompt') === wanted);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1)
    throw new RegistryError(
      `'${name}' names several labelled prompts (${byName.join(', ')}): give its path`,
    );
  throw new RegistryError(
    `no labelled prompt '${name}' in the registry${prompts.length ? ` (labelled: ${prompts.join(', ')})` : ' (label one with promptops label)'}`,
  );
}

/**
 * Loads the version of a prompt a label points at, for an application at run time: no editor,
 * and no git when the version's snapshot in .promptops/versions is deployed with the registry.
 *
 *   const prompt = await loadPrompt('triage', { label: 'production' });
 *   const messages = await prompt.render({ ticket });
 *   const { output } = prompt.guard(await callModel(messages));
 */
export async function loadPrompt(
  name: string,
  options: { label?: string; root?: string; telemetry?: TelemetryOptions } = {},
): Promise<LoadedPrompt> {
  const root = path.resolve(options.root ?? process.cwd());
  const label = options.label ?? 'production';
  const registry = readRegistry(root);
  const key = findPrompt(Object.keys(registry.prompts), name);
  const target = registry.prompts[key]?.labels[label];
  if (!target)
    throw new RegistryError(
      `${key} has no label '${label}' (labels: ${Object.keys(registry.prompts[key]?.labels ?? {}).join(', ') || 'none'})`,
    );
  const promptFile = path.join(root, key);
  const { source } = versionSource(root, promptFile, { label });
  const document = parsePromptDocument(source);
  const blocking = document.problems.find((p) => p.severity === 'error');
  if (blocking)
    throw new RegistryError(`${key}@${target.rev.slice(0, 7)} does not parse: ${blocking.message}`);
  const frontmatter = document.frontmatter?.data ?? {};
  const declared = frontmatter['promptops.guard'];
  const spec = GuardSpecSchema.safeParse(declared ?? {});
  if (!spec.success)
    throw new RegistryError(
      `${key}@${target.rev.slice(0, 7)}: promptops.guard: ${spec.error.issues[0]?.path.join('.')}: ${spec.error.issues[0]?.message}`,
    );
  const guardSpec: GuardSpec = spec.data;
  const outputSchema = (await outputSchemaModel(document)).jsonSchema;
  // The partials as they were labelled: their snapshots, else git at the label's commit. A label
  // from before partials were recorded reads them from the workspace, as it always did.
  const fromWorkspace = filePartialSource(promptFile, root);
  const pinned = target.partials;
  const atCommit = gitPartialSource(root, promptFile, target.rev);
  const partials = (name: string) => {
    const hash = pinned?.[name];
    if (!hash) return fromWorkspace(name);
    return readSnapshot(root, hash) ?? atCommit(name) ?? fromWorkspace(name);
  };
  const renderer = compilePrompt(source, partials, document);
  const loaded: LoadedPrompt = {
    path: key,
    label,
    rev: target.rev,
    sha256: target.sha256,
    source,
    config:
      frontmatter.config && typeof frontmatter.config === 'object'
        ? (frontmatter.config as Record<string, unknown>)
        : {},
    async render(input) {
      const result = await renderer({ input });
      if (!result.ok)
        throw new RegistryError(
          `${key}@${target.rev.slice(0, 7)}: render failed: ${result.error.message}`,
        );
      return result.prompt.messages;
    },
    guard: (answer) => telemetry.guardActive(answer),
    report: (generation) => telemetry.report(generation),
    generate: async (input, call) => {
      const messages = await loaded.render(input);
      return telemetry.generate(input, messages, () => call(messages, loaded));
    },
  };
  if (typeof frontmatter.model === 'string') loaded.model = frontmatter.model;
  const guard = (answer: string) => guardOutput(answer, guardSpec, { outputSchema });
  const format = (frontmatter.output as { format?: unknown } | undefined)?.format;
  const telemetry = new PromptTelemetry(loaded, guard, options.telemetry, {
    ...(format === 'json' || format === 'text' ? { outputType: format } : {}),
  });
  return loaded;
}
