import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../../core/fs/atomic';
import { captureInputs } from '../../core/monitor/capture';
import { projectRootFor } from '../../core/project';
import { promptKey } from '../../core/registry/registry';
import { EXIT, UsageError } from '../errors';
import { tracesFrom } from './monitor';

export const CAPTURE_HELP = `Usage: promptops capture <traces…> --prompt <file.prompt> --sample N --out <file.jsonl> [--seed S] [--label L] [--version REV]

Samples the production inputs recorded in OTLP/JSON traces (only where the application opted in
to recording content: telemetry.recordContent) into a JSONL of cases ({ "id", "input" } a line)
for promptops shadow --inputs or a .fixtures.jsonl. Inputs are redacted again and deduplicated;
the sample is random but reproducible: the same seed and traces give the same cases.
  --prompt <file>   the prompt (its path from the workspace root is promptops.prompt on the spans)
  --sample <N>      how many distinct inputs to keep
  --out <file>      the JSONL to write (atomically)
  --seed <S>        seed of the sample (default 1)
  --label <L>       only generations served under this label
  --version <REV>   only generations of this commit (a prefix is enough)
Exit codes: 0 written, 1 no recorded inputs to sample, 2 usage or input error.`;

export async function captureCommand(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      prompt: { type: 'string' },
      sample: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      label: { type: 'string' },
      version: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(CAPTURE_HELP);
    return EXIT.ok;
  }
  if (!values.prompt) throw new UsageError('--prompt <file.prompt> is required');
  if (!values.out) throw new UsageError('--out <file.jsonl> is required');
  const sample = Number(values.sample);
  if (values.sample === undefined || !Number.isInteger(sample) || sample < 1)
    throw new UsageError(`--sample takes a whole number ≥ 1, not '${values.sample ?? ''}'`);
  if (!values.prompt.endsWith('.prompt') || !fs.existsSync(values.prompt))
    throw new UsageError(`no .prompt file ${values.prompt}`);
  const { records } = tracesFrom(positionals);
  // The key loadPrompt puts on spans: the prompt's path from its project (where the labels live).
  const key = promptKey(projectRootFor(values.prompt, process.cwd()), values.prompt);
  const result = captureInputs(records, {
    prompt: key,
    sample,
    seed: values.seed ?? '1',
    ...(values.label !== undefined ? { label: values.label } : {}),
    ...(values.version !== undefined ? { version: values.version } : {}),
  });
  if (result.cases.length === 0) {
    err(
      `promptops capture: ${result.generations} generations of ${key} in the traces, none with a recorded input (record them with loadPrompt(…, { telemetry: { recordContent: true } }))`,
    );
    return EXIT.failed;
  }
  writeFileAtomic(values.out, result.cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
  out(
    `${values.out}: ${result.cases.length} of ${result.distinct} distinct inputs (${result.withInput} recorded in ${result.generations} generations of ${key}), seed ${values.seed ?? '1'}`,
  );
  return EXIT.ok;
}
