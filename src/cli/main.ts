import { captureCommand, CAPTURE_HELP } from './commands/capture';
import { checkCommand, CHECK_HELP } from './commands/check';
import { compareCommand, COMPARE_HELP } from './commands/compare';
import { driftCommand, DRIFT_HELP } from './commands/drift';
import { evalCommand, EVAL_HELP } from './commands/eval';
import { importCommand, IMPORT_HELP } from './commands/import';
import { lintCommand, LINT_HELP } from './commands/lint';
import { mergeCommand, MERGE_HELP } from './commands/merge';
import { monitorCommand, MONITOR_HELP } from './commands/monitor';
import {
  labelCommand,
  LABEL_HELP,
  rollbackCommand,
  ROLLBACK_HELP,
  showCommand,
  SHOW_HELP,
} from './commands/registry';
import { providersCommand, PROVIDERS_HELP } from './commands/providers';
import { renderCommand, RENDER_HELP } from './commands/render';
import { reportCommand, REPORT_HELP } from './commands/report';
import { shadowCommand, SHADOW_HELP } from './commands/shadow';
import type { CommandName } from './command-names';
import { EXIT, UsageError } from './errors';
import { lineWriter } from './terminal';
import { scrub } from '../core/secrets/scrub';
import { useFixtureStore } from '../core/eval/fixture-store';
import { userFixtureStore } from './fixture-store';
import { version } from '../../package.json';

type Command = (
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
) => Promise<number>;

const COMMANDS: Record<CommandName, { run: Command; summary: string; help: string }> = {
  render: {
    run: renderCommand,
    summary: 'render a .prompt file to messages (JSON)',
    help: RENDER_HELP,
  },
  eval: {
    run: evalCommand,
    summary: 'run fixture cases against the model and write result artifacts',
    help: EVAL_HELP,
  },
  check: {
    run: checkCommand,
    summary: 'the CI gate: results fresh, within thresholds, no regression, lint clean',
    help: CHECK_HELP,
  },
  compare: {
    run: compareCommand,
    summary: 'compare two versions of a prompt (or two models) case by case',
    help: COMPARE_HELP,
  },
  drift: {
    run: driftCommand,
    summary: 'pass rate, cost and latency over time; flag significant changes',
    help: DRIFT_HELP,
  },
  report: {
    run: reportCommand,
    summary: 'write a self-contained HTML page of results, failures, trends and labels',
    help: REPORT_HELP,
  },
  monitor: {
    run: monitorCommand,
    summary: 'production cost, latency, guard fallbacks per prompt version, from OTLP/JSON traces',
    help: MONITOR_HELP,
  },
  capture: {
    run: captureCommand,
    summary: 'sample recorded production inputs from traces into JSONL cases for shadow runs',
    help: CAPTURE_HELP,
  },
  merge: { run: mergeCommand, summary: 'combine the results of a sharded run', help: MERGE_HELP },
  label: {
    run: labelCommand,
    summary: 'point a label (production, staging, …) at a version whose results pass',
    help: LABEL_HELP,
  },
  rollback: {
    run: rollbackCommand,
    summary: 'point a label back at its previous version',
    help: ROLLBACK_HELP,
  },
  shadow: {
    run: shadowCommand,
    summary: 'run a candidate version beside the baseline and report how far it diverges',
    help: SHADOW_HELP,
  },
  show: {
    run: showCommand,
    summary: 'print the prompt text at a label or git revision',
    help: SHOW_HELP,
  },
  providers: {
    run: providersCommand,
    summary:
      'list provider presets and configured endpoints, their key variables and where each setting came from',
    help: PROVIDERS_HELP,
  },
  import: {
    run: importCommand,
    summary:
      'bring a promptfoo config (import promptfoo <config>) or a Prompty file (import prompty <file>) over',
    help: IMPORT_HELP,
  },
  lint: {
    run: lintCommand,
    summary: 'check prompts and fixtures: schema, template, fixtures, PII and secrets',
    help: LINT_HELP,
  },
};

export const HELP = `PromptOps ${version} — develop prompts like code.

Usage: promptops <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Options:
  -h, --help     show help (also: promptops help <command>, promptops <command> --help)
  -v, --version  print the version

Exit codes: 0 success, 1 a check failed, 2 a usage or input error.`;

export async function main(
  argv: string[],
  rawOut: (text: string) => void = lineWriter(process.stdout),
  rawErr: (text: string) => void = lineWriter(process.stderr),
): Promise<number> {
  // Whatever the writers, nothing printed carries a key in use or URL credentials.
  const out = (text: string) => rawOut(scrub(text));
  const err = (text: string) => rawErr(scrub(text));
  const [name, ...rest] = argv;
  const helpOf = name === 'help' ? commandNamed(rest[0]) : undefined;
  if (helpOf) {
    out(helpOf.help);
    return EXIT.ok;
  }
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    out(HELP);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '-v' || name === '--version') {
    out(version);
    return EXIT.ok;
  }
  const command = commandNamed(name);
  if (!command) {
    err(`promptops: unknown command '${name}'. Run 'promptops --help' for the list.`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, out, err);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      err(`promptops ${name}: ${(error as Error).message}`);
      return EXIT.usage;
    }
    err(
      `promptops ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return EXIT.failed;
  }
}

/** The command of that name; never one of Object's own properties (`promptops constructor`). */
function commandNamed(name: string | undefined) {
  return name !== undefined && Object.hasOwn(COMMANDS, name)
    ? COMMANDS[name as CommandName]
    : undefined;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/**
 * Runs the command line of this process and sets its exit code (dist/cli.js calls it, with the
 * build's hash, which names the fixture store's entries: a new build parses afresh).
 */
export function start({ build }: { build?: string } = {}): void {
  if (build) useFixtureStore(userFixtureStore(build));
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`promptops: ${String(error)}\n`);
      process.exitCode = EXIT.failed;
    },
  );
}
