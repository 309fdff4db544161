import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Dotprompt's convention: `recipe.robot.prompt` is variant `robot` of prompt `recipe`
 * (`recipe.prompt` in the same folder). Partials (`_name.prompt`) have no variants.
 */
export interface VariantName {
  /** The base prompt's file, beside the variant. */
  baseFile: string;
  variant: string;
}

const VARIANT_FILE = /^([^._][^.]*)\.([^.]+)\.prompt$/;

export function variantOf(promptFile: string): VariantName | undefined {
  const match = VARIANT_FILE.exec(path.basename(promptFile));
  if (!match?.[1] || !match[2]) return undefined;
  return {
    baseFile: path.join(path.dirname(promptFile), `${match[1]}.prompt`),
    variant: match[2],
  };
}

/** `recipe.robot.prompt` beside `recipe.prompt`: the file of a named variant. */
export function variantFile(baseFile: string, variant: string): string {
  return baseFile.replace(/\.prompt$/, `.${variant}.prompt`);
}

/** The variants of a base prompt that exist beside it, by variant name, sorted. */
export function variantsOf(baseFile: string): { variant: string; file: string }[] {
  const dir = path.dirname(baseFile);
  const name = path.basename(baseFile, '.prompt');
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.startsWith(`${name}.`) && entry !== `${name}.prompt`)
    .map((entry) => ({ entry, parsed: variantOf(path.join(dir, entry)) }))
    .filter(({ parsed }) => parsed?.baseFile === path.join(dir, `${name}.prompt`))
    .map(({ entry, parsed }) => ({ variant: parsed?.variant ?? '', file: path.join(dir, entry) }))
    .sort((a, b) => a.variant.localeCompare(b.variant));
}
