import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../../core/fs/atomic';
import { importPromptfoo, PromptfooImportError } from '../../core/import/promptfoo';
import { EXIT, UsageError } from '../errors';

export const IMPORT_PROMPTFOO_HELP = `Usage: promptops import promptfoo <promptfooconfig.yaml> [--out <folder>] [--force]

Turns a promptfoo config into PromptOps files: a .prompt file per prompt (inline or file://),
one fixture file from its tests (vars → input, assert → assert, defaultTest → defaults, CSV and
YAML test files followed) that every prompt names, the first provider as the prompts' model and
the others listed for promptops compare. Prints what it could not carry over.

Options:
  --out <folder>  where to write (default: the config's folder)
  --force         overwrite files that exist
  -h, --help      show this help

Exit codes: 0 imported (problems are listed), 2 usage error or unreadable config, or files exist.`;

export async function importPromptfooCommand(
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
    out(IMPORT_PROMPTFOO_HELP);
    return EXIT.ok;
  }
  const [, config, ...extra] = positionals;
  if (!config || extra.length) throw new UsageError('give one promptfoo config file');
  if (!fs.existsSync(config)) throw new UsageError(`no such file: ${config}`);
  let result;
  try {
    result = importPromptfoo(path.resolve(config));
  } catch (error) {
    if (error instanceof PromptfooImportError) throw new UsageError(error.message);
    throw error;
  }
  const folder = path.resolve(values.out ?? path.dirname(config));
  const targets = result.files.map((f) => ({ ...f, file: path.join(folder, f.path) }));
  const existing = targets.filter((t) => fs.existsSync(t.file));
  if (existing.length && !values.force)
    throw new UsageError(
      `would overwrite ${existing.map((t) => path.relative(process.cwd(), t.file)).join(', ')} (use --force)`,
    );
  for (const target of targets) {
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    writeFileAtomic(target.file, target.text);
    out(`wrote ${path.relative(process.cwd(), target.file)}`);
  }
  if (result.models.length > 1)
    out(
      `model ${result.models[0]}; compare the others with promptops compare <prompt> --model-b ${result.models.slice(1).join(' | ')}`,
    );
  for (const problem of result.problems) err(`not carried over: ${problem}`);
  return EXIT.ok;
}
