import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { compareVersions } from '../../core/compare/compare';
import { comparisonHtml, comparisonMarkdown } from '../../core/compare/report';
import { parseVersionRef, VersionError } from '../../core/compare/versions';
import { EvalConfigError } from '../../core/eval/engine';
import { configEvalSettings } from '../../core/eval/settings';
import { writeFileAtomic } from '../../core/fs/atomic';
import { scrub } from '../../core/secrets/scrub';
import { projectRootFor } from '../../core/project';
import { workspaceConfig } from '../config';
import { cliRegistry } from '../providers';
import { EXIT, UsageError } from '../errors';
import { version } from '../../../package.json';

export const COMPARE_HELP = `Usage: promptops compare <file.prompt> [--a <ref>] [--b <ref>] [--model-a <m>] [--model-b <m>] [--replay] [--format md|json|html]

Runs two versions of a prompt (or one prompt with two models) on the same fixture cases and
compares them case by case: pass rate, cases that flipped, an exact McNemar p-value, cost,
tokens, latency, and word-level differences of the outputs. A ref is 'working' (default), a
saved run id (.promptops/runs), or a git revision (HEAD, HEAD~2, main, a commit).
Writes .promptops/comparisons/<prompt>--<a>--<b>.<format> and prints it (md for a pull request).

Options:
  --a <ref>, --b <ref>        the two versions (default: --a HEAD --b working, or both working with two models)
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
  const relative = path.relative(root, promptFile).split(path.sep).join('/');
  const twoModels = Boolean(values['model-a'] || values['model-b']);
  const refA = values.a ?? (twoModels ? 'working' : 'HEAD');
  const refB = values.b ?? 'working';
  const { config, file: configFile } = workspaceConfig(root);
  let comparison;
  try {
    comparison = await compareVersions(
      promptFile,
      {
        a: {
          ref: parseVersionRef(refA, root, relative),
          ...(values['model-a'] ? { model: values['model-a'] } : {}),
        },
        b: {
          ref: parseVersionRef(refB, root, relative),
          ...(values['model-b'] ? { model: values['model-b'] } : {}),
        },
      },
      {
        root,
        registry: cliRegistry(config, configFile),
        version,
        mode: values.replay ? 'replay' : 'live',
        cache: !values['no-cache'],
        ...configEvalSettings(config),
      },
    );
  } catch (error) {
    if (error instanceof VersionError || error instanceof EvalConfigError)
      throw new UsageError(error.message);
    throw error;
  }
  const report =
    format === 'json'
      ? JSON.stringify(comparison, null, 2)
      : format === 'html'
        ? comparisonHtml(comparison)
        : comparisonMarkdown(comparison);
  const slug = (text: string) => text.replace(/[^\w.-]+/g, '_').slice(0, 40);
  const name = `${relative.replace(/\.prompt$/, '').replace(/\//g, '__')}--${slug(refA + (values['model-a'] ? `@${values['model-a']}` : ''))}--${slug(refB + (values['model-b'] ? `@${values['model-b']}` : ''))}.${format}`;
  writeFileAtomic(path.join(root, '.promptops', 'comparisons', name), scrub(report));
  out(report.replace(/\n$/, ''));
  return EXIT.ok;
}
