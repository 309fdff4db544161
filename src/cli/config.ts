import { ConfigError, findConfigFile, loadConfig, type WorkspaceConfig } from '../core/config';
import { UsageError } from './errors';

/** promptops.config.yaml (given, or found from `dir` up); a broken one is a usage error, exit 2. */
export function workspaceConfig(
  dir: string,
  given?: string,
): { config: WorkspaceConfig; file?: string } {
  const file = given ?? findConfigFile(dir);
  if (!file) return { config: {} };
  try {
    return { config: loadConfig(file), file };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UsageError(`config file not found: ${file}`);
    throw error;
  }
}
