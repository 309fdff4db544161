import type { WorkspaceConfig } from '../config';
import { DEFAULTS, type EvalOptions } from './options';
import { DEFAULT_PRIVACY } from '../privacy/request';

export type ConfigEvalSettings = Pick<
  EvalOptions,
  | 'concurrency'
  | 'timeoutMs'
  | 'retries'
  | 'maxRetryWaitMs'
  | 'privacy'
  | 'graderModel'
  | 'embeddingModel'
  | 'declaredPartials'
  | 'toolDefinitions'
>;

/**
 * What promptops.config.yaml (`eval:`) says about running evals, with the defaults. Flags and
 * editor settings override fields of this; the CLI and the editor both start from it.
 */
export function configEvalSettings(config: WorkspaceConfig): ConfigEvalSettings {
  return {
    concurrency: config.eval?.concurrency ?? DEFAULTS.concurrency,
    timeoutMs: config.eval?.timeoutMs ?? DEFAULTS.timeoutMs,
    retries: config.eval?.retries ?? DEFAULTS.retries,
    maxRetryWaitMs: config.eval?.maxRetryWaitMs ?? DEFAULTS.maxRetryWaitMs,
    privacy: { ...DEFAULT_PRIVACY, ...config.eval?.privacy },
    ...(config.eval?.graderModel ? { graderModel: config.eval.graderModel } : {}),
    ...(config.eval?.embeddingModel ? { embeddingModel: config.eval.embeddingModel } : {}),
    ...(config.lint?.partials ? { declaredPartials: config.lint.partials } : {}),
    ...(config.tools ? { toolDefinitions: config.tools } : {}),
  };
}
