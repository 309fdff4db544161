import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../../core/fs/atomic';
import { groupByProject } from '../../core/project';
import { RegistryError } from '../../core/registry/registry';
import { collectReport, type ReportData } from '../../core/report/collect';
import { reportHtml } from '../../core/report/html';
import { bundledChartScript } from '../../core/report/script';
import { EXIT, UsageError } from '../errors';

export const REPORT_HELP = `Usage: promptops report [paths…] [--out report.html]

Writes one self-contained HTML page for reviewers (nothing fetched, no remote code; every model
output shown as text; the one script is its bundled Chart.js, allowed by hash) from each project's results (.promptops/results), saved runs of other models,
history (.promptops/history.jsonl) and labels (promptops.registry.yaml): a pass/fail matrix of
prompts × cases × models, each failure with expected against actual, cost and latency per
prompt, trends charts with label moves marked, and the label history.
paths: .prompt files or folders (default .); --out default promptops-report.html.`;

/** Several projects in one page: each prompt named from the current folder. */
function combine(parts: { root: string; data: ReportData }[]): ReportData {
  if (parts.length === 1 && parts[0]) return parts[0].data;
  const prefix = (root: string, p: string) => path.relative(process.cwd(), path.join(root, p)) || p;
  return {
    createdAt: parts[0]?.data.createdAt ?? new Date().toISOString(),
    prompts: parts.flatMap(({ root, data }) =>
      data.prompts.map((p) => ({ ...p, path: prefix(root, p.path) })),
    ),
    skipped: parts.flatMap(({ root, data }) =>
      data.skipped.map((s) => ({ ...s, file: prefix(root, s.file) })),
    ),
  };
}

export async function reportCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out(REPORT_HELP);
    return EXIT.ok;
  }
  const targets = positionals.length ? positionals : ['.'];
  for (const t of targets) if (!fs.existsSync(t)) throw new UsageError(`${t} does not exist`);
  const target = path.resolve(values.out ?? 'promptops-report.html');
  if (fs.existsSync(target) && fs.statSync(target).isDirectory())
    throw new UsageError(`--out ${values.out} is a folder; give a file name, e.g. report.html`);
  const parts: { root: string; data: ReportData }[] = [];
  try {
    for (const [root, paths] of groupByProject(targets, process.cwd())) {
      const filters = paths.map((p) => path.resolve(p)).filter((p) => p !== root);
      parts.push({ root, data: collectReport(root, filters) });
    }
  } catch (error) {
    if (error instanceof RegistryError) throw new UsageError(error.message);
    throw error;
  }
  const chartScript = bundledChartScript(__dirname);
  if (chartScript === undefined)
    throw new Error(
      'the chart script dist/report.js is missing beside the CLI: rebuild or reinstall PromptOps',
    );
  const data = combine(parts);
  writeFileAtomic(target, reportHtml(data, chartScript));
  const failing = data.prompts
    .flatMap((p) => p.runs)
    .reduce((n, r) => n + r.summary.failed + r.summary.errors, 0);
  out(
    `wrote ${path.relative(process.cwd(), target) || target}: ${data.prompts.length} prompt${data.prompts.length === 1 ? '' : 's'}, ${failing} failing case${failing === 1 ? '' : 's'}`,
  );
  return EXIT.ok;
}
