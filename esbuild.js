// Bundles: the extension (cjs, vscode external), the CLI (cjs, node shebang), and the webview
// (browser) once src/webview has an entry. Type checking is `tsc --noEmit` (npm run typecheck).
const esbuild = require('esbuild');
const fs = require('node:fs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors the way VS Code's esbuild problem matcher reads them. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'silent',
  plugins: watch ? [problemMatcher] : [],
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // The CLI: a small entry that turns on V8's compile cache (src/cli/compile-cache.ts), then the
  // bundle of the commands, so the bundle's compiled code is reused from one run to the next.
  {
    ...common,
    entryPoints: ['src/cli/bin.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    external: ['./cli-main.js'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli-main.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Run as a vm.Script by dist/cli.js, which gives it no loader for import(): require instead.
    supported: { 'dynamic-import': false },
  },
  // promptops/guard: the output guard for applications (no editor dependency).
  // @opentelemetry/api stays a require: the application's one copy, whose SDK (if any) gets the spans.
  {
    ...common,
    entryPoints: ['src/core/guard/index.ts'],
    outfile: 'dist/guard.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@opentelemetry/api'],
  },
  // promptops: loadPrompt (the labelled version of a prompt) and the guard, for applications.
  {
    ...common,
    entryPoints: ['src/core/runtime.ts'],
    outfile: 'dist/runtime.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@opentelemetry/api'],
  },
  // The tokenizer's 2.7 MB of BPE ranks, loaded by the CLI and the extension only for cost estimates.
  {
    ...common,
    entryPoints: ['src/core/eval/tokenizer.ts'],
    outfile: 'dist/tokenizer.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: false,
  },
];
if (fs.existsSync('src/webview/main.ts')) {
  builds.push({
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

// The trends view's charts: Chart.js bundled in, so the webview loads no remote code.
builds.push({
  ...common,
  entryPoints: ['src/webview/trends.ts'],
  outfile: 'dist/trends.js',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
});

// The report page's charts (promptops report): the same drawing and Chart.js, inlined into the page.
builds.push({
  ...common,
  entryPoints: ['src/webview/report.ts'],
  outfile: 'dist/report.js',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  // Inlined into every report: always small, never a source map comment.
  minify: true,
  sourcemap: false,
});

async function main() {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
