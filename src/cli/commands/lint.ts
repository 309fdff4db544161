import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { severityOverrides } from '../../core/config';
import { lintPaths } from '../../core/lint/linter';
import { checkOutputFile, writeOutputFile } from '../output-file';
import { scrub } from '../../core/secrets/scrub';
import { workspaceGenkitRegistry } from '../../core/genkit/scan';
import { summarise, toJson, toSarif, toText } from '../../core/lint/report';
import { groupByProject } from '../../core/project';
import { workspaceConfig } from '../config';
import { EXIT, UsageError } from '../errors';
import { version } from '../../../package.json';

export const LINT_HELP = `Usage: promptops lint [paths…] [--format text|json|sarif] [--max-warnings N] [--output <file>]

Checks .prompt files and fixture files (*.fixtures.yaml|yml|jsonl) under the given paths
(default: the current folder) with the same rules the editor shows in the Problems panel.

Options:
  --format <f>        text (default), json (an array of problems, 0-based ranges) or sarif (2.1.0)
  --max-warnings <n>  also fail when there are more than n warnings
  --output <file>     write the report to a file instead of stdout (written atomically)
  --config <file>     promptops.config.yaml to use (default: found from the current folder up)
  --rules-url <url>   base URL of the rule docs, for SARIF helpUri (<url>/PO201.md)
  -h, --help          show this help

Exit codes: 0 no errors (and warnings within --max-warnings), 1 errors or too many warnings, 2 usage error.`;

export async function lintCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'max-warnings': { type: 'string' },
      output: { type: 'string' },
      config: { type: 'string' },
      'rules-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(LINT_HELP);
    return EXIT.ok;
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format))
    throw new UsageError(`--format must be text, json or sarif, not '${format}'`);
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0)
      throw new UsageError(
        `--max-warnings takes a whole number ≥ 0, not '${values['max-warnings']}'`,
      );
  }
  if (values.output) checkOutputFile('--output', values.output);
  const cwd = process.cwd();
  const targets = positionals.length ? positionals : ['.'];
  for (const target of targets)
    if (!fs.existsSync(target)) throw new UsageError(`no such file or folder: ${target}`);
  const results = [];
  // Each target with its project's lint settings (the nearest promptops.config.yaml up).
  for (const [root, group] of groupByProject(targets, cwd)) {
    const { config } = workspaceConfig(root, values.config);
    const severities = severityOverrides(config);
    // The app's sources are in the project: helpers, partials … it registers in code.
    const genkit = workspaceGenkitRegistry(root, config);
    results.push(
      ...(await lintPaths(
        group.map((t) => path.resolve(t)),
        {
          severities,
          root,
          genkit,
          graderModel: config.eval?.graderModel ?? null,
          toolDefinitions: config.tools ?? null,
        },
      )),
    );
  }
  const rulesUrl = values['rules-url'] ?? process.env.PROMPTOPS_RULES_URL;
  const report =
    format === 'json'
      ? JSON.stringify(toJson(results, cwd), null, 2)
      : format === 'sarif'
        ? JSON.stringify(
            toSarif(results, rulesUrl ? { cwd, version, rulesUrl } : { cwd, version }),
            null,
            2,
          )
        : toText(results, cwd);
  if (values.output) writeOutputFile('--output', values.output, scrub(report) + '\n');
  else out(report);
  const summary = summarise(results);
  return summary.errors > 0 || summary.warnings > maxWarnings ? EXIT.failed : EXIT.ok;
}
