import { EXIT, UsageError } from '../errors';
import { importPromptfooCommand, IMPORT_PROMPTFOO_HELP } from './import-promptfoo';
import { importPromptyCommand, IMPORT_PROMPTY_HELP } from './import-prompty';

export const IMPORT_HELP = `${IMPORT_PROMPTFOO_HELP}\n\n${IMPORT_PROMPTY_HELP}`;

/** `promptops import <source> …`: a promptfoo config, or a Microsoft Prompty file. */
export async function importCommand(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const source = argv.find((a) => !a.startsWith('-'));
  if (source === 'promptfoo') return importPromptfooCommand(argv, out, err);
  if (source === 'prompty') return importPromptyCommand(argv, out, err);
  if (argv.includes('--help') || argv.includes('-h')) {
    out(IMPORT_HELP);
    return EXIT.ok;
  }
  throw new UsageError(
    `import takes a source: promptops import promptfoo <promptfooconfig.yaml>, or promptops import prompty <file.prompty>${source ? ` (not '${source}')` : ''}`,
  );
}
