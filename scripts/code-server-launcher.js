#!/usr/bin/env node
// Stand-in for a VS Code executable, for @vscode/test-electron's `vscodeExecutablePath` where
// VS Code cannot be downloaded: it takes the same arguments, starts a throwaway code-server,
// loads the extension under development and runs the test suite in its Node extension host.
const util = require('node:util');
const { NOISE, startCodeServer, launchBrowser } = require('./lib/code-server');

function parse(argv) {
  const options = { folder: process.cwd() };
  for (const arg of argv) {
    if (arg.startsWith('--extensionDevelopmentPath='))
      options.dev = arg.slice(arg.indexOf('=') + 1);
    else if (arg.startsWith('--extensionTestsPath='))
      options.tests = arg.slice(arg.indexOf('=') + 1);
    else if (!arg.startsWith('--')) options.folder = arg;
  }
  if (!options.dev || !options.tests)
    throw new Error('need --extensionDevelopmentPath= and --extensionTestsPath=');
  return options;
}

async function main() {
  const { dev, tests, folder } = parse(process.argv.slice(2));
  const server = await startCodeServer({
    smokeTestDriver: true,
    trust: process.env.PROMPTOPS_WORKSPACE_TRUST !== 'on',
  });
  const browser = await launchBrowser();
  let code = 1;
  try {
    const host = new URL(server.base).host;
    const remote = (p) => `vscode-remote://${host}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(dev)],
      ['extensionTestsPath', remote(tests)],
    ];
    const url = `${server.base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const exited = new Promise((resolve) => {
      browser.page.exposeFunction('codeAutomationLog', (type, args) => {
        const text = util.format(...(args || []));
        if (!NOISE.test(text) || process.env.VERBOSE) console.log(text);
      });
      browser.page.exposeFunction('codeAutomationExit', (exitCode) => resolve(exitCode));
    });
    if (process.env.VERBOSE)
      browser.page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
    await browser.page.goto(url);
    const timeoutMs = Number(process.env.PROMPTOPS_TEST_TIMEOUT_MS || 600_000);
    code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs)),
    ]);
    if (code === 'timeout') {
      console.error(
        `The test suite did not finish within ${timeoutMs / 1000} s; code-server log: ${server.log}`,
      );
      code = 1;
    }
  } finally {
    await browser.close();
    await server.stop({ keep: code !== 0 });
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`code-server-launcher: ${error.message}`);
    process.exit(1);
  },
);
