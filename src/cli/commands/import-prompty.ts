import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../../core/fs/atomic';
import { convertPrompty, PromptyError } from '../../core/import/prompty';
import { EXIT, UsageError } from '../errors';

export const IMPORT_PROMPTY_HELP = `Usage: promptops import prompty <file.prompty> [--out <file.prompt>] [--force]

Converts a Microsoft Prompty file into a Dotprompt .prompt file: the frontmatter is mapped
(name, description, model, model.parameters → config, inputs → input.schema and defaults), the
role lines (system:, user:, assistant:) become {{role}} markers, and the Jinja2 subset that maps
to Handlebars is converted: variables, for loops, if/elif/else, comments. A 'sample' becomes a
fixture case in <name>.fixtures.yaml. Whatever could not be converted is listed, one line each.

Options:
  --out <file>  where to write the .prompt file (default: beside the input, <name>.prompt)
  --force       overwrite existing files`;

export async function importPromptyCommand(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(IMPORT_PROMPTY_HELP);
    return EXIT.ok;
  }
  const [format, file, ...extra] = positionals;
  if (format !== 'prompty' || !file || extra.length)
    throw new UsageError('usage: promptops import prompty <file.prompty> [--out <file.prompt>]');
  if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  let conversion;
  try {
    conversion = convertPrompty(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if (error instanceof PromptyError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  const target = path.resolve(values.out ?? file.replace(/\.prompty$/, '') + '.prompt');
  if (!target.endsWith('.prompt')) throw new UsageError(`--out must name a .prompt file`);
  const fixtures = target.replace(/\.prompt$/, '.fixtures.yaml');
  const writes: [string, string][] = [[target, conversion.prompt]];
  if (conversion.fixtures) writes.push([fixtures, conversion.fixtures]);
  for (const [written] of writes)
    if (fs.existsSync(written) && !values.force)
      throw new UsageError(
        `${path.relative(process.cwd(), written)} exists; use --force to overwrite`,
      );
  for (const [written, text] of writes) writeFileAtomic(written, text);
  for (const [written] of writes) out(`wrote ${path.relative(process.cwd(), written)}`);
  for (const note of conversion.notes) err(`not converted: ${note}`);
  return EXIT.ok;
}
