import { parseArgs } from 'node:util';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { parsePromptDocument } from '../../core/language/document';
import { filePartialSource } from '../../core/language/partials';
import { renderPrompt } from '../../core/language/render';
import {
  FixtureError,
  fixtureHistory,
  fixturePathFor,
  loadFixtures,
} from '../../core/eval/fixtures';
import { UsageError } from '../errors';
import { location, readUserFile } from '../io';

export const RENDER_HELP = `Usage: promptops render <file.prompt> [--input '<json>' | --input-file <file.json> | --case <id>]

Renders a Dotprompt file with the dotprompt library and prints the rendered prompt
({"messages":[{"role":…,"content":[{"text":…}]}], "model":…, "config":…}) as JSON.
Input is merged over the frontmatter's input.default.

Options:
  --input <json>        template variables as a JSON object
  --input-file <file>   template variables from a JSON (or YAML) file
  --case <id>           the input of this case in the prompt's fixture file
  -h, --help            show this help`;

export async function renderCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      input: { type: 'string' },
      'input-file': { type: 'string' },
      case: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(RENDER_HELP);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length
        ? 'render takes one prompt file'
        : 'render needs a prompt file: promptops render <file.prompt>',
    );
  if ([values.input, values['input-file'], values.case].filter((v) => v !== undefined).length > 1)
    throw new UsageError('use one of --input, --input-file and --case');
  const file = positionals[0] as string;
  const source = readUserFile(file, 'prompt file');
  const document = parsePromptDocument(source);
  const { input, messages } =
    values.case !== undefined
      ? caseInput(file, document.frontmatter?.data, values.case)
      : { input: readInput(values.input, values['input-file']), messages: [] };
  const result = await renderPrompt(
    source,
    { input, messages, partials: filePartialSource(file) },
    document,
  );
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
    value = file && /\.ya?ml$/i.test(path.extname(file)) ? YAML.parse(text) : JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${origin} is not valid ${file && /\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new UsageError(`${origin} must be a JSON object of template variables`);
  return value as Record<string, unknown>;
}

/** A case's input and its prior messages (placed by `{{history}}`). */
function caseInput(
  promptFile: string,
  frontmatter: Record<string, unknown> | undefined,
  id: string,
): { input: Record<string, unknown>; messages: ReturnType<typeof fixtureHistory> } {
  const fixtureFile = fixturePathFor(promptFile, frontmatter);
  if (!fixtureFile)
    throw new UsageError(
      `--case ${id}: ${promptFile} has no fixture file (<name>.fixtures.yaml beside it, or promptops.fixtures in its frontmatter)`,
    );
  let fixtures;
  try {
    fixtures = loadFixtures(fixtureFile);
  } catch (error) {
    throw new UsageError(
      error instanceof FixtureError
        ? `${location(fixtureFile, error.line === undefined ? undefined : { line: error.line, character: 0 })}: ${error.message}`
        : String(error),
    );
  }
  const found = fixtures.cases.find((c) => c.id === id);
  if (!found)
    throw new UsageError(
      `--case ${id}: no such case in ${fixtureFile} (cases: ${fixtures.cases.map((c) => c.id).join(', ')})`,
    );
  return { input: found.input, messages: fixtureHistory(found.messages) };
}
