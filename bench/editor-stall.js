// The stall figure of issue 19 inside the real editor: a 10,000-case fixture file in a workspace,
// the prompt run from the Test Explorer's path (promptops.run, no cache) against a loopback
// server answering after 50 ms (in another process), and the longest event-loop stall of the
// extension host during each run (perf_hooks, in the extension host), against the same host idle
// for as long. Prints; never fails on time. Needs the real VS Code the integration tests use.
//   npm run build && npm run compile-tests && node bench/editor-stall.js
const path = require('node:path');
const fs = require('node:fs');
const { runTests } = require('@vscode/test-electron');
const { assertInstalled, copyWorkspace } = require('../scripts/lib/code-server');

async function main() {
  const root = path.resolve(__dirname, '..');
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (!vscodeExecutablePath) {
    assertInstalled();
    vscodeExecutablePath = path.join(root, 'scripts', 'code-server-launcher.js');
  }
  const workspace = copyWorkspace(path.join(root, 'test', 'fixtures', 'workspace'));
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'editor-stall-host.js'),
      launchArgs: [workspace],
    });
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`editor stall bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
