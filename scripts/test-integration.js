// Runs test/integration (a mocha suite) inside a real VS Code. The entry point is
// @vscode/test-electron's runTests; where VS Code cannot be downloaded (no network), its
// executable is our launcher, which runs the same suite in code-server instead.
const path = require('node:path');
const fs = require('node:fs');
const { runTests } = require('@vscode/test-electron');
const { assertInstalled, copyWorkspace } = require('./lib/code-server');

async function main() {
  const root = path.resolve(__dirname, '..');
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (!vscodeExecutablePath) {
    assertInstalled();
    vscodeExecutablePath = path.join(__dirname, 'code-server-launcher.js');
  }
  // Two sessions: the main suite in a trusted folder, then a suite with Workspace Trust on.
  const suites = [
    { tests: path.join(root, 'out', 'test', 'integration', 'index.js'), env: {} },
    {
      tests: path.join(root, 'out', 'test', 'integration', 'untrusted', 'index.js'),
      env: { PROMPTOPS_WORKSPACE_TRUST: 'on' },
    },
  ];
  for (const suite of suites) {
    const workspace = copyWorkspace(path.join(root, 'test', 'fixtures', 'workspace'));
    try {
      const code = await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: root,
        extensionTestsPath: suite.tests,
        launchArgs: [workspace],
        extensionTestsEnv: suite.env,
      });
      if (code !== 0) return code;
    } finally {
      fs.rmSync(workspace, { recursive: true, force: true });
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`integration tests: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
