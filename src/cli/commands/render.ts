import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { parsePromptDocument } from '../../core/language/document';
import { filePartialSource } from '../../core/language/partials';
import { renderPrompt } from '../../core/language/render';
import { UsageError } from '../errors';
import { location, readUserFile } from '../io';

export const RENDER_HELP = `Usage: promptops render <file.prompt> [--input '<json>' | --input-file <file.json>]

Renders a Dotprompt file with the dotprompt library and prints the rendered prompt
({"messages":[{"role":…,"content":[{"text":…}]}], "model":…, "config":…}) as JSON.
Input is merged over the frontmatter's input.default.

Options:
  --input <json>        template variables as a JSON object
  --input-file <file>   template variables from a JSON (or YAML) file
  -h, --help            show this help`;

export async function renderCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { input: { type: 'string' }, 'input-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out(RENDER_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'render takes one prompt file' : 'render needs a prompt file: promptops render <file.prompt>');
  if (values.input !== undefined && values['input-file'] !== undefined) throw new UsageError('use either --input or --input-file, not both');
  const file = positionals[0] as string;
  const source = readUserFile(file, 'prompt file');
  const input = readInput(values.input, values['input-file']);
  const document = parsePromptDocument(source);
  const result = await renderPrompt(source, { input, partials: filePartialSource(file) }, document);
  if (!result.ok) {
    throw new UsageError(`${location(file, result.error.range?.start)}: ${result.error.message}`);
  }
  out(JSON.stringify(result.prompt, null, 2));
  return 0;
}

function readInput(inline: string | undefined, file: string | undefined): Record<string, unknown> {
  let text = inline;
  let origin = '--input';
  if (file !== undefined) {
    text = readUserFile(file, 'input file');
    origin = file;
  }
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = file && /\.ya?ml$/i.test(path.extname(file)) ? require('yaml').parse(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${origin} is not valid ${file && /\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${origin} must be a JSON object of template variables`);
  return value as Record<string, unknown>;
}
