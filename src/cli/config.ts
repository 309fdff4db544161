import { ConfigError, findConfigFile, loadConfig, type WorkspaceConfig } from '../core/config';
import { DEFAULTS, type EvalOptions } from '../core/eval/engine';
import { DEFAULT_PRIVACY } from '../core/eval/guard';
import { UsageError } from './errors';

/** promptops.config.yaml (given, or found from `dir` up); a broken one is a usage error, exit 2. */
export function workspaceConfig(dir: string, given?: string): { config: WorkspaceConfig; file?: string } {
  const file = given ?? findConfigFile(dir);
  if (!file) return { config: {} };
  try {
    return { config: loadConfig(file), file };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`config file not found: ${file}`);
    throw error;
  }
}

/** The engine settings promptops.config.yaml gives (`eval:`), with the defaults; flags override them. */
export function engineSettings(config: WorkspaceConfig): Pick<EvalOptions, 'concurrency' | 'timeoutMs' | 'retries' | 'privacy' | 'graderModel' | 'embeddingModel'> {
  return {
    concurrency: config.eval?.concurrency ?? DEFAULTS.concurrency,
    timeoutMs: config.eval?.timeoutMs ?? DEFAULTS.timeoutMs,
    retries: config.eval?.retries ?? DEFAULTS.retries,
    privacy: { ...DEFAULT_PRIVACY, ...config.eval?.privacy },
    ...(config.eval?.graderModel ? { graderModel: config.eval.graderModel } : {}),
    ...(config.eval?.embeddingModel ? { embeddingModel: config.eval.embeddingModel } : {}),
  };
}
