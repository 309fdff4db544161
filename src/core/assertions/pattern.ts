import { RE2JS } from 're2js';

/** A compiled fixture pattern: matched in time linear in the text, whatever the pattern. */
export interface Pattern {
  test(text: string): boolean;
}

const FLAGS: Record<string, number> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
};

/**
 * Compiles a pattern from a fixture (written by whoever wrote the repository, matched against
 * text a model chose) with RE2 (re2js): no backtracking, so `(A+)+$` against a long answer
 * cannot hang a run. RE2 has no lookaround or backreferences; such a pattern is an invalid one.
 * JavaScript flags `i`, `m`, `s` map to RE2's; `g`, `u`, `y` change nothing for a test.
 */
export function compilePattern(pattern: string, flags = ''): Pattern {
  let bits = 0;
  for (const flag of flags) {
    if (flag in FLAGS) bits |= FLAGS[flag] ?? 0;
    else if (!'guy'.includes(flag))
      throw new Error(`Invalid regular expression: unknown flag '${flag}'`);
  }
  try {
    const compiled = RE2JS.compile(pattern, bits);
    return { test: (text) => compiled.test(text) };
  } catch (error) {
    throw new Error(
      `Invalid regular expression: ${(error as Error).message.replace(/^error parsing regexp: /, '')}` +
        (/Perl syntax|escape sequence: `\\\d/.test((error as Error).message)
          ? ' (patterns run on RE2, which has no lookaround or backreferences)'
          : ''),
      { cause: error },
    );
  }
}
