import { captureCommand, CAPTURE_HELP } from './commands/capture';
import { checkCommand, CHECK_HELP } from './commands/check';
import { compareCommand, COMPARE_HELP } from './commands/compare';
import { driftCommand, DRIFT_HELP } from './commands/drift';
import { evalCommand, EVAL_HELP } from './commands/eval';
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
import { renderCommand, RENDER_HELP } from './commands/render';
import { shadowCommand, SHADOW_HELP } from './commands/shadow';
import { EXIT, UsageError } from './errors';
import { lineWriter } from './terminal';
import { scrub } from '../core/secrets/scrub';
import { setFlagsFromString } from 'node:v8';
import { version } from '../../package.json';

type Command = (
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
) => Promise<number>;

const COMMANDS: Record<string, { run: Command; summary: string; help: string }> = {
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
  if (name === 'help' && rest[0] && COMMANDS[rest[0]]) {
    out(COMMANDS[rest[0]]?.help ?? HELP);
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
  const command = COMMANDS[name];
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

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

if (require.main === module) {
  // V8 lets the old generation grow to several times what is live before it collects again. A long
  // run makes a steady trickle of short-lived garbage (a request's objects), so the heap, and with it
  // the process, grew to ~4× its live size: 150+ MB at 10,000 cases where ~20 MB is live. A growth
  // factor of 1.3 keeps it to ~120 MB at no measurable cost in time (bench/eval.js). Only the CLI's
  // own process: the extension host is VS Code's, not ours to tune.
  setFlagsFromString('--heap-growing-percent=30');
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
