import { parseArgs } from 'node:util';
import { ProviderRegistry } from '../../core/providers/registry';
import type { ResolvedProvider } from '../../core/providers/presets';
import { workspaceConfig } from '../config';
import { EXIT } from '../errors';

export const PROVIDERS_HELP = `Usage: promptops providers [--json] [--config <file>]

Lists every built-in preset and every provider in promptops.config.yaml: its base URL, the
environment variables it reads the key from and whether each is set (never the value), and
where each setting came from: preset, environment (your shell) or repository (the config file).

Options:
  --json           print the list as JSON
  --config <file>  promptops.config.yaml to use (default: found from the current folder up)
  -h, --help       show this help`;

export async function providersCommand(
  argv: string[],
  out: (text: string) => void,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(PROVIDERS_HELP);
    return EXIT.ok;
  }
  const { config } = workspaceConfig(process.cwd(), values.config);
  const registry = new ProviderRegistry(config.providers ?? [], { env: process.env });
  const providers = registry.names().map((name) => registry.describe(name));
  out(values.json ? JSON.stringify(providers, null, 2) : providersTable(providers));
  return EXIT.ok;
}

function keyCell(p: ResolvedProvider): string {
  if (p.apiKeyEnv.names.length === 0) return p.local ? 'none needed' : 'none';
  const names = p.apiKeyEnv.names.map(
    (n) => `${n} ${p.apiKeyEnv.set.includes(n) ? '(set)' : '(not set)'}`,
  );
  return `${names.join(', ')} [${p.apiKeyEnv.origin}]`;
}

export function providersTable(providers: ResolvedProvider[]): string {
  const rows = providers.map((p) => [
    p.name,
    p.baseURL ? `${p.baseURL.value} [${p.baseURL.origin}]` : '(no baseURL)',
    keyCell(p),
    p.prices.map((x) => `${x.models.length} models [${x.origin}]`).join(', ') ||
      (p.local ? 'free' : '-'),
  ]);
  const header = ['provider', 'base URL', 'key', 'prices'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
