// The CLI's entry (dist/cli.js): the heap's setting, then the commands' bundle (dist/cli-main.js),
// loaded with the code V8 compiled for it last time (src/cli/compile-cache.ts).
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { cacheWord } from './command-names';
import { loadBundle } from './compile-cache';

// V8 lets the old generation grow to several times what is live before it collects again. A long
// run makes a steady trickle of short-lived garbage (a request's objects), so the heap, and with it
// the process, grew to ~4× its live size: 150+ MB at 10,000 cases where ~20 MB is live. A growth
// factor of 1.3 keeps it to ~120 MB at no measurable cost in time (bench/eval.js). Only the CLI's
// own process: the extension host is VS Code's, not ours to tune. Set before the bundle compiles:
// V8's compiled code carries the flags it was made under, and is refused under others.
setFlagsFromString('--heap-growing-percent=30');

const { exports: commands, build } = loadBundle(
  path.join(__dirname, 'cli-main.js'),
  cacheWord(process.argv[2]),
);
// The build names the CLI's other caches too (parsed fixture files): a new build starts afresh.
(commands as { start(options: { build: string }): void }).start({ build });
