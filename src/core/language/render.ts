import { Dotprompt, type Message, type RenderedPrompt } from 'dotprompt';
import HandlebarsModule from 'handlebars/dist/cjs/handlebars.js';
import type { Range } from '../types';
import { MAX_PROMPT_LENGTH, parsePromptDocument, type PromptDocument } from './document';
import type { PartialSource } from './partials';
import { analyzeTemplate } from './template';

export interface RenderOptions {
  /** Template variables; merged over the frontmatter's `input.default`. */
  input?: Record<string, unknown>;
  /** Conversation history for `{{history}}`. */
  messages?: Message[];
  partials?: PartialSource;
}

export interface RenderFailure {
  message: string;
  /** Where in the prompt file the failure is, when known. */
  range?: Range;
}

/** What a preview render marked: values the input lacks, and messages that rendered empty. */
export interface PreviewMarks {
  /** Each missing value once, as the template names it (`tone`, `friend.name`). */
  missing: string[];
  /** The role of each message that rendered empty, in order. */
  emptyMessages: string[];
}

export type RenderResult =
  | { ok: true; prompt: RenderedPrompt; document: PromptDocument; marks?: PreviewMarks }
  | { ok: false; error: RenderFailure; document: PromptDocument };

export interface CompileOptions {
  /**
   * For the editor's preview only: a value the input lacks renders as `⟨tone: missing⟩` and an
   * empty message as `⟨empty message⟩` (dotprompt leaves the first blank and drops the second
   * silently). Never for a run: what is sent to a model is dotprompt's own rendering.
   */
  markMissing?: boolean;
}

export type Renderer = (options: Omit<RenderOptions, 'partials'>) => Promise<RenderResult>;

/**
 * Compiles a `.prompt` source once with the dotprompt library and returns a renderer for many
 * inputs (an eval renders the same template for every case). Syntax problems found by our own
 * parse (which keeps locations) are reported first, so dotprompt never sees a broken file.
 */
export function compilePrompt(
  source: string,
  partials?: PartialSource,
  parsed?: PromptDocument,
  compileOptions: CompileOptions = {},
): Renderer {
  const document = parsed ?? parsePromptDocument(source, { maxLength: MAX_PROMPT_LENGTH });
  const blocking = document.problems.find((p) => p.severity === 'error');
  if (blocking) {
    const failure: RenderResult = {
      ok: false,
      document,
      error: { message: blocking.message, range: blocking.range },
    };
    return async () => failure;
  }
  const frontmatterText = document.frontmatter
    ? source.slice(document.frontmatter.contentStart, document.frontmatter.contentEnd)
    : '';
  // Normalise the fences so dotprompt's own frontmatter regex always agrees with our parse.
  const normalised = document.frontmatter
    ? `---\n${frontmatterText.trim() ? frontmatterText.replace(/\r?\n$/, '') : '{}'}\n---\n${document.body}`
    : document.body;
  const missing: string[] = [];
  const dotprompt = new Dotprompt({
    partialResolver: async (name) => {
      const content = partials ? await partials(name) : undefined;
      if (content === undefined) missing.push(name);
      return content ?? null;
    },
  });
  isolateHandlebars(dotprompt);
  resolveMetadataOnce(dotprompt);
  const marker = compileOptions.markMissing ? markMissing(dotprompt) : undefined;
  const defaults = document.frontmatter?.data?.input;
  const inputDefault =
    defaults && typeof defaults === 'object'
      ? (defaults as { default?: unknown }).default
      : undefined;
  const renderOptions =
    inputDefault && typeof inputDefault === 'object'
      ? { input: { default: inputDefault as Record<string, unknown> } }
      : undefined;
  let compiled: ReturnType<Dotprompt['compile']> | undefined;
  return async (options) => {
    try {
      compiled ??= dotprompt.compile(normalised);
      const render = await compiled;
      marker?.missing.clear();
      const prompt = (await render(
        { input: options.input ?? {}, messages: options.messages ?? [] },
        renderOptions,
      )) as RenderedPrompt;
      if (!marker) return { ok: true, prompt, document };
      const emptyMessages = markEmptyMessages(prompt.messages);
      return { ok: true, prompt, document, marks: { missing: [...marker.missing], emptyMessages } };
    } catch (error) {
      compiled = undefined; // a failed compile (say, a missing partial) is tried again next time
      return { ok: false, document, error: locateFailure(error, document, missing) };
    }
  };
}

