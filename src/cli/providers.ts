import type { WorkspaceConfig } from '../core/config';
import { describeEndpoint, loadEndpointApprovals } from '../core/providers/endpoints';
import { ModelError, ProviderRegistry } from '../core/providers/registry';
import { UsageError } from './errors';

/**
 * The providers of the repository's config, with keys from the environment and the endpoints the
 * user approved (`--allow-endpoint`, PROMPTOPS_ALLOW_ENDPOINTS, the user's own config file).
 */
export function cliRegistry(
  config: WorkspaceConfig,
  configFile: string | undefined,
  allow: readonly string[] = [],
): ProviderRegistry {
  let approvals;
  try {
    approvals = loadEndpointApprovals(process.env, allow);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return new ProviderRegistry(
    config.providers ?? [],
    { env: process.env },
    { approvals, ...(configFile ? { configFile } : {}) },
  );
}

/**
 * One line per provider saying which host it talks to; a usage error (exit 2, before any request)
 * when a key would go to an endpoint the repository chose and the user has not approved.
 * Unknown providers are left to the run, which names them.
 */
export async function checkEndpoints(
  registry: ProviderRegistry,
  providers: readonly string[],
): Promise<string[]> {
  const lines: string[] = [];
  for (const name of providers) {
    try {
      const problem = await registry.endpointProblem(name);
      if (problem) throw new UsageError(problem);
      lines.push(describeEndpoint(registry.endpoint(name)));
    } catch (error) {
      if (error instanceof ModelError) continue;
      throw error;
    }
  }
  return lines;
}
