import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { detectDrift, MIN_BASELINE_RUNS, readHistory } from '../../core/gate/drift';
import { projectRootFor } from '../../core/project';
import { EXIT, UsageError } from '../errors';

export const DRIFT_HELP = `Usage: promptops drift [path] [--window N] [--json]

Reads the .promptops/history.jsonl of the project at path (default .) and reports, per prompt and model, pass rate, cost and latency
over time, flagging the latest run when it differs significantly from the previous N runs
(default 10, at least ${MIN_BASELINE_RUNS}): pass rate by Fisher's exact test (p < 0.05), cost and p95
latency when at least 3 standard deviations and 20% away from the mean.
Exit codes: 0 no drop, 1 a significant drop (pass rate down, or cost or latency up), 2 usage error.`;

export async function driftCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      window: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(DRIFT_HELP);
    return EXIT.ok;
  }
  const window = values.window === undefined ? 10 : Number(values.window);
  if (!Number.isInteger(window) || window < MIN_BASELINE_RUNS)
    throw new UsageError(
      `--window takes a whole number ≥ ${MIN_BASELINE_RUNS}, not '${values.window}'`,
    );
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${positionals[1]}`);
  const root = projectRootFor(positionals[0] ?? '.', process.cwd());
  const file = path.join(root, '.promptops', 'history.jsonl');
  const history = readHistory(file);
  if (history.length === 0)
    throw new UsageError(
      `no run history in ${path.relative(process.cwd(), file) || file}: run promptops eval first`,
    );
  const series = detectDrift(history, window);
  const worse = series.some((s) =>
    s.flags.some((f) =>
      f.metric === 'pass rate' ? f.direction === 'drop' : f.direction === 'rise',
    ),
  );
  if (values.json) {
    out(JSON.stringify({ worse, series }, null, 2));
  } else {
    for (const s of series) {
      const spark = s.runs
        .slice(-20)
        .map((r) => '▁▂▃▄▅▆▇█'[Math.min(7, Math.floor(r.passRate * 7.999))])
        .join('');
      const last = s.runs[s.runs.length - 1];
      out(
        `${s.flags.length ? '!' : ' '} ${s.prompt} (${s.model})  ${spark}  ${s.runs.length} runs, last ${last ? `${Math.round(last.passRate * 100)}% · $${last.costUsd.toFixed(4)} · p95 ${last.p95 === null ? '–' : `${Math.round(last.p95)} ms`}` : '–'}`,
      );
      for (const f of s.flags) out(`    ${f.metric} ${f.direction}: ${f.evidence}`);
    }
  }
  return worse ? EXIT.failed : EXIT.ok;
}