/**
 * dotprompt gives every instance `Handlebars.noConflict()`, which is the one global Handlebars
 * environment, and loads a partial only when that environment lacks it: once any render in the
 * process had loaded `tone`, every later one used that first text (an edited partial never showed
 * in the editor's preview or runs until a restart, and two versions of a partial could not be
 * compared). Each compiled prompt gets an environment of its own, with the same helpers.
 */
function isolateHandlebars(dotprompt: Dotprompt): void {
  const holder = dotprompt as unknown as { handlebars: typeof HandlebarsModule };
  const shared = holder.handlebars;
  const own = shared.create();
  for (const [name, helper] of Object.entries(shared.helpers)) own.registerHelper(name, helper);
  own.Visitor = shared.Visitor; // set on the top-level instance only; dotprompt finds partials with it
  holder.handlebars = own;
}

/**
 * dotprompt's renderer resolves the prompt's metadata (config, tools, Picoschema → JSON Schema)
 * again on every render, though it depends on the prompt alone: a third of a case's render. Each
 * compiled prompt resolves it once and its renders share it, read-only (as every consumer of a
 * rendered prompt already treats it); a failed resolution is tried again next time.
 */
function resolveMetadataOnce(dotprompt: Dotprompt): void {
  type Resolve = (source: unknown, additional?: unknown) => Promise<unknown>;
  const holder = dotprompt as unknown as { renderMetadata: Resolve };
  const resolve = holder.renderMetadata.bind(dotprompt);
  const resolved = new WeakMap<object, Promise<unknown>>();
  holder.renderMetadata = (source, additional) => {
    if (additional !== undefined || typeof source !== 'object' || source === null)
      return resolve(source, additional);
    let metadata = resolved.get(source);
    if (!metadata) {
      metadata = resolve(source);
      resolved.set(source, metadata);
      metadata.catch(() => resolved.delete(source));
    }
    return metadata;
  };
}

/** Renders a `.prompt` source once with the dotprompt library (see compilePrompt). */
export async function renderPrompt(
  source: string,
  options: RenderOptions = {},
  parsed?: PromptDocument,
  compileOptions?: CompileOptions,
): Promise<RenderResult> {
  const { partials, ...rest } = options;
  return compilePrompt(source, partials, parsed, compileOptions)(rest);
}

const VALUE_HELPER = 'promptopsPreviewValue';
/** Follows every role marker in a preview, so dotprompt keeps a message that rendered empty. */
const MESSAGE_START = '<<<promptops:message>>>';
export const MISSING_MARK = (name: string) => `⟨${name}: missing⟩`;
export const EMPTY_MESSAGE_MARK = '⟨empty message⟩';

type HandlebarsEnv = typeof HandlebarsModule;
type Node = { type: string; [key: string]: unknown };
type PathNode = Node & { original: string; parts: string[]; data: boolean };

/**
 * The preview's marks, in the prompt's own Handlebars environment: each plain `{{value}}` is
 * compiled as a call of a helper that writes the value, or its mark when the input lacks it
 * (dotprompt compiles with knownHelpersOnly, so Handlebars' helperMissing is never asked), and
 * the role helper adds a start to each message. Blocks (`{{#if tone}}`) are left as they are.
 */
function markMissing(dotprompt: Dotprompt): { missing: Set<string> } {
  const missing = new Set<string>();
  dotprompt.defineHelper(VALUE_HELPER, (value: unknown, name: unknown) => {
    if (value !== undefined && value !== null) return value;
    missing.add(String(name));
    return MISSING_MARK(String(name));
  });
  const env = (dotprompt as unknown as { handlebars: HandlebarsEnv }).handlebars;
  const role = env.helpers.role as ((...args: unknown[]) => unknown) | undefined;
  if (role)
    dotprompt.defineHelper(
      'role',
      (...args: unknown[]) => new env.SafeString(`${String(role(...args))}${MESSAGE_START}`),
    );
  const compile = env.compile.bind(env);
  // Partials are compiled through the same function, so their values are marked too.
  env.compile = ((input: unknown, options?: CompileOptionsOf<HandlebarsEnv>) =>
    compile(
      typeof input === 'string' ? (markValues(env.parse(input), env) as never) : (input as never),
      options,
    )) as HandlebarsEnv['compile'];
  return { missing };
}

