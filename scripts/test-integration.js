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
  const workspace = copyWorkspace(path.join(root, 'test', 'fixtures', 'workspace'));
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace],
      extensionTestsEnv: { PROMPTOPS_TEST_WORKSPACE: workspace },
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`integration tests: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
