import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { git } from '../../core/compare/versions';
import { type Gate } from '../../core/config';
import { escapeXml } from '../../core/eval/junit';
import { writeFileAtomic } from '../../core/fs/atomic';
import { checkPrompts, type Baseline, type GateResult } from '../../core/gate/check';
import { workspaceConfig } from '../config';
import { EXIT, UsageError } from '../errors';

export const CHECK_HELP = `Usage: promptops check [paths…] [options]

The CI gate, without calling a model: every prompt with fixtures under the paths (default .)
must have a result artifact that is fresh (its hashes match the prompt, fixture and config
files now), valid, within its thresholds, no worse than the baseline, and lint without errors.

Options:
  --baseline <dir|git-ref>     results to compare with: a folder laid out like .promptops/results,
                               or a git ref whose .promptops/results is read (e.g. origin/main)
  --min-pass-rate <0..1>       fail below this pass rate
  --max-cost <usd>             fail above this cost per run
  --max-p95-ms <ms>            fail above this p95 latency
  --min-case-pass-fraction <0..1>  fail a case passing fewer of its repeats
  --no-lint                    skip the lint step
  --junit <file>               also write JUnit XML
  --json                       print the result as JSON
Thresholds come from gate: in promptops.config.yaml, then a prompt's promptops.gate, then these flags.
When $GITHUB_STEP_SUMMARY is set, a Markdown summary is appended to it.
Exit codes: 0 the gate passed, 1 it failed, 2 usage error.`;

function number(name: string, value: string | undefined, max = Infinity): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > max)
    throw new UsageError(
      `--${name} takes a number${max === 1 ? ' from 0 to 1' : ' ≥ 0'}, not '${value}'`,
    );
  return n;
}

export async function checkCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      baseline: { type: 'string' },
      'min-pass-rate': { type: 'string' },
      'max-cost': { type: 'string' },
      'max-p95-ms': { type: 'string' },
      'min-case-pass-fraction': { type: 'string' },
      'no-lint': { type: 'boolean' },
      junit: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(CHECK_HELP);
    return EXIT.ok;
  }
  const root = process.cwd();
  const targets = positionals.length ? positionals : ['.'];
  for (const target of targets)
    if (!fs.existsSync(target)) throw new UsageError(`no such file or folder: ${target}`);
  const thresholds: Gate = {};
  const set = <K extends keyof Gate>(key: K, value: Gate[K] | undefined) => {
    if (value !== undefined) thresholds[key] = value;
  };
  set('minPassRate', number('min-pass-rate', values['min-pass-rate'], 1));
  set('maxCostUsd', number('max-cost', values['max-cost']));
  set('maxP95Ms', number('max-p95-ms', values['max-p95-ms']));
  set('minCasePassFraction', number('min-case-pass-fraction', values['min-case-pass-fraction'], 1));
  const { config, file: configFile } = workspaceConfig(root);
  let baseline: Baseline | undefined;
  if (values.baseline) {
    if (fs.existsSync(values.baseline) && fs.statSync(values.baseline).isDirectory())
      baseline = { kind: 'folder', dir: values.baseline };
    else {
      // A mistyped ref must not pass as "nothing to regress from".
      try {
        git(root, ['rev-parse', '--verify', '--quiet', `${values.baseline}^{commit}`]);
      } catch {
        throw new UsageError(
          `--baseline ${values.baseline} is neither a folder nor a git revision here`,
        );
      }
      baseline = { kind: 'git', ref: values.baseline };
    }
  }
  const result = await checkPrompts(
    targets.map((t) => path.resolve(t)),
    {
      root,
      config,
      thresholds,
      lint: !values['no-lint'],
      ...(configFile ? { configFile } : {}),
      ...(baseline ? { baseline } : {}),
    },
  );
  if (result.prompts.length === 0)
    throw new UsageError(`no prompts with fixture files under ${targets.join(', ')}`);
  if (values.junit) writeFileAtomic(values.junit, gateJUnit(result));
  if (process.env.GITHUB_STEP_SUMMARY)
    fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, gateMarkdown(result));
  out(values.json ? JSON.stringify(result, null, 2) : gateText(result));
  return result.ok ? EXIT.ok : EXIT.failed;
}

export function gateText(result: GateResult): string {
  const lines = result.prompts.map((p) => {
    const head = `${p.ok ? '✓' : '✗'} ${p.prompt}${p.passRate !== undefined ? `  ${Math.round(p.passRate * 100)}% · $${(p.costUsd ?? 0).toFixed(4)}` : ''}`;
    return [head, ...p.problems.map((x) => `    ${x.kind}: ${x.message}`)].join('\n');
  });
  const failed = result.prompts.filter((p) => !p.ok).length;
  lines.push(
    '',
    result.ok
      ? `Gate passed: ${result.prompts.length} prompt${result.prompts.length === 1 ? '' : 's'} checked.`
      : `Gate failed: ${failed} of ${result.prompts.length} prompt${result.prompts.length === 1 ? '' : 's'}.`,
  );
  return lines.join('\n');
}

export function gateMarkdown(result: GateResult): string {
  const rows = result.prompts.map(
    (p) =>
      `| ${p.ok ? '✅' : '❌'} | \`${p.prompt}\` | ${p.passRate === undefined ? '–' : `${Math.round(p.passRate * 100)}%`} | ${p.costUsd === undefined ? '–' : `$${p.costUsd.toFixed(4)}`} | ${p.problems.map((x) => `${x.kind}: ${x.message}`.replace(/\|/g, '\\|')).join('<br>') || '–'} |`,
  );
  return (
    [
      `### PromptOps gate: ${result.ok ? 'passed' : 'failed'}`,
      '',
      '| | prompt | pass rate | cost | problems |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n') + '\n'
  );
}

export function gateJUnit(result: GateResult): string {
  const failed = result.prompts.filter((p) => !p.ok).length;
  const cases = result.prompts.map((p) =>
    p.ok
      ? `    <testcase classname="promptops.check" name="${escapeXml(p.prompt)}"/>`
      : `    <testcase classname="promptops.check" name="${escapeXml(p.prompt)}">\n      <failure message="${escapeXml(p.problems.map((x) => `${x.kind}: ${x.message}`).join('; '))}" type="gate"/>\n    </testcase>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="promptops check" tests="${result.prompts.length}" failures="${failed}">`,
    `  <testsuite name="promptops check" tests="${result.prompts.length}" failures="${failed}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