type CompileOptionsOf<T> = T extends { compile(input: unknown, options?: infer O): unknown }
  ? O
  : never;

/** Rewrites `{{path}}` (no params, not a helper, not `@data` or `this`) as a value-helper call. */
function markValues(node: unknown, env: HandlebarsEnv): unknown {
  if (Array.isArray(node)) {
    for (const child of node) markValues(child, env);
    return node;
  }
  if (!node || typeof node !== 'object') return node;
  const n = node as Node;
  if (n.type === 'MustacheStatement') {
    const path = n.path as PathNode;
    const params = n.params as unknown[];
    const plain =
      path.type === 'PathExpression' &&
      params.length === 0 &&
      !n.hash &&
      !path.data &&
      path.parts.length > 0 &&
      !(
        path.parts.length === 1 && Object.prototype.hasOwnProperty.call(env.helpers, path.original)
      );
    if (plain) {
      n.params = [path, { type: 'StringLiteral', value: path.original, original: path.original }];
      n.path = { ...path, original: VALUE_HELPER, parts: [VALUE_HELPER], depth: 0, data: false };
    }
    return node;
  }
  for (const key of ['body', 'program', 'inverse'])
    if (n[key] && typeof n[key] === 'object') markValues(n[key], env);
  return node;
}

/** Drops the preview's message starts, and marks each message that rendered empty. */
function markEmptyMessages(messages: Message[]): string[] {
  const empty: string[] = [];
  for (const message of messages) {
    let started = false;
    for (const part of message.content)
      if ('text' in part && typeof part.text === 'string' && part.text.includes(MESSAGE_START)) {
        started = true;
        part.text = part.text.split(MESSAGE_START).join('');
      }
    const blank = message.content.every(
      (part) => 'text' in part && typeof part.text === 'string' && !part.text.trim(),
    );
    if (started && blank) {
      empty.push(message.role);
      message.content = [{ text: EMPTY_MESSAGE_MARK }];
    }
  }
  return empty;
}

function locateFailure(
  error: unknown,
  document: PromptDocument,
  missingPartials: string[],
): RenderFailure {
  const message = error instanceof Error ? error.message : String(error);
  const partialMatch = /The partial (.+) could not be found/.exec(message);
  if (partialMatch || missingPartials.length > 0) {
    const name = partialMatch?.[1] ?? missingPartials[0] ?? '';
    const ref = analyzeTemplate(document).partials.find((p) => p.name === name);
    const failure: RenderFailure = {
      message: `Partial '${name}' not found: expected a file _${name.split('/').pop()}.prompt beside the prompt or in a parent folder.`,
    };
    if (ref) failure.range = ref.range;
    return failure;
  }
  const unknownHelper = /unknown helper (\S+)/.exec(message);
  if (unknownHelper) {
    const name = unknownHelper[1] ?? '';
    const ref = analyzeTemplate(document).helpers.find((h) => h.name === name);
    const failure: RenderFailure = {
      message: `Unknown helper '${name}': Dotprompt templates may only call Handlebars' built-in and Dotprompt's helpers here. A helper the application registers in code (ai.defineHelper('${name}', …)) runs only inside the app, so PromptOps cannot render this prompt.`,
    };
    if (ref) failure.range = ref.range;
    return failure;
  }
  return { message };
}

/** Plain text of a rendered prompt, role by role, for previews and logs. */
export function formatMessages(messages: Message[]): string {
  const blocks: string[] = [];
  for (const message of messages) {
    const purpose = message.metadata?.purpose === 'history' ? ' (history)' : '';
    const parts = message.content.map((part) => {
      if ('text' in part && typeof part.text === 'string') return part.text;
      if ('media' in part && part.media)
        return `[media: ${part.media.url}${part.media.contentType ? ` (${part.media.contentType})` : ''}]`;
      const pending = part.metadata?.purpose;
      if (typeof pending === 'string') return `[section: ${pending}]`;
      return `[${Object.keys(part).join(', ')}]`;
    });
    blocks.push(`━━ ${message.role}${purpose} ━━\n${parts.join('').trim()}`);
  }
  return blocks.join('\n\n');
}
