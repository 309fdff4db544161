import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { compareVariant, compareVersions, type Comparison } from '../../core/compare/compare';
import { variantFile, variantsOf } from '../../core/variants/variants';
import { comparisonHtml, comparisonMarkdown } from '../../core/compare/report';
import { parseVersionRef, VersionError } from '../../core/compare/versions';
import { GitError } from '../../core/git/git';
import { posixRelative } from '../../core/fs/paths';
import { EvalConfigError } from '../../core/eval/engine';
import { configEvalSettings } from '../../core/eval/settings';
import { writeFileAtomic } from '../../core/fs/atomic';
import { scrub } from '../../core/secrets/scrub';
import { projectRootFor } from '../../core/project';
import { workspaceConfig } from '../config';
import { cliRegistry } from '../providers';
import { EXIT, UsageError } from '../errors';
import { version } from '../../../package.json';

export const COMPARE_HELP = `Usage: promptops compare <file.prompt> [--a <ref>] [--b <ref>] [--variant <name>] [--model-a <m>] [--model-b <m>] [--replay] [--format md|json|html]

Runs two versions of a prompt (or one prompt with two models) on the same fixture cases and
compares them case by case: pass rate, cases that flipped, an exact McNemar p-value, cost,
tokens, latency, and word-level differences of the outputs. A ref is 'working' (default), a
saved run id (.promptops/runs), or a git revision (HEAD, HEAD~2, main, a commit).
Writes .promptops/comparisons/<prompt>--<a>--<b>.<format> and prints it (md for a pull request).

Options:
  --a <ref>, --b <ref>        the two versions (default: --a HEAD --b working, or both working with two models)
  --variant <name>            compare the prompt with its variant <file>.<name>.prompt (both as on disk)
  --model-a <m>, --model-b <m>  provider/model for a side (default: the prompt's own)
  --replay                    answer only from .promptops/recordings (offline)
  --no-cache                  do not use .promptops/cache
  --format <f>                md (default), json or html`;

export async function compareCommand(argv: string[], out: (text: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      a: { type: 'string' },
      b: { type: 'string' },
      'model-a': { type: 'string' },
      'model-b': { type: 'string' },
      variant: { type: 'string' },
      replay: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
      format: { type: 'string', default: 'md' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(COMPARE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1 || !positionals[0]?.endsWith('.prompt'))
    throw new UsageError('compare takes one .prompt file');
  const format = values.format ?? 'md';
  if (!['md', 'json', 'html'].includes(format))
    throw new UsageError(`--format must be md, json or html, not '${format}'`);
  const promptFile = path.resolve(positionals[0]);
  if (!fs.existsSync(promptFile)) throw new UsageError(`no such file: ${positionals[0]}`);
  const root = projectRootFor(promptFile, process.cwd());
  const relative = posixRelative(root, promptFile);
  const twoModels = Boolean(values['model-a'] || values['model-b']);
  const refA = values.a ?? (twoModels ? 'working' : 'HEAD');
  const refB = values.b ?? 'working';
  const { config, file: configFile } = workspaceConfig(root);
  const evalOptions = {
    root,
    registry: cliRegistry(config, configFile),
    version,
    mode: values.replay ? ('replay' as const) : ('live' as const),
    cache: !values['no-cache'],
    ...configEvalSettings(config),
  };
  if (values.variant !== undefined) {
    if (values.a || values.b)
      throw new UsageError('--variant compares working copies: drop --a/--b');
    const other = variantFile(promptFile, values.variant);
    if (!fs.existsSync(other)) {
      const known = variantsOf(promptFile).map((v) => v.variant);
      throw new UsageError(
        `no variant '${values.variant}': ${path.relative(root, other)} does not exist (variants: ${known.join(', ') || 'none'})`,
      );
    }
    const models: { a?: string; b?: string } = {};
    if (values['model-a']) models.a = values['model-a'];
    if (values['model-b']) models.b = values['model-b'];
    const comparison = await runComparison(() =>
      compareVariant(promptFile, other, models, evalOptions),
    );
    const name = `${relative.replace(/\.prompt$/, '').replace(/\//g, '__')}--base--${values.variant.replace(/[^\w.-]+/g, '_')}.${format}`;
    return writeReport(comparison, format, root, name, out);
  }
  const sides = {
    a: {
      ref: parseVersionRef(refA, root, relative),
      ...(values['model-a'] ? { model: values['model-a'] } : {}),
    },
    b: {
      ref: parseVersionRef(refB, root, relative),
      ...(values['model-b'] ? { model: values['model-b'] } : {}),
    },
  };
  const comparison = await runComparison(() => compareVersions(promptFile, sides, evalOptions));
  const slug = (text: string) => text.replace(/[^\w.-]+/g, '_').slice(0, 40);
  const name = `${relative.replace(/\.prompt$/, '').replace(/\//g, '__')}--${slug(refA + (values['model-a'] ? `@${values['model-a']}` : ''))}--${slug(refB + (values['model-b'] ? `@${values['model-b']}` : ''))}.${format}`;
  return writeReport(comparison, format, root, name, out);
}

async function runComparison(work: () => Promise<Comparison>): Promise<Comparison> {
  try {
    return await work();
  } catch (error) {
    if (
      error instanceof VersionError ||
      error instanceof GitError ||
      error instanceof EvalConfigError
    )
      throw new UsageError(error.message);
    throw error;
  }
}

function writeReport(
  comparison: Comparison,
  format: string,
  root: string,
  name: string,
  out: (text: string) => void,
): number {
  const report =
    format === 'json'
      ? JSON.stringify(comparison, null, 2)
      : format === 'html'
        ? comparisonHtml(comparison)
        : comparisonMarkdown(comparison);
  writeFileAtomic(path.join(root, '.promptops', 'comparisons', name), scrub(report));
  out(report.replace(/\n$/, ''));
  return EXIT.ok;
}
