import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { isCommit } from '../../core/git/git';
import { type Gate } from '../../core/config';
import { escapeXml } from '../../core/eval/junit';
import { writeFileAtomic } from '../../core/fs/atomic';
import { checkPrompts, type Baseline, type GateResult } from '../../core/gate/check';
import { groupByProject } from '../../core/project';
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
  --max-errors <n>             tolerate up to n errored cases (default 0)
  --require-live               fail results answered from recordings (eval --replay)
  --no-lint                    skip the lint step
  --junit <file>               also write JUnit XML
  --json                       print the result as JSON
Thresholds come from gate: in promptops.config.yaml, then a prompt's promptops.gate, then these flags;
with none set, every case must pass and none may error. Results must hold every fixture case
(times its repeats) and a summary that matches them.
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
      'max-errors': { type: 'string' },
      'require-live': { type: 'boolean' },
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
  const cwd = process.cwd();
  const targets = positionals.length ? positionals : ['.'];
  for (const target of targets)
    if (!fs.existsSync(target)) throw new UsageError(`no such file or folder: ${target}`);
  const thresholds = thresholdFlags(values);
  const result: GateResult = { ok: true, prompts: [] };
  for (const [root, group] of groupByProject(targets, cwd)) {
    const { config } = workspaceConfig(root);
    const baseline = values.baseline ? parseBaseline(values.baseline, root) : undefined;
    const part = await checkPrompts(
      group.map((t) => path.resolve(t)),
      {
        root,
        cwd,
        config,
        thresholds,
        lint: !values['no-lint'],
        ...(values['require-live'] ? { requireLive: true } : {}),
        ...(baseline ? { baseline } : {}),
      },
    );
    result.ok &&= part.ok;
    result.prompts.push(...part.prompts);
  }
  if (result.prompts.length === 0)
    throw new UsageError(`no prompts with fixture files under ${targets.join(', ')}`);
  if (values.junit) writeFileAtomic(values.junit, gateJUnit(result));
  if (process.env.GITHUB_STEP_SUMMARY)
    fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, gateMarkdown(result));
  out(values.json ? JSON.stringify(result, null, 2) : gateText(result));
  return result.ok ? EXIT.ok : EXIT.failed;
}

function thresholdFlags(values: Record<string, string | boolean | undefined>): Gate {
  const flag = (name: string) => values[name] as string | undefined;
  const thresholds: Gate = {};
  const set = <K extends keyof Gate>(key: K, value: Gate[K] | undefined) => {
    if (value !== undefined) thresholds[key] = value;
  };
  set('minPassRate', number('min-pass-rate', flag('min-pass-rate'), 1));
  set('maxCostUsd', number('max-cost', flag('max-cost')));
  set('maxP95Ms', number('max-p95-ms', flag('max-p95-ms')));
  set('minCasePassFraction', number('min-case-pass-fraction', flag('min-case-pass-fraction'), 1));
  const maxErrors = number('max-errors', flag('max-errors'));
  if (maxErrors !== undefined && !Number.isInteger(maxErrors))
    throw new UsageError(`--max-errors takes a whole number ≥ 0, not '${flag('max-errors')}'`);
  set('maxErrors', maxErrors);
  return thresholds;
}

/** A folder laid out like .promptops/results, else a git revision; a mistyped ref is an error. */
function parseBaseline(value: string, root: string): Baseline {
  if (fs.existsSync(value) && fs.statSync(value).isDirectory())
    return { kind: 'folder', dir: path.resolve(value) };
  // A mistyped ref must not pass as "nothing to regress from".
  if (!isCommit(root, value))
    throw new UsageError(`--baseline ${value} is neither a folder nor a git revision here`);
  return { kind: 'git', ref: value };
}

export function gateText(result: GateResult): string {
  const lines = result.prompts.map((p) => {
    const head = `${p.ok ? '✓' : '✗'} ${p.prompt}${p.passRate !== undefined ? `  ${Math.round(p.passRate * 100)}% · $${(p.costUsd ?? 0).toFixed(4)}` : ''}${p.mode === 'replay' ? '  (replayed: answers from recordings)' : ''}`;
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
