/**
 * The CLI's commands by name. The entry (bin.ts) names a compile cache by the command (one cache
 * per command, src/cli/compile-cache.ts), so it must know them without loading the commands:
 * any other first word (a typo, an option) shares the one cache named `other`. main.ts's table
 * is keyed by this list, so the two cannot drift apart.
 */
export const COMMAND_NAMES = [
  'render',
  'eval',
  'check',
  'compare',
  'drift',
  'report',
  'monitor',
  'capture',
  'merge',
  'label',
  'rollback',
  'shadow',
  'show',
  'providers',
  'import',
  'lint',
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

/** The command's name for its compile cache: a command's own, or `other`. */
export function cacheWord(word: string | undefined): CommandName | 'other' {
  return (COMMAND_NAMES as readonly string[]).includes(word ?? '')
    ? (word as CommandName)
    : 'other';
}
