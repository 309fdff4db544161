import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';

/** Where a provider's endpoint (or the variable its key comes from) was chosen. */
export type EndpointSource = 'built-in' | 'environment' | 'repository';

/** The endpoint a provider talks to, and who chose it. */
export interface Endpoint {
  provider: string;
  baseURL: string;
  /** host[:port], never credentials. */
  host: string;
  source: EndpointSource;
  /** The repository file that set the endpoint or the key variable (promptops.config.yaml). */
  file?: string;
  /** The environment variable the key comes from. */
  keyEnv?: string;
  /** The repository chose the key variable (not the preset's own). */
  keyEnvFromRepository: boolean;
}

/** Endpoints the user (never the repository) approved to receive their keys. */
export interface EndpointApprovals {
  /** URLs (matched by origin), host:port or host names; `*` approves every endpoint. */
  entries: string[];
  /** Where the user's own list lives, for messages. */
  userFile: string;
}

export const ALLOW_ENDPOINTS_ENV = 'PROMPTOPS_ALLOW_ENDPOINTS';

export const NO_APPROVALS: EndpointApprovals = { entries: [], userFile: userConfigPath({}) };

/** The user-level settings file: `$XDG_CONFIG_HOME/promptops/config.yaml`, else `~/.config/promptops/config.yaml`. */
export function userConfigPath(env: Record<string, string | undefined>): string {
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'promptops', 'config.yaml');
}

function readUserList(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const value = (YAML.parse(text) ?? {}) as { allowedEndpoints?: unknown };
  const list = value.allowedEndpoints;
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every((e) => typeof e === 'string'))
    throw new Error(`${file}: allowedEndpoints must be a list of URLs or host names`);
  return list;
}

/** Approvals from flags (`--allow-endpoint`), `PROMPTOPS_ALLOW_ENDPOINTS` (comma or space separated) and the user's file. */
export function loadEndpointApprovals(
  env: Record<string, string | undefined>,
  flags: readonly string[] = [],
): EndpointApprovals {
  const userFile = userConfigPath(env);
  const fromEnv = (env[ALLOW_ENDPOINTS_ENV] ?? '').split(/[\s,]+/).filter(Boolean);
  return { entries: [...flags, ...fromEnv, ...readUserList(userFile)], userFile };
}

/** host[:port] of a URL, without user name or password. */
export function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    return baseURL;
  }
}

function matches(entry: string, url: URL): boolean {
  const trimmed = entry.trim().replace(/\/+$/, '');
  if (trimmed === '*') return true;
  if (trimmed.includes('://')) {
    try {
      return new URL(trimmed).origin === url.origin;
    } catch {
      return false;
    }
  }
  return trimmed.includes(':') ? trimmed === url.host : trimmed === url.hostname;
}

export function isApproved(endpoint: Endpoint, approvals: EndpointApprovals): boolean {
  let url: URL;
  try {
    url = new URL(endpoint.baseURL);
  } catch {
    return false;
  }
  return approvals.entries.some((entry) => matches(entry, url));
}

/** The endpoint may receive a key only with the user's approval: the repository chose it or the key variable. */
export function needsApproval(endpoint: Endpoint): boolean {
  return endpoint.source === 'repository' || endpoint.keyEnvFromRepository;
}

/** Why a key may not go to this endpoint (with how to approve it), or undefined when it may. */
export function approvalProblem(
  endpoint: Endpoint,
  approvals: EndpointApprovals,
): string | undefined {
  if (!needsApproval(endpoint) || isApproved(endpoint, approvals)) return undefined;
  const what =
    endpoint.source === 'repository'
      ? `sets the endpoint of provider '${endpoint.provider}' to ${endpoint.host}`
      : `makes provider '${endpoint.provider}' send $${endpoint.keyEnv} to ${endpoint.host}`;
  return (
    `${endpoint.file ?? 'the repository'} ${what}; your API key is not sent to an endpoint the repository chose ` +
    `until you approve it: pass --allow-endpoint ${endpoint.host}, set ${ALLOW_ENDPOINTS_ENV}=${endpoint.host}, ` +
    `or add it under allowedEndpoints: in ${approvals.userFile}`
  );
}

/** One line per provider for the start of a run: which host it talks to, and who chose it. */
export function describeEndpoint(endpoint: Endpoint): string {
  const by =
    endpoint.source === 'built-in'
      ? 'built in'
      : endpoint.source === 'environment'
        ? 'from the environment'
        : `from ${endpoint.file ? path.basename(endpoint.file) : 'the repository'}`;
  return `${endpoint.provider} → ${endpoint.host} (${by})`;
}
